// On the ticket page: the ticket is a repeat complaint 屡办不成 — how many times, on what basis, and
// links to the other tickets of its group (in the reader's scope), for whoever handles or chases it.
import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { repeatsApi } from './RepeatsApi';

export function RepeatsGroup({ ticket }: { ticket: { id: number; repeatGroupId: number | null; repeatCount: number } }) {
  const groupId = ticket.repeatGroupId;
  const { data } = useLoad((signal) => (groupId === null ? Promise.resolve(null) : repeatsApi.get(groupId, signal)), [groupId, ticket.repeatCount]);
  if (groupId === null) return null;
  return (
    <Card
      size="small"
      data-testid="repeat-group"
      title={<span><Tag color="red">屡办不成 ×{ticket.repeatCount}</Tag>{data ? `${data.basisLabel}反复反映同一诉求` : '反复投诉'}</span>}
      style={{ borderColor: '#ffa39e' }}
    >
      {data ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {data.basis === 'caller' ? `来电人 ${data.callerPhone ?? '—'}` : `地点 ${data.address ?? '—'}`}
            {data.subjectName ? ` · ${data.subjectName}` : ''} · {formatDateTime(data.firstAt).slice(0, 10)} 至 {formatDateTime(data.lastAt).slice(0, 10)}
          </Typography.Text>
          {data.tickets.map((t) => (
            <span key={t.id} data-testid="repeat-group-ticket">
              {t.id === ticket.id ? <Tag>本单</Tag> : null}
              <Link to={`/tickets/${t.id}`}>{t.number}</Link>
              <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>{formatDateTime(t.acceptedAt).slice(0, 10)} · {t.stateLabel}</Typography.Text>
              <span style={{ marginInlineStart: 6 }}>{t.title}</span>
            </span>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}
