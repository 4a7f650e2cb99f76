// The head of a ticket as everyone needs it first: number, state, what step it waits on and how
// long is left, the flags that change how it is handled, the citizen's request and the citizen.
import { Descriptions, Space, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../labels';
import { useCodes } from '../codes';
import { Deadline } from '../Deadline';
import { StateTag } from '../StateTag';
import type { Ticket, TicketDetail } from '../types';
import { RevealField } from './Reveal';

/** The step a ticket's own deadline (`dueAt`) times, by state. */
export function stepLabel(state: string): string {
  switch (state) {
    case 'accepted':
    case 'dispatching':
      return '派单时限';
    case 'assigned':
    case 'handling':
    case 'suspended':
      return '办理时限';
    case 'replied':
      return '审核时限';
    case 'answered':
    case 'visiting':
      return '回访时限';
    default:
      return '时限';
  }
}

/** The ticket's flags as tags: urgency, 督办, 重办, 保密, 超期. */
export function TicketFlags({ ticket }: { ticket: Ticket }) {
  const codes = useCodes();
  return (
    <Space size={0} wrap data-testid="ticket-flags">
      {ticket.urgency !== 'normal' ? <Tag color={ticket.urgency === 'critical' ? 'red' : 'volcano'}>{codes.name('urgencies', ticket.urgency)}</Tag> : null}
      {ticket.supervised ? <Tag color="purple">督办</Tag> : null}
      {!ticket.firstTime ? <Tag color="orange">{ticket.reopenCount > 0 ? `重办 ${ticket.reopenCount} 次` : '重办'}</Tag> : null}
      {ticket.sendbackCount > 0 ? <Tag color="orange">退回重办 {ticket.sendbackCount} 次</Tag> : null}
      {ticket.citizen.confidential ? <Tag icon={<LockOutlined />} color="default">保密</Tag> : null}
      {ticket.overdue ? <Tag color="red">曾超期</Tag> : null}
    </Space>
  );
}

/** Number (copyable), state, flags and the current step's countdown, on one line. */
export function TicketHeadline({ ticket, link = false }: { ticket: Ticket; link?: boolean }) {
  const open = ['closed', 'archived', 'merged', 'invalid'].includes(ticket.state) === false;
  return (
    <div className="ms-ticket-headline">
      <Typography.Text strong copyable={{ text: ticket.number, tooltips: ['复制编号', '已复制'] }} className="ms-ticket-number" data-testid="ticket-number">
        {link ? <a href={`/tickets/${ticket.id}`} onClick={(e) => e.stopPropagation()}>{ticket.number}</a> : ticket.number}
      </Typography.Text>
      <StateTag ticket={ticket} />
      {open && ticket.dueAt ? (
        <span className="ms-ticket-due">
          <Typography.Text type="secondary">{stepLabel(ticket.state)}</Typography.Text>
          <Deadline deadline={ticket.dueAt} level={ticket.slaLevel} label={stepLabel(ticket.state)} />
        </span>
      ) : null}
      <TicketFlags ticket={ticket} />
    </div>
  );
}

/** The citizen: name, masked phone (reveal for the roles allowed), ID number on reveal. */
export function CitizenLine({ ticket, canReveal }: { ticket: TicketDetail; canReveal: boolean }) {
  const c = ticket.citizen;
  return (
    <Space size={12} wrap data-testid="citizen">
      <span>
        {c.confidential ? <Tooltip title="保密诉求人：单位看不到姓名"><LockOutlined style={{ marginInlineEnd: 4 }} /></Tooltip> : null}
        {c.masked ? <RevealField ticketId={ticket.id} field="name" masked={c.name} canReveal={canReveal} /> : (c.name ?? <span className="ms-muted">匿名</span>)}
      </span>
      <RevealField ticketId={ticket.id} field="phone" masked={c.phone} canReveal={canReveal} />
      {canReveal ? (
        <span className="ms-muted">
          身份证号 <RevealField ticketId={ticket.id} field="idNumber" masked={null} canReveal always />
        </span>
      ) : null}
    </Space>
  );
}

/** The request as the citizen made it: the facts a handler reads before anything else. */
export function TicketFacts({ ticket, compact = false }: { ticket: TicketDetail; compact?: boolean }) {
  const codes = useCodes();
  const canReveal = ticket.actions.includes('reveal');
  const where = [ticket.location.districtName, ticket.location.address].filter(Boolean).join(' · ');
  return (
    <Descriptions
      size="small"
      column={compact ? 1 : { xs: 1, md: 2, xl: 3 }}
      bordered={!compact}
      data-testid="ticket-facts"
      items={[
        { key: 'type', label: '诉求类型', children: codes.name('types', ticket.type) },
        { key: 'subject', label: '诉求分类', children: ticket.subjectName ?? <span className="ms-muted">未分类</span> },
        ...(compact ? [] : [
          { key: 'channel', label: '来源渠道', children: codes.name('channels', ticket.channel) },
          { key: 'urgency', label: '紧急程度', children: codes.name('urgencies', ticket.urgency) },
        ]),
        { key: 'citizen', label: '诉求人', children: <CitizenLine ticket={ticket} canReveal={canReveal} />, span: compact ? 1 : 2 },
        { key: 'where', label: '诉求地点', children: where || <span className="ms-muted">未提供</span>, span: compact ? 1 : 2 },
        { key: 'accepted', label: '受理时间', children: formatDateTime(ticket.acceptedAt) },
        ...(ticket.closedAt ? [{ key: 'closed', label: '办结时间', children: formatDateTime(ticket.closedAt) }] : []),
      ]}
    />
  );
}

/** Title and content, the content's line breaks kept. */
export function TicketRequest({ ticket, rows }: { ticket: Ticket; rows?: number }) {
  return (
    <div className="ms-ticket-request" data-testid="ticket-request">
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 4 }}>{ticket.title || '（无标题）'}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} ellipsis={rows ? { rows, expandable: 'collapsible', symbol: (expanded: boolean) => (expanded ? '收起' : '展开') } : false}>
        {ticket.content}
      </Typography.Paragraph>
    </div>
  );
}
