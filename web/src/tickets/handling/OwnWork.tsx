// The unit's own part of a ticket, under the ticket in the workbench: our assignment and the clock
// we race, what was decided on our requests and why the reviewer sent our reply back, the replies
// of the assisting and child units (they reply to us), the files, and our next step's buttons.
import { Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../labels';
import { ReplyView } from '../detail/Assignments';
import { isLive, pendingOf, ROLE_LABEL } from '../dispatch/form';
import { useUnitIndex } from '../dispatch/units';
import { TicketActions } from '../TicketActions';
import type { ActionName, Assignment, Ticket, TicketDetail } from '../types';
import { AssignmentLine, repliesTo } from './mine';
import { sizeText } from '../../api';

const PENDING_NAMES: Record<string, string> = { return: '退单申请审批中', extension: '延期申请审批中', suspend: '挂起申请审批中' };
const DECISIONS: Record<string, string> = { return_decided: '退单申请', extension_decided: '延期申请', suspend_decided: '挂起申请' };

function Files({ ticket, assignmentId }: { ticket: TicketDetail; assignmentId: number }) {
  const files = ticket.attachments.filter((f) => f.assignmentId === assignmentId);
  if (files.length === 0) return null;
  return (
    <Space size={[12, 2]} wrap className="ms-dh-own-files" data-testid="own-files">
      {files.map((f) => (
        <a key={f.id} href={`/api/tickets/${ticket.id}/attachments/${f.id}?inline=true`} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {f.fileName} <span className="ms-muted">({sizeText(f.size)})</span>
        </a>
      ))}
    </Space>
  );
}

/** The latest word from above on our assignments: a refused request, a send-back by the reviewer. */
function LatestWord({ ticket, mine }: { ticket: TicketDetail; mine: Assignment[] }) {
  const ids = new Set(mine.map((a) => a.id));
  const words = ticket.events.filter((e) => e.assignmentId !== null && ids.has(e.assignmentId)
    && ((e.type in DECISIONS && e.data.approve === false) || (e.type === 'reviewed' && e.data.approve === false)));
  const last = words.at(-1);
  if (!last) return null;
  const what = last.type === 'reviewed' ? '审核退回重办' : `${DECISIONS[last.type]}被驳回`;
  return (
    <div className="ms-dh-own-word" data-testid="latest-word">
      <Tag color="orange">{what}</Tag>
      <Typography.Text type="secondary">{formatDateTime(last.at)} {last.actorName ?? ''}：</Typography.Text>
      <Typography.Text>{String(last.data.reason ?? '（未写理由）')}</Typography.Text>
    </div>
  );
}

export function OwnWork({ ticket, onDone }: { ticket: TicketDetail; onDone: (t: Ticket & { created?: Ticket[] }) => void }) {
  const { user } = useAuth();
  const units = useUnitIndex();
  const mine = ticket.assignments.filter((a) => String(a.unitId) === String(user?.unitId) && a.state !== 'withdrawn');
  if (mine.length === 0) return null;
  const live = mine.filter(isLive);
  const next: ActionName[] = [];
  if (live.some((a) => a.state === 'assigned')) next.push('sign');
  if (live.some((a) => a.state === 'handling')) {
    next.push('reply');
    if (units.below(user?.unitId).length > 0) next.push('redispatch');
  }
  return (
    <div className="ms-dh-own" data-testid="own-work">
      <Typography.Text strong>本单位承办</Typography.Text>
      {mine.map((a) => {
        const below = repliesTo(ticket, a);
        return (
          <div key={a.id} className="ms-dh-own-assignment">
            <AssignmentLine a={a} />
            {a.pending ? (
              <div><Tag color="orange">{PENDING_NAMES[a.pending] ?? a.pending}</Tag><Typography.Text type="secondary">{pendingOf(a).days ? `${pendingOf(a).days} 个工作日，` : ''}{pendingOf(a).reason}</Typography.Text></div>
            ) : null}
            {a.replyResult ? <ReplyView a={a} title={false} /> : null}
            <Files ticket={ticket} assignmentId={a.id} />
            {below.length > 0 ? (
              <div className="ms-dh-own-below" data-testid="assisting-replies">
                <Typography.Text type="secondary">{a.role === 'primary' && a.parentAssignmentId === null ? '协办及下级单位反馈' : '下级单位反馈'}</Typography.Text>
                {below.map((b) => (
                  <div key={b.id}>
                    {b.replyResult ? <ReplyView a={b} /> : (
                      <div className="ms-small">
                        <Tag>{ROLE_LABEL(b)}</Tag>{b.unitName}：{b.stateLabel}，尚未反馈
                      </div>
                    )}
                    <Files ticket={ticket} assignmentId={b.id} />
                  </div>
                ))}
              </div>
            ) : null}
          </div>
        );
      })}
      <LatestWord ticket={ticket} mine={mine} />
      {next.length > 0 ? <TicketActions ticket={ticket} only={next} onDone={onDone} emptyText={null} /> : null}
    </div>
  );
}
