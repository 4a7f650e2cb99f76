// The tickets behind a figure's cell (GET /api/stats/tickets): the page's period and filters
// narrowed by the cell's keys, paged on the server; each ticket links to its page.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Drawer, Table, Typography } from 'antd';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { errorText } from '../api';
import { statsApi, type DrillTicket } from './api';
import type { ApiQuery } from './query';

export interface Drill {
  title: string;
  query: ApiQuery;
  /** What the list is, under the title (a rate's population, say). */
  note?: string;
}

export function DrillDrawer({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const key = JSON.stringify(drill?.query ?? null);
  useEffect(() => setPage(1), [key]);
  const list = useLoad(
    (signal) => (drill ? statsApi.tickets({ ...drill.query, limit: String(pageSize), offset: String((page - 1) * pageSize) }, signal) : Promise.resolve(undefined)),
    [key, page, pageSize],
  );
  const data = drill ? list.data : undefined;
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size="large"
      title={drill?.title}
      destroyOnHidden
      data-testid="drill-drawer"
      extra={data ? <Typography.Text data-testid="drill-total">共 {data.total} 件</Typography.Text> : null}
    >
      {drill?.note ? <Typography.Paragraph type="secondary">{drill.note}</Typography.Paragraph> : null}
      {list.error && drill ? <Alert type="error" showIcon title={`工单加载失败：${errorText(list.error)}`} style={{ marginBottom: 12 }} /> : null}
      <Table<DrillTicket>
        size="small"
        rowKey="id"
        data-testid="drill-table"
        loading={list.loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: '没有工单' }}
        pagination={{
          current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
          showTotal: (t) => `共 ${t} 件`,
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: '工单编号', dataIndex: 'number', width: 140, render: (n: string, t) => <Link to={`/tickets/${t.id}`}>{n}</Link> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '区县', dataIndex: 'districtName', width: 90, render: (d: string | null) => d ?? '—' },
          { title: '状态', dataIndex: 'stateLabel', width: 90 },
          { title: '受理时间', dataIndex: 'acceptedAt', width: 150, render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Drawer>
  );
}
