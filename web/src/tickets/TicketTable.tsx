// The ticket list every queue is built on: server-side paging and filters, deadlines as countdowns,
// live reload when a ticket in view changes (server-sent events), and keyboard use (Tab to a row,
// Enter opens it).
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LoadError } from '../components/LoadError';
import { ticketApi } from './api';
import { useCodes } from './codes';
import { Deadline } from './Deadline';
import { StateTag } from './StateTag';
import type { Ticket, TicketQuery } from './types';
import { useTicketStream } from './useTicketStream';

export type ColumnKey = 'number' | 'title' | 'type' | 'channel' | 'urgency' | 'subject' | 'district' | 'state' | 'acceptedAt' | 'deadline' | 'units' | 'citizen';

export const DEFAULT_COLUMNS: ColumnKey[] = ['number', 'title', 'type', 'subject', 'district', 'state', 'acceptedAt', 'deadline'];

interface Props {
  query: TicketQuery;
  columns?: ColumnKey[];
  /** Extra columns after the standard ones (e.g. a queue's quick actions). */
  extra?: TableColumnsType<Ticket>;
  /** The deadline a queue races: the ticket's own by default, a unit's assignment in the workbench. */
  deadlineOf?: (t: Ticket) => { deadline: string | null; level: number; doneAt?: string | null; label?: string };
  /** Opens a ticket; by default its page. */
  onOpen?: (t: Ticket) => void;
  selectedId?: number | null;
  /** Changing it reloads the list (after an action on this screen). */
  reloadKey?: unknown;
  pageSize?: number;
  testId?: string;
  empty?: ReactNode;
  /** Called with each loaded page's total (for tab badges). */
  onTotal?: (total: number) => void;
}

export function TicketTable({ query, columns = DEFAULT_COLUMNS, extra = [], deadlineOf, onOpen, selectedId, reloadKey, pageSize: initialSize = 20, testId = 'ticket-table', empty, onTotal }: Props) {
  const navigate = useNavigate();
  const codes = useCodes();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialSize);
  const key = JSON.stringify(query);
  useEffect(() => setPage(1), [key]);
  const { data, loading, error, reload } = useLoad((signal) => ticketApi.list({ ...query, page, pageSize }, signal), [key, page, pageSize, reloadKey]);
  useTicketStream(() => reload());
  useEffect(() => {
    if (data) onTotal?.(data.total);
  }, [data, onTotal]);

  const open = onOpen ?? ((t: Ticket) => navigate(`/tickets/${t.id}`));

  const all = useMemo<Record<ColumnKey, TableColumnsType<Ticket>[number]>>(() => ({
    number: { title: '工单编号', dataIndex: 'number', width: 130, render: (n: string, t) => <a href={`/tickets/${t.id}`} onClick={(e) => { e.preventDefault(); open(t); }}>{n}</a> },
    title: {
      title: '标题', dataIndex: 'title', ellipsis: { showTitle: false },
      render: (title: string, t) => (
        <Tooltip title={t.content.slice(0, 200)} placement="topLeft">
          <span>
            {t.urgency !== 'normal' ? <Tag color={t.urgency === 'critical' ? 'red' : 'volcano'}>{codes.name('urgencies', t.urgency)}</Tag> : null}
            {t.supervised ? <Tag color="purple">督办</Tag> : null}
            {!t.firstTime ? <Tag color="orange">重办</Tag> : null}
            {t.repeatGroupId !== null ? <Tag color="red" data-testid="repeat-tag">屡办不成 ×{t.repeatCount}</Tag> : null}
            {title}
          </span>
        </Tooltip>
      ),
    },
    type: { title: '类型', dataIndex: 'type', width: 72, render: (c: string) => codes.name('types', c) },
    channel: { title: '渠道', dataIndex: 'channel', width: 96, render: (c: string) => codes.name('channels', c) },
    urgency: { title: '紧急程度', dataIndex: 'urgency', width: 80, render: (c: string) => codes.name('urgencies', c) },
    subject: { title: '诉求分类', dataIndex: 'subjectName', width: 140, ellipsis: true, render: (s: string | null) => s ?? <span className="ms-muted">未分类</span> },
    district: { title: '区县', key: 'district', width: 90, render: (_: unknown, t) => t.location.districtName ?? '—' },
    state: { title: '状态', dataIndex: 'state', width: 96, render: (_: string, t) => <StateTag ticket={t} /> },
    acceptedAt: { title: '受理时间', dataIndex: 'acceptedAt', width: 150, render: (v: string) => formatDateTime(v) },
    deadline: {
      title: '办理时限', key: 'deadline', width: 130,
      render: (_: unknown, t) => {
        const d = deadlineOf ? deadlineOf(t) : { deadline: t.dueAt, level: t.slaLevel, doneAt: t.closedAt };
        return <Deadline deadline={d.deadline} level={d.level} doneAt={d.doneAt} label={d.label} />;
      },
    },
    units: {
      title: '承办单位', key: 'units', width: 180, ellipsis: true,
      render: (_: unknown, t) => {
        const live = t.assignments.filter((a) => a.state !== 'withdrawn' && a.state !== 'returned' && a.parentAssignmentId === null);
        if (live.length === 0) return <span className="ms-muted">—</span>;
        return live.map((a) => `${a.unitName}${a.role === 'assisting' ? '（协办）' : ''}`).join('、');
      },
    },
    citizen: {
      title: '诉求人', key: 'citizen', width: 120,
      render: (_: unknown, t) => (
        <span>
          {t.citizen.confidential ? <LockOutlined title="保密" style={{ marginInlineEnd: 4 }} /> : null}
          {t.citizen.name ?? '—'} <Typography.Text type="secondary">{t.citizen.phone ?? ''}</Typography.Text>
        </span>
      ),
    },
  }), [codes, deadlineOf, open]);

  if (error && !data) return <LoadError error={error} onRetry={reload} />;

  return (
    <Table<Ticket>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      columns={[...columns.map((c) => all[c]), ...extra]}
      dataSource={data?.items ?? []}
      locale={empty ? { emptyText: empty } : undefined}
      rowClassName={(t) => (t.id === selectedId ? 'ms-row-selected' : '')}
      onRow={(t) => ({
        tabIndex: 0,
        'data-ticket-id': t.id,
        'data-number': t.number,
        onKeyDown: (e) => {
          if (e.key === 'Enter' && e.target === e.currentTarget) open(t);
        },
        onDoubleClick: () => open(t),
      }) as React.HTMLAttributes<HTMLElement>}
      pagination={{
        current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => `共 ${total} 条`,
        onChange: (p, s) => {
          setPage(s !== pageSize ? 1 : p);
          setPageSize(s);
        },
      }}
      scroll={{ x: 'max-content' }}
    />
  );
}
