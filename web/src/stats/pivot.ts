// The statistics table as rows × column groups. One dimension: a row per group, a column per figure.
// Two: the first dimension's groups are the rows, the second's become column groups (a figure per
// column inside each), with a 合计 group per row and a total row. No figure is computed here: the
// row and column totals are the service's own answers to the one-dimension queries (a rate's total
// is never the sum or mean of its cells), passed in as `rowTotals` and `colTotals`.
import type { FigureKey, GroupKey, StatsResult, StatsRow } from '../../../src/services/stats/types';

export interface PivotColumn {
  /** The second dimension's group, or null for the single-dimension table / the 合计 group. */
  key: GroupKey | null;
  label: string;
}

export interface PivotRow {
  id: string;
  /** The first dimension's group; null for the total row and the no-dimension table. */
  key: GroupKey | null;
  label: string;
  /** Per column group (index as `columns`), the figures of that cell; undefined: no tickets there. */
  cells: (StatsRow | undefined)[];
  total: boolean;
}

export interface Pivot {
  columns: PivotColumn[];
  rows: PivotRow[];
  figures: FigureKey[];
  /** The cells' keys, for the drill-down: row key + column key. */
  keysOf: (row: PivotRow, col: number) => GroupKey[];
}

const keyId = (k: GroupKey) => `${k.dimension}:${k.key}`;

/**
 * `main` is the answer for `by` (0, 1 or 2 dimensions). With two, `rowTotals` is the answer for the
 * first dimension alone and `colTotals` for the second alone (both optional while they load).
 */
export function buildPivot(main: StatsResult, rowTotals?: StatsResult, colTotals?: StatsResult): Pivot {
  const figures = main.figures;
  if (main.by.length < 2) {
    // No dimension: one row, the whole filtered population.
    const rows: PivotRow[] = main.by.length === 0
      ? [{ id: 'all', key: null, label: '全部', cells: [main.total], total: false }]
      : [
        ...main.rows.map((r) => ({ id: keyId(r.keys[0]!), key: r.keys[0]!, label: r.keys[0]!.label, cells: [r], total: false })),
        { id: 'total', key: null, label: '合计', cells: [main.total], total: true },
      ];
    return {
      columns: [{ key: null, label: '' }],
      rows,
      figures,
      keysOf: (row) => (row.key ? [row.key] : []),
    };
  }

  // Column groups in the order the service gives the second dimension (its own order: biggest
  // first, or catalogue / date order), taken from the one-dimension answer when it is there.
  const colKeys: GroupKey[] = [];
  const seenCols = new Set<string>();
  const addCol = (k: GroupKey | undefined) => {
    if (k && !seenCols.has(keyId(k))) {
      seenCols.add(keyId(k));
      colKeys.push(k);
    }
  };
  for (const r of colTotals?.rows ?? []) addCol(r.keys[0]);
  for (const r of main.rows) addCol(r.keys[1]);
  const colIndex = new Map(colKeys.map((k, i) => [keyId(k), i]));

  const rowOrder: GroupKey[] = [];
  const seenRows = new Set<string>();
  const addRow = (k: GroupKey | undefined) => {
    if (k && !seenRows.has(keyId(k))) {
      seenRows.add(keyId(k));
      rowOrder.push(k);
    }
  };
  for (const r of rowTotals?.rows ?? []) addRow(r.keys[0]);
  for (const r of main.rows) addRow(r.keys[0]);

  const cells = new Map<string, (StatsRow | undefined)[]>();
  for (const k of rowOrder) cells.set(keyId(k), new Array<StatsRow | undefined>(colKeys.length + 1));
  for (const r of main.rows) {
    const [a, b] = r.keys;
    if (!a || !b) continue;
    cells.get(keyId(a))![colIndex.get(keyId(b))!] = r;
  }
  for (const r of rowTotals?.rows ?? []) {
    const a = r.keys[0];
    if (a) cells.get(keyId(a))![colKeys.length] = r;
  }
  const totalCells = new Array<StatsRow | undefined>(colKeys.length + 1);
  for (const r of colTotals?.rows ?? []) {
    const b = r.keys[0];
    if (b) totalCells[colIndex.get(keyId(b))!] = r;
  }
  totalCells[colKeys.length] = main.total;

  const rows: PivotRow[] = rowOrder.map((k) => ({ id: keyId(k), key: k, label: k.label, cells: cells.get(keyId(k))!, total: false }));
  rows.push({ id: 'total', key: null, label: '合计', cells: totalCells, total: true });
  const columns: PivotColumn[] = [...colKeys.map((k) => ({ key: k, label: k.label })), { key: null, label: '合计' }];
  return {
    columns,
    rows,
    figures,
    keysOf: (row, col) => [...(row.key ? [row.key] : []), ...(columns[col]?.key ? [columns[col]!.key!] : [])],
  };
}
