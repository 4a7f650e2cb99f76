// The rest of a ticket's file: supervision orders, attachments, related tickets (merged, split).
import { Link } from 'react-router-dom';
import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { TICKET_STATE_LABELS } from '../../../../src/domain/tickets/machine';
import type { TicketState } from '../../../../src/domain/tickets/machine';
import { formatDateTime } from '../../labels';
import { Deadline } from '../Deadline';
import type { TicketDetail } from '../types';
import { ORDER_STATE_LABELS, SUPERVISION_LEVEL_LABELS } from './labels';
import type { SupervisionLevel } from './labels';

const ORDER_COLORS: Record<string, string> = { open: 'orange', answered: 'blue', closed: 'default' };

export function SupervisionOrders({ ticket }: { ticket: TicketDetail }) {
  if (ticket.supervisionOrders.length === 0) return null;
  const unitName = (id: number) => ticket.assignments.find((a) => a.unitId === id)?.unitName ?? `单位 ${id}`;
  return (
    <Card size="small" title={`督办单（${ticket.supervisionOrders.length}）`} data-testid="supervision-orders">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {ticket.supervisionOrders.map((o) => (
          <div key={o.id} className="ms-ticket-assignment">
            <div className="ms-ticket-assignment-head">
              <Tag color="purple">{SUPERVISION_LEVEL_LABELS[o.level as SupervisionLevel] ?? o.level}</Tag>
              <Typography.Text strong>{unitName(o.unitId)}</Typography.Text>
              <Tag color={ORDER_COLORS[o.state] ?? 'default'}>{ORDER_STATE_LABELS[o.state] ?? o.state}</Tag>
              {o.state === 'open' ? <Deadline deadline={o.deadline} label="督办答复期限" /> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>发起于 {formatDateTime(o.openedAt)}</Typography.Text>
            </div>
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 4 }}
              items={[
                { key: 'reason', label: '事由', children: <span className="ms-ticket-pre">{o.reason}</span> },
                ...(o.state !== 'open' ? [] : [{ key: 'deadline', label: '答复期限', children: formatDateTime(o.deadline) }]),
                ...(o.answer ? [{ key: 'answer', label: '单位答复', children: <span className="ms-ticket-pre">{o.answer}</span> }] : []),
                ...(o.result ? [{ key: 'result', label: '督办结果', children: <span className="ms-ticket-pre">{o.result}</span> }] : []),
              ]}
            />
          </div>
        ))}
      </Space>
    </Card>
  );
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const VIEWABLE = /^(image|audio|video)\/|^application\/pdf$/;

export function Attachments({ ticket }: { ticket: TicketDetail }) {
  if (ticket.attachments.length === 0) return null;
  const unitOf = (assignmentId: number | null) => (assignmentId ? ticket.assignments.find((a) => a.id === assignmentId)?.unitName ?? null : null);
  return (
    <Card size="small" title={`附件（${ticket.attachments.length}）`} data-testid="attachments">
      <List
        size="small"
        dataSource={ticket.attachments}
        renderItem={(f) => {
          const href = `/api/tickets/${ticket.id}/attachments/${f.id}`;
          return (
            <List.Item
              actions={[
                ...(VIEWABLE.test(f.contentType) ? [<a key="view" href={`${href}?inline=true`} target="_blank" rel="noreferrer">查看</a>] : []),
                <a key="dl" href={href} download={f.fileName}>下载</a>,
              ]}
            >
              <Space size={8} wrap>
                <PaperClipOutlined />
                <span>{f.fileName}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {sizeText(f.size)} · {unitOf(f.assignmentId) ?? '受理'} · {formatDateTime(f.createdAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

const RELATION_LABELS = { merged_from: '并入本单', split_into: '拆出' } as const;

export function RelatedTickets({ ticket }: { ticket: TicketDetail }) {
  const mergedInto = ticket.mergedIntoId ? [...ticket.events].reverse().find((e) => e.type === 'merged') : undefined;
  const splitFrom = ticket.splitFromId ? ticket.events.find((e) => e.type === 'accepted' && typeof e.data.splitFromNumber === 'string') : undefined;
  const items = [
    ...(ticket.mergedIntoId ? [{ id: ticket.mergedIntoId, number: String(mergedInto?.data.masterNumber ?? `#${ticket.mergedIntoId}`), label: '已并入', state: null }] : []),
    ...(ticket.splitFromId ? [{ id: ticket.splitFromId, number: String(splitFrom?.data.splitFromNumber ?? `#${ticket.splitFromId}`), label: '拆分自', state: null }] : []),
    ...ticket.related.map((r) => ({ id: r.id, number: r.number, label: RELATION_LABELS[r.relation], state: r.state })),
  ];
  if (items.length === 0) return null;
  return (
    <Card size="small" title="关联工单" data-testid="related">
      <Space orientation="vertical" size={4}>
        {items.map((r) => (
          <span key={`${r.label}-${r.id}`}>
            <Tag>{r.label}</Tag>
            <Link to={`/tickets/${r.id}`}>{r.number}</Link>
            {r.state ? <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>{TICKET_STATE_LABELS[r.state as TicketState] ?? r.state}</Typography.Text> : null}
          </span>
        ))}
      </Space>
    </Card>
  );
}
