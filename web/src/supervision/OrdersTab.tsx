// 督办单: every supervision order in scope, newest first, by state and unit: the ticket, the unit,
// the level, the reason, the countdown to the unit's answer, the answer and the result. A row shows
// its ticket beside the list, where the order is closed (督办 → 结束督办) or the unit urged.
import { useMemo, useState } from 'react';
import { Card, Empty, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import type { UnitNode } from '../labels';
import { indexTree } from '../tree';
import { LinkButton } from '../components/LinkButton';
import { LoadError } from '../components/LoadError';
import { Deadline } from '../tickets/Deadline';
import { TicketPanel } from '../tickets/detail/TicketPanel';
import type { ActionName } from '../tickets/types';
import { supervisionApi } from './api';
import { UnitAndTextFilter } from './UnitAndTextFilter';
import type { OrderState, SupervisionOrderView } from './api';

type StateFilter = OrderState | 'all';

const STATE_COLORS: Record<OrderState, string> = { open: 'purple', answered: 'blue', closed: 'default' };
const LEVEL_COLORS: Record<string, string> = { system: 'geekblue', oa: 'cyan', inspector: 'orange', leader: 'red' };

/** `reloadKey`: the page's live refresh (one event stream for the page, not one per tab). */
export function OrdersTab({ reloadKey, onChanged, tree }: { reloadKey?: unknown; onChanged?: () => void; tree: UnitNode[] | undefined }) {
  const index = useMemo(() => indexTree(tree ?? []), [tree]);
  const pathOf = (id: number) => (index.get(String(id))?.ancestors.slice(1) ?? []).map((u) => u.shortName || u.name).concat(index.get(String(id))?.node.name ?? []).join(' / ');
  const [state, setState] = useState<StateFilter>('all');
  const [unitId, setUnitId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<SupervisionOrderView | null>(null);
  const [openAction, setOpenAction] = useState<{ action: ActionName; at: number; id: number } | null>(null);
  const [tick, setTick] = useState(0);
  const orders = useLoad(
    (signal) => supervisionApi.orders({ state: state === 'all' ? undefined : state, unitId, q: q || undefined, page, pageSize }, signal),
    [state, unitId, q, page, pageSize, reloadKey, tick],
  );
  const counts = orders.data?.counts;
  const all = counts ? counts.open + counts.answered + counts.closed : undefined;
  const label = (text: string, n: number | undefined) => (n === undefined ? text : `${text} ${n}`);

  /** Opens the ticket's 督办 form (to close an answered order, or open another). */
  const close = (o: SupervisionOrderView) => {
    setSelected(o);
    setOpenAction({ action: 'supervise', at: Date.now(), id: o.ticketId });
  };

  return (
    <div className={selected ? 'ms-sv-split' : undefined}>
      <Card size="small" data-testid="orders">
        <Space wrap size={[12, 8]} className="ms-sv-filters">
          <Segmented<StateFilter>
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={[
              { label: label('全部', all), value: 'all' },
              { label: label('督办中', counts?.open), value: 'open' },
              { label: label('已答复', counts?.answered), value: 'answered' },
              { label: label('已结束', counts?.closed), value: 'closed' },
            ]}
            aria-label="按督办单状态筛选"
            data-testid="order-state"
          />
          <UnitAndTextFilter
            tree={tree}
            unitId={unitId}
            onUnit={(v) => {
              setUnitId(v);
              setPage(1);
            }}
            onText={(v) => {
              setQ(v);
              setPage(1);
            }}
            unitPlaceholder="全部被督办单位"
            unitLabel="按被督办单位筛选"
            textPlaceholder="工单编号"
            textLabel="按工单编号查找督办单"
            textWidth={200}
          />
        </Space>
        {orders.error && !orders.data ? (
          <LoadError error={orders.error} onRetry={orders.reload} />
        ) : (
          <Table<SupervisionOrderView>
            size="small"
            rowKey="id"
            data-testid="order-table"
            loading={orders.loading}
            dataSource={orders.data?.items ?? []}
            rowClassName={(o) => (o.id === selected?.id ? 'ms-row-selected ms-sv-row' : 'ms-sv-row')}
            onRow={(o) => ({
              onClick: (e) => {
                if ((e.target as HTMLElement).closest('a, button')) return;
                setSelected(o);
                setOpenAction(null);
              },
              onKeyDown: (e) => {
                if (e.key === 'Enter' && e.target === e.currentTarget) {
                  setSelected(o);
                  setOpenAction(null);
                }
              },
              tabIndex: 0,
              'data-order-id': o.id,
              'data-number': o.ticketNumber,
            }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的督办单" /> }}
            pagination={{
              current: page, pageSize, total: orders.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
              showTotal: (n) => `共 ${n} 张`,
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
            tableLayout="fixed"
            columns={[
              {
                title: '工单编号', dataIndex: 'ticketNumber', width: 128,
                render: (n: string, o) => (
                  <Tooltip title={o.ticketTitle} placement="topLeft">
                    <a href={`/tickets/${o.ticketId}`} onClick={(e) => { e.preventDefault(); setSelected(o); setOpenAction(null); }}>{n}</a>
                  </Tooltip>
                ),
              },
              {
                title: '被督办单位', dataIndex: 'unitName', width: 140, ellipsis: { showTitle: false },
                render: (name: string, o) => <Tooltip title={pathOf(o.unitId) || name} placement="topLeft"><span>{name}</span></Tooltip>,
              },
              { title: '督办级别', dataIndex: 'levelLabel', width: 118, render: (l: string, o) => <Tag color={LEVEL_COLORS[o.level] ?? 'default'}>{l}</Tag> },
              {
                title: '督办事由', dataIndex: 'reason', ellipsis: { showTitle: false },
                render: (r: string, o) => (
                  <Tooltip title={r} placement="topLeft">
                    <span className="ms-cell-stack">
                      <span className="ms-sv-ellipsis">{r}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.openedByName ?? '系统'} 发起于 {formatDateTime(o.openedAt)}</Typography.Text>
                    </span>
                  </Tooltip>
                ),
              },
              {
                title: '答复期限', dataIndex: 'deadline', width: 128,
                render: (_: string, o) => <Deadline deadline={o.deadline} doneAt={o.answeredAt ?? o.closedAt} label="答复期限" />,
              },
              {
                title: '状态', dataIndex: 'stateLabel', width: 92,
                render: (l: string, o) => (
                  <span className="ms-cell-stack">
                    <Tag color={STATE_COLORS[o.state]}>{l}</Tag>
                    {o.late ? <Tag color="red">逾期未答复</Tag> : null}
                  </span>
                ),
              },
              {
                title: '单位答复 / 督办结果', key: 'answer', width: 230, ellipsis: { showTitle: false },
                render: (_: unknown, o) => (
                  <Tooltip
                    placement="topLeft"
                    title={o.answer || o.result ? <>{o.answer ? <div>答复：{o.answer}（{formatDateTime(o.answeredAt)}）</div> : null}{o.result ? <div>结果：{o.result}</div> : null}</> : null}
                  >
                    <span className="ms-cell-stack">
                      {o.answer ? <span className="ms-sv-ellipsis">{o.answer}</span> : <span className="ms-muted">未答复</span>}
                      {o.result ? <Typography.Text type="secondary" className="ms-sv-ellipsis" style={{ fontSize: 12 }}>结果：{o.result}</Typography.Text> : null}
                    </span>
                  </Tooltip>
                ),
              },
              {
                title: '操作', key: 'ops', width: 84,
                render: (_: unknown, o) => (o.state === 'closed' ? <span className="ms-muted">—</span> : <LinkButton data-testid="row-order-action" onClick={() => close(o)}>督办处理</LinkButton>),
              },
            ]}
          />
        )}
      </Card>
      {selected ? (
        <div className="ms-sv-panel">
          <div className="ms-sv-panel-bar">
            <LinkButton icon={<CloseOutlined />} onClick={() => setSelected(null)} aria-label="收起工单面板">收起</LinkButton>
          </div>
          <TicketPanel
            id={selected.ticketId}
            compact
            only={['supervise', 'urge']}
            openAction={openAction?.id === selected.ticketId ? openAction : null}
            onChanged={() => {
              setTick((n) => n + 1);
              onChanged?.();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
