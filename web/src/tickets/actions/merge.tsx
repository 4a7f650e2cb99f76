// 并单: a duplicate joins its master ticket, whose outcome is then reported to every citizen of
// both. The master is found by number or by text; the candidates start from tickets with the same
// title (the same caller's or the same place's earlier report, as a rule), and the address.
import { useState } from 'react';
import { Button, Form, Input, Space, Table, Typography } from 'antd';
import { useLoad } from '../../hooks';
import { formatDateTime } from '../../labels';
import { LoadError } from '../../components/LoadError';
import { ticketApi } from '../api';
import { ActionFrame } from '../dispatch/form';
import { StateTag } from '../StateTag';
import type { Ticket, TicketDetail } from '../types';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

/** Masters a duplicate may join: open tickets, or closed ones (not merged, invalid or archived). */
const MERGEABLE = new Set(['accepted', 'answered', 'dispatching', 'assigned', 'handling', 'replied', 'visiting', 'suspended', 'closed']);

const searchText = (s: string | null | undefined) => (s ?? '').replace(/…$/, '').trim().slice(0, 100);

function MasterPicker({ ticket, value, onChange }: { ticket: TicketDetail; value?: number; onChange?: (id: number) => void }) {
  const byTitle = searchText(ticket.title);
  const byPlace = searchText(ticket.location.address);
  const [text, setText] = useState(byTitle);
  const [q, setQ] = useState(byTitle);
  const found = useLoad((signal) => (q ? ticketApi.list({ q, pageSize: 20 }, signal) : Promise.resolve({ total: 0, items: [] as Ticket[] })), [q]);
  const items = (found.data?.items ?? []).filter((t) => t.id !== ticket.id && MERGEABLE.has(t.state));
  const search = (s: string) => {
    setText(s);
    setQ(s.trim());
  };
  return (
    <div data-testid="merge-master">
      <Space wrap style={{ marginBottom: 8 }}>
        <span
          onKeyDown={(e) => {
            // Enter searches; it must not submit the merge.
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) e.preventDefault();
          }}
        >
          <Input.Search
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(s) => search(s)}
            placeholder="工单编号，或标题、内容、地址中的文字"
            allowClear
            enterButton="查找"
            style={{ width: 400 }}
            aria-label="查找主工单"
            data-testid="merge-search"
          />
        </span>
        <Typography.Text type="secondary">候选：</Typography.Text>
        <Button size="small" onClick={() => search(byTitle)} disabled={!byTitle}>同标题</Button>
        <Button size="small" onClick={() => search(byPlace)} disabled={!byPlace}>同地址</Button>
      </Space>
      {found.error && !found.data ? (
        <LoadError error={found.error} onRetry={found.reload} />
      ) : (
        <Table<Ticket>
          size="small"
          rowKey="id"
          loading={found.loading}
          dataSource={items}
          pagination={false}
          scroll={{ y: 260 }}
          locale={{ emptyText: q ? '没有可并入的工单' : '输入编号或文字查找主工单' }}
          rowSelection={{ type: 'radio', selectedRowKeys: value ? [value] : [], onChange: (keys) => onChange?.(Number(keys[0])) }}
          onRow={(t) => ({ onClick: () => onChange?.(t.id), 'data-number': t.number }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '工单编号', dataIndex: 'number', width: 130, render: (n: string) => <span className="ms-nums">{n}</span> },
            { title: '标题', dataIndex: 'title', ellipsis: true },
            { title: '地点', key: 'address', width: 150, ellipsis: true, render: (_: unknown, t) => t.location.address ?? '—' },
            { title: '状态', key: 'state', width: 90, render: (_: unknown, t) => <StateTag ticket={t} /> },
            { title: '受理时间', dataIndex: 'acceptedAt', width: 140, render: (v: string) => formatDateTime(v) },
          ]}
        />
      )}
    </div>
  );
}

function MergeForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'merge', onDone, { success: `工单 ${ticket.number} 已并入主工单` });
  return (
    <ActionFrame
      form={form}
      testId="merge-form"
      submitting={submitting}
      submitText="并入所选工单"
      onCancel={onCancel}
      onFinish={(v) => void submit({ masterId: v.masterId as number, note: (v.note as string | undefined)?.trim() || undefined })}
    >
      <Typography.Paragraph type="secondary">
        本工单（{ticket.number}）将作为重复件并入所选主工单，不再单独派单；主工单的办理结果将同时告知本工单的诉求人。
      </Typography.Paragraph>
      <Form.Item name="masterId" label="主工单" required>
        <MasterPicker ticket={ticket} />
      </Form.Item>
      <Form.Item name="note" label="并单说明">
        <Input placeholder="例如：同一诉求人重复来电（可选）" maxLength={1000} />
      </Form.Item>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '并单', hint: '重复诉求并入主工单，办理结果一并告知', kind: 'default', width: 860, Form: MergeForm };
