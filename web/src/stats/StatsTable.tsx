// The statistics table: rows × (column groups ×) figures, the header and the 合计 row kept in view
// while scrolling, each value with its change (同比 or 环比) under it, and every cell a button that
// opens the tickets behind it (Tab to a cell, Enter opens).
import type { KeyboardEvent } from 'react';
import { Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { FigureKey, FigureValue, GroupKey, StatsRow } from '../../../src/services/stats/types';
import { FIGURE_HINTS, FIGURE_LABELS, changeColor, formatChange, formatValue, isRate } from './labels';
import type { Pivot, PivotRow } from './pivot';
import type { Compare } from './query';

interface Props {
  pivot: Pivot;
  compare: Compare;
  loading: boolean;
  /** The dimension names of the row header (e.g. 区县 × 诉求类型). */
  rowTitle: string;
  onOpen: (keys: GroupKey[], figure: FigureKey, label: string) => void;
  /** The table's height before it scrolls inside itself. */
  height: number;
}

export function ChangeLine({ figure, value, compare }: { figure: FigureKey; value: FigureValue | undefined; compare: Compare }) {
  if (compare === 'none' || !value) return null;
  const change = compare === 'lastYear' ? value.changeLastYear : value.changePrevious;
  const then = compare === 'lastYear' ? value.lastYear : value.previous;
  const color = changeColor(figure, change);
  const arrow = change === null || change === undefined || change === 0 ? null : change > 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />;
  return (
    <Tooltip title={`${compare === 'lastYear' ? '去年同期' : '上期'}：${formatValue(figure, then)}`}>
      <div className="ms-stats-change" style={{ color }} data-testid="change">
        {arrow} {formatChange(figure, change)}
      </div>
    </Tooltip>
  );
}

function Cell({ row, cell, figure, compare, keys, onOpen, label, testId }: {
  row: PivotRow; cell: StatsRow | undefined; figure: FigureKey; compare: Compare; keys: GroupKey[];
  onOpen: Props['onOpen']; label: string; testId: string;
}) {
  const value = cell?.figures[figure];
  // No group at all there: no tickets, so a count of 0 and a rate undefined (—).
  const text = formatValue(figure, cell ? value?.value : isRate(figure) ? null : 0);
  const open = () => onOpen(keys, figure, label);
  const keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  return (
    <div
      className={`ms-stats-cell${row.total ? ' ms-stats-cell-total' : ''}`}
      role="button"
      tabIndex={0}
      onClick={open}
      onKeyDown={keyDown}
      data-testid={testId}
      data-value={value?.value ?? ''}
      aria-label={`${label} ${FIGURE_LABELS[figure]} ${text}，查看工单`}
    >
      <div className="ms-stats-value">{text}</div>
      <ChangeLine figure={figure} value={value} compare={compare} />
    </div>
  );
}

export function StatsTable({ pivot, compare, loading, rowTitle, onOpen, height }: Props) {
  const single = pivot.columns.length === 1 && pivot.columns[0]!.key === null;
  const figureColumn = (col: number, figure: FigureKey): TableColumnsType<PivotRow>[number] => ({
    title: FIGURE_HINTS[figure] ? <Tooltip title={FIGURE_HINTS[figure]}>{FIGURE_LABELS[figure]}</Tooltip> : FIGURE_LABELS[figure],
    key: `${col}:${figure}`,
    align: 'right',
    width: Math.max(88, FIGURE_LABELS[figure].length * 14 + 28),
    onCell: () => ({ className: 'ms-stats-td' }),
    render: (_: unknown, row: PivotRow) => {
      const colLabel = pivot.columns[col]?.key ? ` · ${pivot.columns[col]!.label}` : '';
      return (
        <Cell
          row={row}
          cell={row.cells[col]}
          figure={figure}
          compare={compare}
          keys={pivot.keysOf(row, col)}
          onOpen={onOpen}
          label={`${row.label}${colLabel}`}
          testId={`cell-${row.id}-${col}-${figure}`}
        />
      );
    },
  });
  const columns: TableColumnsType<PivotRow> = [
    {
      title: rowTitle, key: 'label', dataIndex: 'label', fixed: 'left', width: 160, ellipsis: true,
      render: (label: string, row) => (row.total ? <b>{label}</b> : label),
    },
    ...(single
      ? pivot.figures.map((f) => figureColumn(0, f))
      : pivot.columns.map((c, i) => ({
        title: c.label,
        key: `group-${i}`,
        className: c.key ? 'ms-stats-group' : 'ms-stats-group ms-stats-group-total',
        children: pivot.figures.map((f) => figureColumn(i, f)),
      }))),
  ];
  const body = pivot.rows.filter((r) => !r.total);
  const total = pivot.rows.find((r) => r.total);
  return (
    <Table<PivotRow>
      size="small"
      bordered
      data-testid="stats-table"
      className="ms-stats-table"
      rowKey="id"
      columns={columns}
      dataSource={body}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content', y: height }}
      sticky
      locale={{ emptyText: '该期间没有数据' }}
      summary={() => (total ? (
        <Table.Summary fixed="bottom">
          <Table.Summary.Row className="ms-stats-total" data-testid="stats-total">
            <Table.Summary.Cell index={0}><b>{total.label}</b></Table.Summary.Cell>
            {pivot.columns.flatMap((_, col) => pivot.figures.map((f, j) => (
              <Table.Summary.Cell key={`${col}:${f}`} index={1 + col * pivot.figures.length + j} align="right">
                <Cell row={total} cell={total.cells[col]} figure={f} compare={compare} keys={pivot.keysOf(total, col)} onOpen={onOpen}
                  label={pivot.columns[col]?.key ? `合计 · ${pivot.columns[col]!.label}` : '合计'} testId={`cell-total-${col}-${f}`} />
              </Table.Summary.Cell>
            )))}
          </Table.Summary.Row>
        </Table.Summary>
      ) : null)}
    />
  );
}
