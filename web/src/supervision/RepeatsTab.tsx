// 屡办不成: the repeat-complaint groups in scope, latest first — the same matter from one caller or
// about one place N+ times in D days (docs/repeats.md) — with the caller (masked) or the place, the
// subject, how many times, first and last call, and each ticket a click away, for 督办.
import { useState } from 'react';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LoadError } from '../components/LoadError';
import { repeatsApi, type RepeatGroupView } from './RepeatsApi';

export function RepeatsTab({ reloadKey }: { reloadKey: unknown }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const groups = useLoad((signal) => repeatsApi.list({ page, pageSize }, signal), [page, pageSize, reloadKey]);
  if (groups.error && !groups.data) return <LoadError error={groups.error} onRetry={groups.reload} />;
  return (
    <Card size="small" data-testid="repeats">
      <Typography.Text type="secondary" className="ms-sv-hint">
        同一来电人或同一地点在规定天数内反复反映同一诉求（次数和天数见系统设置），按最近一次来电排列。点击工单编号查看并督办。
      </Typography.Text>
      <Table<RepeatGroupView>
        data-testid="repeats-table"
        rowKey="id"
        size="middle"
        loading={groups.loading}
        dataSource={groups.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有屡办不成的诉求" /> }}
        onRow={(g) => ({ 'data-group-id': g.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '次数', dataIndex: 'count', width: 110, render: (n: number) => <Tag color="red" data-testid="repeat-count">屡办不成 ×{n}</Tag> },
          { title: '依据', dataIndex: 'basisLabel', width: 96 },
          {
            title: '来电人 / 地点', key: 'who', width: 200,
            render: (_: unknown, g) => (g.basis === 'caller' ? <span className="ms-mono">{g.callerPhone ?? '—'}</span> : <span>{g.address ?? '—'}</span>),
          },
          {
            title: '诉求', key: 'matter', ellipsis: true,
            render: (_: unknown, g) => (
              <span>
                {g.subjectName ? <Tag>{g.subjectName}</Tag> : null}
                {g.title}
              </span>
            ),
          },
          { title: '首次', dataIndex: 'firstAt', width: 150, render: (v: string) => formatDateTime(v) },
          { title: '最近', dataIndex: 'lastAt', width: 150, render: (v: string) => formatDateTime(v) },
          {
            title: '工单', key: 'tickets', width: 140,
            render: (_: unknown, g) => (
              <Space orientation="vertical" size={0}>
                {g.tickets.map((t) => (
                  <Link key={t.id} to={`/tickets/${t.id}`} title={`${t.title}（${t.stateLabel}）`} className="ms-mono">{t.number}</Link>
                ))}
              </Space>
            ),
          },
        ]}
        pagination={{
          current: page, pageSize, total: groups.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => `共 ${n} 组`,
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        tableLayout="fixed"
      />
    </Card>
  );
}
