// 按单位: each unit's overdue and near-deadline assignments and the supervision it carries, worst
// first. A click shows that unit's tickets below (to urge or supervise them); ticked units can be
// named in a new 督办通报 at once.
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import type { Loaded } from '../hooks';
import { LoadError } from '../components/LoadError';
import { OPEN_STATES } from '../../../src/domain/tickets/machine';
import type { UnitNode } from '../labels';
import { indexTree } from '../tree';
import type { UnitWatch, UnitWatchSummary } from './api';
import { WatchList } from './WatchList';

type Which = 'overdue' | 'warning';

interface Props {
  watch: Loaded<UnitWatchSummary>;
  /** Opens the notice form naming these units, with a draft from their figures. */
  onNotice: (units: UnitWatch[]) => void;
  onChanged?: () => void;
  /** The caller's unit tree: where each unit sits (青江区 / 金塘街道). */
  tree: UnitNode[] | undefined;
}

const red = (n: number) => (n > 0 ? <span className="ms-sv-red">{n}</span> : <span className="ms-muted">0</span>);
const gold = (n: number) => (n > 0 ? <span className="ms-sv-gold">{n}</span> : <span className="ms-muted">0</span>);
const plain = (n: number) => (n > 0 ? n : <span className="ms-muted">0</span>);

export function UnitsTab({ watch, onNotice, onChanged, tree }: Props) {
  const index = useMemo(() => indexTree(tree ?? []), [tree]);
  /** The unit's ancestors below the caller's root, e.g. 青江区 / 金塘街道. */
  const trail = (id: number) => (index.get(String(id))?.ancestors.slice(1) ?? []).map((u) => u.shortName || u.name).join(' / ');
  const { hasRole, kindName } = useAuth();
  const [selected, setSelected] = useState<UnitWatch | null>(null);
  const [which, setWhich] = useState<Which>('overdue');
  const [ticked, setTicked] = useState<number[]>([]);
  const units = watch.data?.units ?? [];
  const tickedUnits = useMemo(() => units.filter((u) => ticked.includes(u.unitId)), [units, ticked]);
  const query = useMemo(() => (selected
    ? which === 'overdue'
      ? { unitId: selected.unitId, overdue: 'any' as const, sort: 'dueAt' as const }
      : { unitId: selected.unitId, state: OPEN_STATES.join(','), slaLevel: 1, sort: 'dueAt' as const }
    : null), [selected, which]);

  if (watch.error && !watch.data) return <LoadError error={watch.error} onRetry={watch.reload} />;
  const t = watch.data?.total;

  return (
    <>
      <Card
        size="small"
        title={
          <Space size={16} wrap>
            <span>各单位超期、临期与督办情况</span>
            {t ? (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                合计超期 {t.overdue}（30天以上 {t.overdue30}）· 临期 {t.warning} · 督办中 {t.ordersOpen}
              </Typography.Text>
            ) : null}
          </Space>
        }
        extra={hasRole('supervisor') ? (
          <Button
            size="small"
            icon={<NotificationOutlined />}
            disabled={tickedUnits.length === 0}
            onClick={() => onNotice(tickedUnits)}
            data-testid="notice-from-units"
          >
            {tickedUnits.length > 0 ? `通报所选 ${tickedUnits.length} 个单位` : '勾选单位后可发布通报'}
          </Button>
        ) : null}
      >
        <Table<UnitWatch>
          size="small"
          rowKey="unitId"
          data-testid="unit-watch-table"
          loading={watch.loading && !watch.data}
          dataSource={units}
          pagination={{ pageSize: 15, showSizeChanger: false, showTotal: (n) => `共 ${n} 个单位`, hideOnSinglePage: true }}
          rowSelection={hasRole('supervisor') ? { selectedRowKeys: ticked, onChange: (keys) => setTicked(keys.map(Number)), columnWidth: 40 } : undefined}
          rowClassName={(u) => (u.unitId === selected?.unitId ? 'ms-row-selected ms-sv-row' : 'ms-sv-row')}
          onRow={(u) => ({
            onClick: (e) => {
              if ((e.target as HTMLElement).closest('.ant-checkbox-wrapper, .ant-table-selection-column')) return;
              setSelected((cur) => (cur?.unitId === u.unitId ? null : u));
            },
            onKeyDown: (e) => {
              if (e.key === 'Enter' && e.target === e.currentTarget) setSelected(u);
            },
            tabIndex: 0,
            'data-unit-id': u.unitId,
          }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="各单位都没有超期、临期或督办中的工单" /> }}
          columns={[
            {
              title: '承办单位', dataIndex: 'unitName', ellipsis: true,
              render: (name: string, u) => (
                <Space size={6}>
                  <span>{name}</span>
                  <Tag className="ms-kind-tag">{kindName(u.unitKind as never)}</Tag>
                  {trail(u.unitId) ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{trail(u.unitId)}</Typography.Text> : null}
                </Space>
              ),
            },
            { title: '超期', dataIndex: 'overdue', width: 80, align: 'right', sorter: (a, b) => a.overdue - b.overdue, render: red },
            { title: '超期30天以上', dataIndex: 'overdue30', width: 110, align: 'right', sorter: (a, b) => a.overdue30 - b.overdue30, render: red },
            { title: '临期', dataIndex: 'warning', width: 80, align: 'right', sorter: (a, b) => a.warning - b.warning, render: gold },
            { title: '督办中', dataIndex: 'ordersOpen', width: 80, align: 'right', sorter: (a, b) => a.ordersOpen - b.ordersOpen, render: plain },
            { title: '近30天督办', dataIndex: 'orders30', width: 100, align: 'right', sorter: (a, b) => a.orders30 - b.orders30, render: plain },
          ]}
        />
        <Typography.Text type="secondary" className="ms-sv-hint">
          按承办环节统计：一件工单在两个单位超期，两个单位各计一次。点击单位查看其工单。
        </Typography.Text>
      </Card>
      {selected && query ? (
        <Card
          size="small"
          className="ms-sv-gap"
          data-testid="unit-tickets"
          title={`${selected.unitName} · ${which === 'overdue' ? '超期工单' : '临期工单'}`}
          extra={
            <Segmented<Which>
              size="small"
              value={which}
              onChange={setWhich}
              options={[{ label: `超期 ${selected.overdue}`, value: 'overdue' }, { label: `临期 ${selected.warning}`, value: 'warning' }]}
            />
          }
        >
          <WatchList query={query} testId="unit-watch-list" empty={which === 'overdue' ? '该单位没有超期工单' : '该单位没有临期工单'} onChanged={onChanged} />
        </Card>
      ) : null}
    </>
  );
}
