// 承办单位办件情况表 (seed 003's annex): for a date range, the children of a unit (the platform root
// by default) in two tables, 表一 the departments, enterprises and committees (县直/市直单位) and
// 表二 the districts, streets and towns (乡镇区 / 县区), each row 承办量, 办结量, 超期30天以上工单数
// and 督办次数, the total row 合计 first, summed from the rows; every child is listed, with zeros
// when it had nothing (关庄乡 0 0 0 0). Above the tables, a short body like seed 003 §一.
//
// Figures: two computeStats calls (by unit grouped at the parent's children; by type group).
import type { Db } from '../../db/connection.js';
import { localDate } from '../../domain/calendar/index.js';
import type { StatsRow } from '../../services/stats/types.js';
import type { Block, Cell, ReportDocument, TableBlock } from '../document.js';
import { chineseDate, chineseRange, count, countList, percent, share } from './format.js';
import { childUnits, keyOf, num, parentUnit, rate, stats, type ChildUnit, type Doer, type ParentUnit } from './source.js';

export interface UnitsReportOptions {
  /** First and last day (YYYY-MM-DD, Asia/Shanghai), inclusive. */
  from: string;
  to: string;
  /** Whose children the tables list (default: the platform root; a user below it: their own unit). */
  parentUnitId?: number;
  /** Title of the document (default 承办单位办件情况). */
  title?: string;
  /** The parenthesised names of the two tables (default: see tableLabels). */
  labels?: [string, string];
}

/** Kinds that go to 表二: the territorial units (districts, streets and towns, communities). */
const TERRITORIAL = new Set(['district', 'street', 'community', 'grid']);

/**
 * The tables' names: under a parent with districts (a city) 市直单位 / 县区; otherwise (a county
 * like seed 003's, or a district) 县直单位 / 乡镇区.
 */
export function tableLabels(children: readonly ChildUnit[]): [string, string] {
  return children.some((c) => c.kind === 'district') ? ['市直单位', '县区'] : ['县直单位', '乡镇区'];
}

export const UNIT_TABLE_COLUMNS: TableBlock['columns'] = [
  { title: '序号', format: 'integer', width: 6 },
  { title: '单位', format: 'text', width: 24 },
  { title: '承办量', format: 'integer', width: 10 },
  { title: '办结量', format: 'integer', width: 10 },
  { title: '超期30天以上工单数', format: 'integer', width: 16 },
  { title: '督办次数', format: 'integer', width: 10 },
];

export const UNIT_FIGURES = ['handled', 'handledClosed', 'overdue30', 'supervisions'] as const;

/** The date a table is "截止于": the period's last day, or today if the period is not over. */
export const asOfDate = (to: string, now: Date): string => {
  const today = localDate(now);
  return to < today ? to : today;
};

/** One table of the annex: a row per unit in tree order, the total summed from those rows. */
export function unitTable(title: string, units: readonly ChildUnit[], byUnit: ReadonlyMap<string, StatsRow>, asOf: string): TableBlock {
  const rows: Cell[][] = [];
  const sums = [0, 0, 0, 0];
  for (const unit of units) {
    const row = byUnit.get(String(unit.id));
    const values = UNIT_FIGURES.map((k) => num(row, k));
    // An inactive unit is listed only when it still has figures in the period.
    if (!unit.active && values.every((v) => v === 0)) continue;
    values.forEach((v, i) => { sums[i]! += v; });
    rows.push([rows.length + 1, unit.label, ...values]);
  }
  return {
    kind: 'table', title, columns: UNIT_TABLE_COLUMNS, rows,
    total: ['', '合计', ...sums], totalFirst: true, unitNote: '单位：件',
    note: `备注：此表统计截止于${chineseDate(asOf)}，以交办量为统计口径。`,
  };
}

/** 表一 and 表二 from the children and the by-unit rows. */
export function unitTables(children: readonly ChildUnit[], byUnit: ReadonlyMap<string, StatsRow>, asOf: string, labels = tableLabels(children)): [TableBlock, TableBlock] {
  const one = children.filter((c) => !TERRITORIAL.has(c.kind));
  const two = children.filter((c) => TERRITORIAL.has(c.kind));
  return [
    unitTable(`承办单位办件情况表一（${labels[0]}）`, one, byUnit, asOf),
    unitTable(`承办单位办件情况表二（${labels[1]}）`, two, byUnit, asOf),
  ];
}

/** The by-unit rows of a stats result, keyed by unit id. */
export const rowsByKey = (rows: readonly StatsRow[], dimension: 'unit' | 'district' = 'unit'): Map<string, StatsRow> =>
  new Map(rows.map((r) => [keyOf(r, dimension).key, r]));

/** The unit filter for a parent below the root: its subtree's handling units only. */
export const subtreeFilter = (parent: ParentUnit) => (parent.isRoot ? undefined : { unitIds: [parent.id], subtree: true });

/** The figures behind the annex, in two computeStats calls. */
export async function unitFigures(db: Db, doer: Doer, period: { from: string; to: string }, parent: ParentUnit, now: Date) {
  const filters = subtreeFilter(parent);
  const [byUnit, byGroup] = await Promise.all([
    stats(db, doer, { from: period.from, to: period.to, by: ['unit'], unitParentId: parent.id, figures: [...UNIT_FIGURES, 'handledClosureRate'], filters }, now),
    stats(db, doer, { from: period.from, to: period.to, by: ['typeGroup'], figures: ['handled'], filters }, now),
  ]);
  return { byUnit, byGroup };
}

export async function unitsReport(db: Db, doer: Doer, options: UnitsReportOptions, now: Date): Promise<ReportDocument> {
  const parent = await parentUnit(db, doer, options.parentUnitId);
  const [children, { byUnit, byGroup }] = await Promise.all([
    childUnits(db, doer.platformId, parent.id),
    unitFigures(db, doer, options, parent, now),
  ]);
  const asOf = asOfDate(options.to, now);
  const keyed = rowsByKey(byUnit.rows);
  const tables = unitTables(children, keyed, asOf, options.labels ?? tableLabels(children));
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '一、热线承办情况' },
    ...unitsBody(options, byUnit.total, byGroup.rows, children, keyed).map((text): Block => ({ kind: 'paragraph', text })),
    { kind: 'heading', level: 1, text: '附件' },
    ...tables,
  ];
  return {
    title: options.title ?? '承办单位办件情况',
    kind: 'units',
    period: { from: options.from, to: options.to },
    generatedAt: now.toISOString(),
    blocks,
  };
}

/** How many of the busiest units the body names from each table (seed 003: 4 departments, 3 towns). */
const BUSIEST = [4, 3] as const;

/**
 * Seed 003 §一: "{range}共承办574件。其中，咨询类3件，…。目前，已办结366件，办结率为64.3%，正在办理208件，…"
 * then the busiest units and the share of 超期30天以上 in what they handled.
 * The body counts every ticket handled in the subtree (the parent's own too); the tables list its children.
 */
export function unitsBody(period: { from: string; to: string }, total: StatsRow, groups: readonly StatsRow[],
  children: readonly ChildUnit[], keyed: ReadonlyMap<string, StatsRow>): string[] {
  const handled = num(total, 'handled');
  const closed = num(total, 'handledClosed');
  const open = handled - closed;
  const overdue = num(total, 'overdue30');
  const byGroup = groups.filter((g) => num(g, 'handled') > 0).map((g) => `${keyOf(g, 'typeGroup').label}${count(num(g, 'handled'))}件`);
  const first = `${chineseRange(period.from, period.to)}共承办群众诉求${count(handled)}件。`
    + (byGroup.length ? `其中，${byGroup.join('，')}。` : '')
    + (handled > 0 ? `目前，已办结${count(closed)}件，办结率为${percent(rate(total, 'handledClosureRate'))}，正在办理${count(open)}件；超期30天以上的工单${count(overdue)}件。` : '');
  const paragraphs = [first];
  if (handled === 0) return paragraphs;
  const parts = [children.filter((c) => !TERRITORIAL.has(c.kind)), children.filter((c) => TERRITORIAL.has(c.kind))];
  const busiest = parts.map((units, i) => {
    return units.map((u) => ({ label: u.label, count: num(keyed.get(String(u.id)), 'handled') }))
      .filter((u) => u.count > 0).sort((a, b) => b.count - a.count).slice(0, BUSIEST[i] ?? 3);
  }).flat();
  if (busiest.length) paragraphs.push(`从承办量来看，承办任务较多的单位有${countList(busiest).replaceAll('、', '，')}。（具体情况见附表）`);
  // 超期30天以上 (docs/figures.md overdue30) counts the handling units' tickets still open more than 30 days
  // past their deadline and those answered more than 30 days late, so it is a share of 承办量, not of
  // the open ones (seed 003's "占正在办理的38.8%" needs the open part alone, which the figures do not give apart).
  const overdueShare = share(overdue, handled);
  paragraphs.push(`从承办时限来看，转办至各单位办理的工单中，超期30天以上的共${count(overdue)}件`
    + (overdueShare === null ? '。' : `，占承办量的${percent(overdueShare)}。`) + '（具体情况见附表）');
  return paragraphs;
}
