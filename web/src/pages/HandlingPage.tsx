// 承办单位工作台 /handling (DOMAIN.md §6): the unit's tickets by what they wait for — to be signed,
// being handled, replied, sent back by the reviewer, overdue — each with the unit's own deadline
// counting down, the nearest first. 签收 right from the row; everything else beside the list.
import { useCallback, useMemo, useState } from 'react';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Space, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { useApiError } from '../hooks';
import { ticketApi } from '../tickets/api';
import { TicketPanel } from '../tickets/detail/TicketPanel';
import { ROLE_LABEL } from '../tickets/dispatch/form';
import { KeyHints, QueueList, QueueSearch, TabLabel, useQueueParams, useTabCounts } from '../tickets/dispatch/queue';
import type { QueueTab } from '../tickets/dispatch/queue';
import { useUnitIndex } from '../tickets/dispatch/units';
import { OwnWork } from '../tickets/handling/OwnWork';
import { assignmentDeadline, ownAssignment } from '../tickets/handling/mine';
import type { ColumnKey } from '../tickets/TicketTable';
import type { Ticket } from '../tickets/types';
import type { UnitNode } from '../labels';

const TABS: QueueTab[] = [
  { key: 'assigned', label: '待签收', query: { assignmentState: 'assigned', sort: 'unitDue' }, color: '#1556c0', hint: '派给本单位、尚未签收' },
  { key: 'handling', label: '办理中', query: { assignmentState: 'handling', sort: 'unitDue' }, hint: '已签收，办理后反馈' },
  { key: 'replied', label: '已反馈', query: { assignmentState: 'replied', sort: '-acceptedAt' }, hint: '已反馈，等待审核' },
  { key: 'sentBack', label: '被退回', query: { sentBack: true, sort: 'unitDue' }, color: '#fa8c16', hint: '审核退回、需要重新办理' },
  { key: 'overdue', label: '已超期', query: { overdue: 'any', sort: 'dueAt' }, color: '#cf1322', hint: '本单位及下级单位超过办理时限的工单' },
];

const EMPTY: Record<string, string> = {
  assigned: '没有待签收的工单', handling: '没有办理中的工单', replied: '没有待审核的反馈', sentBack: '没有被退回的工单', overdue: '没有超期工单',
};

function subtreeIds(node: UnitNode | undefined): Set<string> {
  const ids = new Set<string>();
  const walk = (n: UnitNode) => {
    ids.add(String(n.id));
    n.children?.forEach(walk);
  };
  if (node) walk(node);
  return ids;
}

export function HandlingPage() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const showError = useApiError();
  const units = useUnitIndex();
  const { tab, id, q, set } = useQueueParams('assigned', TABS);
  const [reloadKey, setReloadKey] = useState(0);
  const [panelKey, setPanelKey] = useState(0);
  const [signing, setSigning] = useState<number | null>(null);
  const counts = useTabCounts(TABS, q, reloadKey);
  const unitId = user?.unitId;
  const subtree = useMemo(() => subtreeIds(units.node(unitId)), [units, unitId]);

  const deadlineOf = useCallback((t: Ticket) => assignmentDeadline(ownAssignment(t, unitId, subtree)), [unitId, subtree]);

  const changed = (t?: Ticket) => {
    setReloadKey((n) => n + 1);
    if (!t || t.id === id) setPanelKey((n) => n + 1);
  };

  const quickSign = async (t: Ticket) => {
    const a = ownAssignment(t, unitId);
    if (!a) return;
    setSigning(t.id);
    try {
      await ticketApi.act(t.id, 'sign', { assignmentId: a.id, version: t.version });
      message.success(`已签收 ${t.number}`);
      changed(t);
    } catch (e) {
      showError(e);
      changed(t);
    } finally {
      setSigning(null);
    }
  };

  const overdue = tab.key === 'overdue';
  // Beside a ticket the list is narrow; alone, it shows more of each ticket.
  const wide = id === null;
  const columns: ColumnKey[] = overdue
    ? (wide ? ['number', 'title', 'type', 'subject', 'units', 'acceptedAt', 'deadline'] : ['number', 'title', 'units', 'deadline'])
    : (wide ? ['number', 'title', 'type', 'subject', 'district', 'acceptedAt', 'deadline'] : ['number', 'title', 'deadline']);
  const extra: TableColumnsType<Ticket> = [
    ...(overdue ? [] : [{
      title: '本单位', key: 'role', width: 110,
      render: (_: unknown, t: Ticket) => {
        const a = ownAssignment(t, unitId);
        return a ? <span className="ms-dh-nowrap"><Tag color={a.role === 'primary' ? 'blue' : 'default'}>{ROLE_LABEL(a)}</Tag>{a.stateLabel}</span> : '—';
      },
    }]),
    {
      title: '操作', key: 'op', width: 70,
      render: (_: unknown, t: Ticket) => {
        const a = ownAssignment(t, unitId);
        if (a?.state !== 'assigned' || !['assigned', 'handling'].includes(t.state)) return null;
        return (
          <Button size="small" type="primary" loading={signing === t.id} onClick={() => void quickSign(t)} data-testid="quick-sign">
            签收
          </Button>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title="承办"
        hint={`${user?.unitName ?? ''}：签收、办理、反馈；不属于本单位的及时申请退单，确需延期的在时限内申请`}
        extra={
          <Space>
            <QueueSearch value={q} onSearch={(v) => set({ q: v, id: null })} />
            <Button icon={<ReloadOutlined />} onClick={() => changed()}>刷新</Button>
          </Space>
        }
      />
      <div className={`ms-dh-queue${wide ? ' ms-dh-queue-wide' : ''}`} data-testid="handling-page">
        <Card
          size="small"
          className="ms-dh-queue-card"
          activeTabKey={tab.key}
          onTabChange={(key) => set({ tab: key, id: null })}
          tabList={TABS.map((t) => ({ key: t.key, label: <TabLabel tab={t} count={counts[t.key]} /> }))}
        >
          <QueueList
            query={{ ...tab.query, q: q || undefined }}
            columns={columns}
            extra={extra}
            deadlineOf={deadlineOf}
            selectedId={id}
            onSelect={(next) => set({ id: next })}
            reloadKey={reloadKey}
            testId="handling-table"
            empty={q ? `没有符合“${q}”的工单` : EMPTY[tab.key] ?? '暂无工单'}
          />
          <KeyHints keys={[['↑ ↓', '上一张 / 下一张'], ['Enter', '选中'], ['Ctrl+Enter', '提交']]} />
        </Card>
        {id ? (
          <div className="ms-dh-queue-side">
            <TicketPanel key={`${id}:${panelKey}`} id={id} compact exclude={['sign', 'reply', 'redispatch']} onChanged={(t) => changed(t)}>
              {(t) => <OwnWork ticket={t} onDone={(x) => changed(x)} />}
            </TicketPanel>
          </div>
        ) : null}
      </div>
    </>
  );
}
