// Who handles the ticket: each unit's assignment (主办 / 协办, a child under the unit that
// re-dispatched it) with its state, its sign and reply deadlines, its reply and its counters.
import type { ReactNode } from 'react';
import { Card, Descriptions, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import { formatDateTime } from '../../labels';
import { Deadline } from '../Deadline';
import type { Assignment, Ticket } from '../types';
import { ReplyQuality } from '../review/ReplyQuality';

const ASSIGNMENT_COLORS: Record<string, string> = { assigned: 'geekblue', handling: 'processing', replied: 'purple', done: 'success', returned: 'default', withdrawn: 'default' };
const PENDING_LABELS: Record<string, string> = { return: '申请退单待审批', extension: '申请延期待审批', suspend: '申请挂起待审批' };

export const isLiveAssignment = (a: Assignment) => a.state !== 'returned' && a.state !== 'withdrawn';

/** The first-level primary assignment the ticket's state follows (the latest one not withdrawn). */
export function primaryAssignment(ticket: Pick<Ticket, 'assignments'>): Assignment | null {
  const primaries = ticket.assignments.filter((a) => a.role === 'primary' && a.parentAssignmentId === null);
  return [...primaries].reverse().find(isLiveAssignment) ?? primaries.at(-1) ?? null;
}

function pendingText(a: Assignment): ReactNode {
  if (!a.pending) return null;
  const data = (a.pendingData ?? {}) as { reason?: string; days?: number };
  const detail = [data.days ? `${data.days} 天` : null, data.reason].filter(Boolean).join('：');
  return (
    <Tooltip title={detail || undefined}>
      <Tag color="orange">{PENDING_LABELS[a.pending] ?? a.pending}{detail ? `（${detail.length > 24 ? `${detail.slice(0, 24)}…` : detail}）` : ''}</Tag>
    </Tooltip>
  );
}

/** A step's deadline: a countdown while it runs, 按时/超期 once done, nothing once withdrawn. */
function StepDeadline({ a, step }: { a: Assignment; step: 'sign' | 'reply' }) {
  if (step === 'sign') {
    if (a.signedAt) return <Tag color={a.signedOnTime === false ? 'red' : 'green'}>{a.signedOnTime === false ? '超期签收' : '按时签收'}</Tag>;
    if (!isLiveAssignment(a)) return <span className="ms-muted">—</span>;
    return <Deadline deadline={a.signDeadline} level={a.signLevel} label="签收时限" />;
  }
  if (a.repliedAt) return <Tag color={a.onTime === false ? 'red' : 'green'}>{a.onTime === false ? '超期反馈' : '按时反馈'}</Tag>;
  if (!isLiveAssignment(a)) return <span className="ms-muted">—</span>;
  return <Deadline deadline={a.replyDeadline} level={a.replyLevel} label="办理时限" />;
}

/** The unit's reply: result, measures, basis, whether the citizen was contacted. */
/** `quality`: the server's reply-quality scores and flags under the reply (off where the caller shows them itself). */
export function ReplyView({ a, title = true, quality = true }: { a: Assignment; title?: boolean; quality?: boolean }) {
  if (!a.replyResult) return null;
  return (
    <div className="ms-ticket-reply" data-testid="reply">
      {title ? (
        <div className="ms-ticket-reply-head">
          <Typography.Text strong>{a.unitName} 的办理反馈</Typography.Text>
          <Typography.Text type="secondary">{a.repliedAt ? formatDateTime(a.repliedAt) : ''}</Typography.Text>
          {a.contacted === null ? null : <Tag color={a.contacted ? 'green' : 'orange'}>{a.contacted ? '已联系诉求人' : '未联系诉求人'}</Tag>}
          {a.repliedAt ? <Tag color={a.onTime === false ? 'red' : 'green'}>{a.onTime === false ? '超期反馈' : '按时反馈'}</Tag> : null}
        </div>
      ) : null}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'result', label: '办理结果', children: <span className="ms-ticket-pre">{a.replyResult}</span> },
          ...(a.replyMeasures ? [{ key: 'measures', label: '处理措施', children: <span className="ms-ticket-pre">{a.replyMeasures}</span> }] : []),
          ...(a.replyBasis ? [{ key: 'basis', label: '政策依据', children: <span className="ms-ticket-pre">{a.replyBasis}</span> }] : []),
        ]}
      />
      {quality ? <ReplyQuality a={a} /> : null}
    </div>
  );
}

function AssignmentCard({ a, children }: { a: Assignment; children: Assignment[] }) {
  const counters = [
    a.extensionCount > 0 ? `延期 ${a.extensionCount} 次` : null,
    a.urgeCount > 0 ? `催办 ${a.urgeCount} 次` : null,
    a.sendbackCount > 0 ? `退回重办 ${a.sendbackCount} 次` : null,
  ].filter(Boolean);
  return (
    <div className={`ms-ticket-assignment${isLiveAssignment(a) ? '' : ' ms-ticket-assignment-closed'}`} data-testid="assignment" data-assignment-id={a.id} data-unit={a.unitName}>
      <div className="ms-ticket-assignment-head">
        <Tag color={a.role === 'primary' ? 'blue' : 'default'}>{a.parentAssignmentId ? '下级' : ''}{a.role === 'primary' ? '主办' : '协办'}</Tag>
        <Typography.Text strong>{a.unitName}</Typography.Text>
        <Tag color={ASSIGNMENT_COLORS[a.state] ?? 'default'}>{a.stateLabel}</Tag>
        {pendingText(a)}
        {counters.length ? <Typography.Text type="secondary">{counters.join(' · ')}</Typography.Text> : null}
      </div>
      <div className="ms-ticket-assignment-steps">
        <span><span className="ms-muted">派单 </span>{formatDateTime(a.dispatchedAt)}</span>
        <span><span className="ms-muted">签收 </span>{a.signedAt ? `${formatDateTime(a.signedAt)} ` : null}<StepDeadline a={a} step="sign" /></span>
        <span><span className="ms-muted">反馈 </span>{a.repliedAt ? `${formatDateTime(a.repliedAt)} ` : null}<StepDeadline a={a} step="reply" /></span>
      </div>
      {a.replyResult ? <ReplyView a={a} title={false} /> : null}
      {a.replyResult && a.contacted !== null ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.contacted ? '已联系诉求人' : '未联系诉求人'}</Typography.Text>
      ) : null}
      {children.length ? (
        <div className="ms-ticket-assignment-children">
          {children.map((c) => <AssignmentCard key={c.id} a={c} children={[]} />)}
        </div>
      ) : null}
    </div>
  );
}

/** Every assignment, first-level ones in dispatch order, children under their parent. */
export function AssignmentList({ ticket }: { ticket: Ticket }) {
  const top = ticket.assignments.filter((a) => a.parentAssignmentId === null);
  const childrenOf = (id: number): Assignment[] => ticket.assignments.filter((a) => a.parentAssignmentId === id);
  // A grandchild (a street's re-dispatch to a community) is shown flat under the street's child.
  const withDescendants = (id: number): Assignment[] => childrenOf(id).flatMap((c) => [c, ...withDescendants(c.id)]);
  return (
    <Card size="small" title={`承办单位（${ticket.assignments.length}）`} data-testid="assignments">
      {top.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未派单" />
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {top.map((a) => <AssignmentCard key={a.id} a={a} children={withDescendants(a.id)} />)}
        </Space>
      )}
    </Card>
  );
}
