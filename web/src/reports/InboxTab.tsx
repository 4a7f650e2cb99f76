// 我的报表: the reports the schedules delivered to me, newest first, unread in bold; a file opens
// (HTML) or downloads, and marks the report read.
import { useState } from 'react';
import { Button, Empty, Space, Table, Tag } from 'antd';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LoadError } from '../components/LoadError';
import { FORMAT_LABELS, KIND_LABELS, reportsApi, type InboxItem, type ReportKind } from './api';

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function InboxTab({ onRead }: { onRead: () => void }) {
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const list = useLoad((signal) => reportsApi.inbox(page, signal), [page, version]);
  const opened = () => {
    // The download marks it read on the server; reload after it has started.
    setTimeout(() => { setVersion((v) => v + 1); onRead(); }, 800);
  };
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Table<InboxItem>
      size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="report-inbox"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无送达的报表" /> }}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
      rowClassName={(r) => (r.readAt ? '' : 'ms-report-unread')}
      columns={[
        { title: '报表', dataIndex: 'title', render: (v: string, r) => <span style={{ fontWeight: r.readAt ? 400 : 700 }}>{r.readAt ? null : <Tag color="red">未读</Tag>}{v}</span> },
        { title: '类型', dataIndex: 'kind', width: 150, render: (v: string) => KIND_LABELS[v as ReportKind] ?? v },
        { title: '期间', width: 200, render: (_: unknown, r) => `${r.periodFrom} 至 ${r.periodTo}` },
        { title: '定时报表', dataIndex: 'scheduleName', width: 160, ellipsis: true },
        { title: '送达时间', dataIndex: 'generatedAt', width: 150, render: (v: string) => formatDateTime(v) },
        {
          title: '文件', width: 220, render: (_: unknown, r) => (
            <Space size={4} wrap>
              {r.files.map((f) => (
                <Button key={f.format} size="small" href={reportsApi.deliveryUrl(r.id, f.format)} target={f.format === 'html' ? '_blank' : undefined}
                  download={f.format === 'html' ? undefined : ''} onClick={opened} title={kb(f.size)}>
                  {FORMAT_LABELS[f.format]}
                </Button>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}
