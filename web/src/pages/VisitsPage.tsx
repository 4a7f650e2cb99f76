// 回访: the visitor's queue (待回访, and direct answers 直接答复 that wait for a visit too), the
// nearest visit deadline first; the call script and the outcome form beside it. A visit that finds
// the matter unresolved or the citizen unsatisfied leaves the ticket here for the decision: 重办,
// or 办结 with an explanation.
import { useState } from 'react';
import { Alert, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PageHeader } from '../components/PageHeader';
import { Deadline } from '../tickets/Deadline';
import { CallScript } from '../tickets/detail/CallScript';
import { primaryAssignment } from '../tickets/detail/Assignments';
import { TicketQueue } from '../tickets/detail/TicketQueue';
import type { Ticket, TicketDetail } from '../tickets/types';

/** Visited, reached, and not closed: unresolved or unsatisfied, waiting for 重办 or 办结. */
export const awaitsDecision = (t: Ticket) => t.outcome.contacted === true && t.closedAt === null && (t.outcome.resolved === false || t.outcome.satisfaction === 'unsatisfied');

const extra: TableColumnsType<Ticket> = [
  {
    title: '办理单位', key: 'unit', width: 150, ellipsis: true,
    render: (_: unknown, t) => (t.state === 'answered' ? <Tag color="cyan">直接答复</Tag> : primaryAssignment(t)?.unitName ?? '—'),
  },
  {
    title: '回访情况', key: 'visit', width: 120,
    render: (_: unknown, t) => {
      if (awaitsDecision(t)) return <Tag color="red">待决定重办/办结</Tag>;
      if (t.outcome.visitAttempts > 0) return <Tag color="orange">未联系上 {t.outcome.visitAttempts} 次</Tag>;
      return <span className="ms-muted">未回访</span>;
    },
  },
  {
    title: '回访时限', key: 'visitDeadline', width: 130,
    render: (_: unknown, t) => <Deadline deadline={t.visitDeadline ?? t.dueAt} level={t.slaLevel} label="回访时限" />,
  },
];

function PanelExtra({ ticket }: { ticket: TicketDetail }) {
  if (awaitsDecision(ticket)) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="visit-decision"
        title="回访结果：问题未解决或诉求人不满意"
        description="客观原因未解决的，选择「重办」退回重新派单；诉求不合理等情况，选择「办结」并说明理由。"
      />
    );
  }
  return <CallScript ticket={ticket} />;
}

export function VisitsPage() {
  const [total, setTotal] = useState<number | null>(null);
  return (
    <div>
      <PageHeader
        title={`回访${total !== null ? `（${total}）` : ''}`}
        hint="审核通过和直接答复的工单，按回访时限排序。联系上、已解决且满意/基本满意即办结；其余由您决定重办或说明后办结。"
      />
      <TicketQueue
        testId="visit-queue"
        query={{ state: 'visiting,answered', sort: 'dueAt' }}
        columns={['number', 'title']}
        extra={extra}
        mainAction="visit"
        actions={['visit', 'reopen', 'close']}
        emptyText="没有待回访的工单"
        panelExtra={(t) => <PanelExtra ticket={t} />}
        onTotal={setTotal}
      />
    </div>
  );
}
