// How the ticket ended (or stands): the direct answer, this round's return visit and the close
// reason. A reopen starts a new round: the earlier visit stays in the timeline, not here.
import { Descriptions, Tag } from 'antd';
import { ArticleSource } from '../../knowledge/ArticleSource';
import type { Ticket, TicketDetail } from '../types';
import { CLOSE_REASON_LABELS, SATISFACTION_COLORS, SATISFACTION_LABELS } from './labels';
import type { Satisfaction } from './labels';

interface Visit {
  contacted: boolean;
  resolved: boolean | null;
  satisfaction: string | null;
  note: string | null;
}

/** The visits since the last reopen, oldest first. */
function visitsThisRound(t: TicketDetail): Visit[] {
  const since = t.events.map((e) => e.type).lastIndexOf('reopened');
  return t.events.slice(since + 1).filter((e) => e.type === 'visited').map((e) => {
    const d = e.data as Partial<Visit>;
    return { contacted: d.contacted === true, resolved: typeof d.resolved === 'boolean' ? d.resolved : null, satisfaction: d.satisfaction ?? null, note: d.note ?? null };
  });
}

export function hasOutcome(t: TicketDetail): boolean {
  const o = t.outcome;
  return !!t.answer || o.closeReason !== null || visitsThisRound(t).length > 0;
}

function VisitTags({ v }: { v: Visit }) {
  if (!v.contacted) return <Tag color="orange">未联系上</Tag>;
  return (
    <>
      <Tag color="green">已联系</Tag>
      {v.resolved === null ? null : <Tag color={v.resolved ? 'green' : 'red'}>{v.resolved ? '已解决' : '未解决'}</Tag>}
      {v.satisfaction ? <Tag color={SATISFACTION_COLORS[v.satisfaction as Satisfaction] ?? 'default'}>{SATISFACTION_LABELS[v.satisfaction as Satisfaction] ?? v.satisfaction}</Tag> : null}
    </>
  );
}

export function OutcomeView({ ticket }: { ticket: TicketDetail | Ticket }) {
  const o = ticket.outcome;
  const visits = 'events' in ticket ? visitsThisRound(ticket) : [];
  const last = visits.at(-1);
  const misses = visits.filter((v) => !v.contacted).length;
  const items = [
    ...(ticket.answer ? [{ key: 'answer', label: '直接答复', children: <span className="ms-ticket-pre">{ticket.answer}</span> }] : []),
    ...(ticket.answer && ticket.knowledgeArticleId ? [{ key: 'article', label: '答复依据', children: <ArticleSource id={ticket.knowledgeArticleId} /> }] : []),
    ...(last
      ? [{
        key: 'visit', label: '回访',
        children: (
          <span data-testid="visit-outcome">
            <VisitTags v={last} />
            {misses > 0 && last.contacted ? <span className="ms-muted">此前未联系上 {misses} 次</span> : null}
            {misses > 1 && !last.contacted ? <span className="ms-muted">共 {misses} 次</span> : null}
          </span>
        ),
      }]
      : []),
    ...(last?.note ? [{ key: 'note', label: '回访记录', children: <span className="ms-ticket-pre">{last.note}</span> }] : []),
    ...(o.closeReason ? [{ key: 'close', label: '办结原因', children: CLOSE_REASON_LABELS[o.closeReason as keyof typeof CLOSE_REASON_LABELS] ?? o.closeReason }] : []),
    ...(o.closeNote ? [{ key: 'closeNote', label: '办结说明', children: <span className="ms-ticket-pre">{o.closeNote}</span> }] : []),
  ];
  if (items.length === 0) return null;
  return <Descriptions size="small" column={1} items={items} data-testid="outcome" />;
}
