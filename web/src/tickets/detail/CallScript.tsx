// 回访话术: what the visitor says on the call, built from the ticket: the greeting, the matter as
// the citizen raised it, and the unit's reply (or the front desk's direct answer), then the three
// questions the visit records.
import { Typography } from 'antd';
import type { TicketDetail } from '../types';
import { primaryAssignment } from './Assignments';

function dateText(iso: string): string {
  const d = new Date(iso);
  return `${d.getMonth() + 1}月${d.getDate()}日`;
}

/** "张先生/女士" is a guess; "张某某" reads like a file. The full name, or a polite neutral form. */
function addressee(t: TicketDetail): string {
  const name = t.citizen.name?.trim();
  if (!name || t.citizen.masked) return '您好，请问是诉求人本人吗？';
  return `您好，请问是${name}吗？`;
}

export function CallScript({ ticket }: { ticket: TicketDetail }) {
  const reply = primaryAssignment(ticket);
  const matter = ticket.title || ticket.content.slice(0, 40);
  return (
    <div className="ms-ticket-script" data-testid="call-script">
      <Typography.Text strong>回访话术</Typography.Text>
      <p>{addressee(ticket)}这里是12345热线，我是回访员，就您反映的问题做个回访（工单号 {ticket.number}）。</p>
      <p>您在{dateText(ticket.acceptedAt)}反映的“{matter}”问题，
        {ticket.answer ? (
          <>热线已直接答复您：<Typography.Text mark>{ticket.answer.length > 120 ? `${ticket.answer.slice(0, 120)}…` : ticket.answer}</Typography.Text></>
        ) : reply?.replyResult ? (
          <>{reply.unitName}已办理并答复：<Typography.Text mark>{reply.replyResult.length > 160 ? `${reply.replyResult.slice(0, 160)}…` : reply.replyResult}</Typography.Text></>
        ) : (
          <>已办理完毕。</>
        )}
      </p>
      <p>想跟您核实三件事：</p>
      <ol style={{ margin: '0 0 4px', paddingLeft: 20 }}>
        <li>{ticket.answer ? '热线的答复您是否清楚？' : '承办单位是否与您联系过？'}</li>
        <li>您反映的问题是否已经解决？</li>
        <li>您对办理结果是满意、基本满意，还是不满意？</li>
      </ol>
      <p className="ms-muted" style={{ fontSize: 12 }}>结束语：感谢您对12345热线的支持，再见。</p>
    </div>
  );
}
