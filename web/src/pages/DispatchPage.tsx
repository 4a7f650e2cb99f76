// 派单员 /dispatch (DOMAIN.md §6): the dispatch queue, the units' return, extension and suspension
// requests, and everything being handled. A ticket chosen in the list is worked on beside it: the
// dispatch form with the catalogue's proposal (F8 follows it), or the request with 批准 / 驳回.
import { useState } from 'react';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Space, Tag, Tooltip } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime } from '../labels';
import { QUICK_DISPATCH_KEY } from '../tickets/actions/dispatch';
import { AssignmentList } from '../tickets/detail/Assignments';
import { TicketPanel } from '../tickets/detail/TicketPanel';
import { spanText, useNow } from '../tickets/Deadline';
import { pendingOf, ROLE_LABEL } from '../tickets/dispatch/form';
import { InlineAction, KeyHints, nextInQueue, QueueList, QueueSearch, TabLabel, useQueueParams, useTabCounts } from '../tickets/dispatch/queue';
import type { QueueTab } from '../tickets/dispatch/queue';
import { TicketActions } from '../tickets/TicketActions';
import type { ColumnKey } from '../tickets/TicketTable';
import type { ActionName, Ticket, TicketDetail } from '../tickets/types';

type Kind = 'return' | 'extension' | 'suspend';

const TABS: (QueueTab & { kind?: Kind; action?: ActionName })[] = [
  { key: 'queue', label: '待派单', query: { state: 'accepted,dispatching', sort: 'acceptedAt' }, action: 'dispatch', hint: '已受理、等待派单的工单，先到先派' },
  { key: 'return', label: '退单申请', query: { pending: 'return', sort: 'dueAt' }, kind: 'return', action: 'decide-return', color: '#fa8c16', hint: '承办单位申请退回的工单' },
  { key: 'extension', label: '延期申请', query: { pending: 'extension', sort: 'dueAt' }, kind: 'extension', action: 'decide-extension', color: '#fa8c16', hint: '承办单位申请延长办理时限' },
  { key: 'suspend', label: '挂起申请', query: { pending: 'suspend', sort: 'dueAt' }, kind: 'suspend', action: 'suspend', color: '#fa8c16', hint: '承办单位申请暂停计时' },
  { key: 'active', label: '全部在办', query: { state: 'assigned,handling,suspended', sort: 'dueAt' }, hint: '已派出、尚未反馈的工单' },
];

const KIND_NAMES: Record<Kind, string> = { return: '退单', extension: '延期', suspend: '挂起' };
/**
 * The dispatcher decides these only when a unit has asked: their buttons show then, not always.
 * (挂起 stays among the panel's actions: the dispatcher may also suspend directly, and its form
 * decides a unit's request when there is one.)
 */
const DECISIONS: [Kind, ActionName][] = [['return', 'decide-return'], ['extension', 'decide-extension']];

function Waiting({ since }: { since: string }) {
  const now = useNow();
  const ms = now - new Date(since).getTime();
  return (
    <Tooltip title={`受理于 ${formatDateTime(since)}`}>
      <span className="ms-nums" style={{ color: ms > 86_400_000 ? '#cf1322' : ms > 4 * 3_600_000 ? '#d48806' : undefined }}>{spanText(ms)}</span>
    </Tooltip>
  );
}

function requestColumns(kind: Kind): TableColumnsType<Ticket> {
  const pending = (t: Ticket) => t.assignments.find((a) => a.pending === kind);
  return [
    {
      title: '申请单位', key: 'unit', width: 150, ellipsis: true,
      render: (_: unknown, t) => {
        const a = pending(t);
        return a ? <span><Tag color={a.role === 'primary' ? 'blue' : 'default'}>{ROLE_LABEL(a)}</Tag>{a.unitName}</span> : '—';
      },
    },
    {
      title: '申请理由', key: 'reason', width: 200, ellipsis: { showTitle: false },
      render: (_: unknown, t) => {
        const a = pending(t);
        if (!a) return '—';
        const d = pendingOf(a);
        const text = `${d.days ? `${d.days} 个工作日：` : ''}${d.reason ?? ''}`;
        return <Tooltip title={text} placement="topLeft"><span>{text}</span></Tooltip>;
      },
    },
  ];
}

export function DispatchPage() {
  const { message } = App.useApp();
  const { tab, id, q, set } = useQueueParams('queue', TABS);
  const [reloadKey, setReloadKey] = useState(0);
  const [panelKey, setPanelKey] = useState(0);
  const counts = useTabCounts(TABS, q, reloadKey);
  const current = TABS.find((t) => t.key === tab.key)!;

  // Beside a ticket the list is narrow: the columns that decide what to take next; alone, more.
  const wide = id === null;
  const columns: ColumnKey[] = current.key === 'queue'
    ? (wide ? ['number', 'title', 'type', 'channel', 'subject', 'district', 'acceptedAt'] : ['number', 'title', 'subject', 'district'])
    : current.key === 'active'
      ? (wide ? ['number', 'title', 'type', 'subject', 'units', 'state', 'deadline'] : ['number', 'title', 'deadline', 'units'])
      : (wide ? ['number', 'title', 'district', 'deadline'] : ['number', 'title']);
  const extra: TableColumnsType<Ticket> = current.key === 'queue'
    ? [{ title: '已等待', key: 'waiting', width: 90, render: (_: unknown, t) => <Waiting since={t.acceptedAt} /> }]
    : current.kind ? requestColumns(current.kind) : [];

  /** Still in this tab after the action? Then keep it open; else go on with the next one. */
  const staysInTab = (t: Ticket) => {
    if (current.key === 'queue') return t.state === 'accepted' || t.state === 'dispatching';
    if (current.kind) return t.assignments.some((a) => a.pending === current.kind);
    return ['assigned', 'handling', 'suspended'].includes(t.state);
  };

  const afterAction = (t: Ticket & { created?: Ticket[] }) => {
    setReloadKey((n) => n + 1);
    if (t.created?.length) message.info(`已拆出新工单：${t.created.map((c) => c.number).join('、')}`, 6);
    if (staysInTab(t)) {
      setPanelKey((n) => n + 1);
      return;
    }
    void nextInQueue(current.query, q, t.id).then((next) => set({ id: next }));
  };

  const inline = (t: TicketDetail) => {
    const here = current.action && t.actions.includes(current.action) && (!current.kind || t.assignments.some((a) => a.pending === current.kind))
      ? (
        <InlineAction
          action={current.action}
          ticket={t}
          onDone={afterAction}
          onCancel={() => set({ id: null })}
          title={current.kind ? `审批${KIND_NAMES[current.kind]}申请` : '派单'}
        />
      )
      : current.key === 'active' ? <AssignmentList ticket={t} /> : null;
    // Other requests waiting on the same ticket: their decisions as buttons.
    const others = DECISIONS.filter(([kind, action]) => action !== current.action && t.actions.includes(action) && t.assignments.some((a) => a.pending === kind)).map(([, action]) => action);
    return (
      <>
        {here}
        {others.length > 0 ? <div style={{ marginTop: here ? 8 : 0 }}><TicketActions ticket={t} only={others} onDone={afterAction} emptyText={null} /></div> : null}
      </>
    );
  };

  const keys: [string, string][] = [['↑ ↓', '上一张 / 下一张'], ['Enter', '选中'], ...(current.key === 'queue' ? [[QUICK_DISPATCH_KEY, '按建议派单'] as [string, string]] : []), ['Ctrl+Enter', '提交']];
  return (
    <>
      <PageHeader
        title="派单"
        hint="分类派单，审批退单、延期、挂起申请，合并重复工单"
        extra={
          <Space>
            <QueueSearch value={q} onSearch={(v) => set({ q: v, id: null })} />
            <Button icon={<ReloadOutlined />} onClick={() => setReloadKey((n) => n + 1)}>刷新</Button>
          </Space>
        }
      />
      <div className={`ms-dh-queue${wide ? ' ms-dh-queue-wide' : ''}`} data-testid="dispatch-page">
        <Card
          size="small"
          className="ms-dh-queue-card"
          activeTabKey={current.key}
          onTabChange={(key) => set({ tab: key, id: null })}
          tabList={TABS.map((t) => ({ key: t.key, label: <TabLabel tab={t} count={counts[t.key]} /> }))}
        >
          <QueueList
            query={{ ...current.query, q: q || undefined }}
            columns={columns}
            extra={extra}
            selectedId={id}
            onSelect={(next) => set({ id: next })}
            reloadKey={reloadKey}
            testId="dispatch-table"
            empty={q ? `没有符合“${q}”的工单` : current.key === 'queue' ? '待派单队列已清空' : current.kind ? '暂无待审批的申请' : '暂无在办工单'}
          />
          <KeyHints keys={keys} />
        </Card>
        {id ? (
          <div className="ms-dh-queue-side">
            <TicketPanel
              key={`${id}:${panelKey}`}
              id={id}
              compact
              exclude={['dispatch', 'decide-return', 'decide-extension', ...(current.key === 'suspend' ? ['suspend' as const] : [])]}
              onChanged={afterAction}
            >
              {inline}
            </TicketPanel>
          </div>
        ) : null}
      </div>
    </>
  );
}
