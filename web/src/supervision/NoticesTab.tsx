// 通报: the 督办通报 notices in scope, newest first (a unit sees those naming it or a unit below
// it). A row unfolds to the full text. Supervisors publish from here or from 按单位.
import { useState } from 'react';
import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import type { UnitNode } from '../labels';
import { LoadError } from '../components/LoadError';
import { supervisionApi } from './api';
import { UnitAndTextFilter } from './UnitAndTextFilter';
import type { NoticeView } from './api';

interface Props {
  tree: UnitNode[] | undefined;
  reloadKey: unknown;
  onPublish: () => void;
  /** The notice just published: unfolded and marked. */
  fresh: number | null;
}

export function NoticesTab({ tree, reloadKey, onPublish, fresh }: Props) {
  const { hasRole } = useAuth();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<number[]>([]);
  const notices = useLoad((signal) => supervisionApi.notices({ unitId, q: q || undefined, page, pageSize: 20 }, signal), [unitId, q, page, reloadKey]);
  const open = fresh !== null && !expanded.includes(fresh) ? [...expanded, fresh] : expanded;

  return (
    <Card size="small" data-testid="notices">
      <div className="ms-sv-toolbar">
        <Space wrap size={[12, 8]}>
          <UnitAndTextFilter
            tree={tree}
            unitId={unitId}
            onUnit={(v) => {
              setUnitId(v);
              setPage(1);
            }}
            onText={(v) => {
              setQ(v);
              setPage(1);
            }}
            unitPlaceholder="全部被通报单位"
            unitLabel="按被通报单位筛选"
            textPlaceholder="标题或内容"
            textLabel="搜索通报"
          />
        </Space>
        {hasRole('supervisor') ? (
          <Button type="primary" icon={<NotificationOutlined />} onClick={onPublish} data-testid="publish-notice">
            发布通报
          </Button>
        ) : null}
      </div>
      {notices.error && !notices.data ? (
        <LoadError error={notices.error} onRetry={notices.reload} />
      ) : (
        <Table<NoticeView>
          size="small"
          rowKey="id"
          data-testid="notice-table"
          loading={notices.loading}
          dataSource={notices.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q || unitId ? '没有符合条件的通报' : '暂无督办通报'} /> }}
          rowClassName={(n) => (n.id === fresh ? 'ms-sv-fresh' : '')}
          onRow={(n) => ({ 'data-notice-id': n.id }) as React.HTMLAttributes<HTMLElement>}
          expandable={{
            expandedRowKeys: open,
            onExpandedRowsChange: (keys) => setExpanded(keys.map(Number)),
            expandRowByClick: true,
            expandedRowRender: (n) => (
              <div className="ms-sv-notice-body" data-testid="notice-body-text">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{n.body}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.publishedUnitName ?? ''} {n.publishedByName ?? ''} 发布于 {formatDateTime(n.publishedAt)}
                </Typography.Text>
              </div>
            ),
          }}
          pagination={{ current: page, pageSize: 20, total: notices.data?.total ?? 0, showTotal: (n) => `共 ${n} 条`, onChange: setPage, hideOnSinglePage: true }}
          columns={[
            {
              title: '通报标题', dataIndex: 'title', ellipsis: true,
              render: (title: string, n) => (
                <Space size={6}>
                  {n.id === fresh ? <Tag color="green">新发布</Tag> : null}
                  <Typography.Text strong>{title}</Typography.Text>
                </Space>
              ),
            },
            {
              title: '被通报单位', dataIndex: 'units', width: 300,
              render: (units: NoticeView['units']) => (
                <Space size={[4, 4]} wrap>
                  {units.slice(0, 4).map((u) => <Tag key={u.id}>{u.name}</Tag>)}
                  {units.length > 4 ? <Typography.Text type="secondary">等 {units.length} 个单位</Typography.Text> : null}
                </Space>
              ),
            },
            { title: '通报期间', key: 'period', width: 200, render: (_: unknown, n) => `${n.periodFrom} 至 ${n.periodTo}` },
            { title: '发布人', dataIndex: 'publishedByName', width: 110, render: (v: string | null) => v ?? '—' },
            { title: '发布时间', dataIndex: 'publishedAt', width: 150, render: (v: string) => formatDateTime(v) },
          ]}
        />
      )}
    </Card>
  );
}
