// One warning: its figures, a chart of its tickets per day, the tickets (those the user may open),
// recipients and steps, and the actions the user may take: acknowledge 签收, follow up 跟进, close 办结,
// and the warning letter 预警函 (opens the print page in a new tab).
import { Suspense, lazy, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Descriptions, Drawer, Empty, Form, Input, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, FileTextOutlined } from '@ant-design/icons';
import { useApiError, useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { LoadError } from '../components/LoadError';
import { LEVEL_COLORS, STATUS_COLORS, warningsApi } from './api';
import type { WarningDetail } from './api';

const DailyChart = lazy(() => import('./DailyChart'));

const FACTS: Record<string, string> = {
  heat: '热度指数', citizens: '涉及市民', windowDays: '统计天数', current: '近24小时', mean: '前几周同期均值', sd: '标准差', limit: '预警线',
  weeks: '基线周数', ratio: '为平时倍数', rule: '规则', minCount: '预警起点(件)', windowHours: '统计时长(小时)',
};

interface Props {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}

export function WarningDetailDrawer({ id, onClose, onChanged }: Props) {
  const detail = useLoad((signal) => (id === null ? Promise.resolve(null) : warningsApi.get(id, signal)), [id]);
  const w = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={720} title={w ? <Space><Tag color={LEVEL_COLORS[w.level]}>{w.levelLabel}预警</Tag>{w.title}</Space> : '预警详情'} destroyOnHidden>
      {detail.error && !w ? <LoadError error={detail.error} onRetry={detail.reload} /> : !w ? <Spin /> : <Body w={w} reload={() => { detail.reload(); onChanged(); }} />}
    </Drawer>
  );
}

function Body({ w, reload }: { w: WarningDetail; reload: () => void }) {
  const { message } = App.useApp();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      message.success(what);
      form.resetFields();
      reload();
    } catch (e) {
      showError(e, form, { aliases: { conclusion: 'note' } });
    } finally {
      setBusy(false);
    }
  };
  const facts = Object.entries(w.facts).filter(([k, v]) => FACTS[k] && (typeof v === 'number' || typeof v === 'string'));
  return (
    <div data-testid="warning-detail">
      <Typography.Paragraph>{w.summary}</Typography.Paragraph>
      <Descriptions size="small" bordered column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="编号">{w.number}</Descriptions.Item>
        <Descriptions.Item label="状态"><Tag color={STATUS_COLORS[w.status]}>{w.statusLabel}</Tag></Descriptions.Item>
        <Descriptions.Item label="类型">{w.kindLabel}</Descriptions.Item>
        <Descriptions.Item label="地点/人群">{w.place ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="工单数">{w.ticketCount} 件</Descriptions.Item>
        <Descriptions.Item label="时间范围">{formatDateTime(w.firstAt)} 至 {formatDateTime(w.lastAt)}</Descriptions.Item>
        <Descriptions.Item label="发现时间">{formatDateTime(w.detectedAt)}</Descriptions.Item>
        <Descriptions.Item label="反馈期限">{formatDateTime(w.feedbackDue)}</Descriptions.Item>
        {facts.map(([k, v]) => <Descriptions.Item key={k} label={FACTS[k]}>{String(v)}</Descriptions.Item>)}
        <Descriptions.Item label="接收人" span={2}>{w.recipients.map((r) => `${r.unitName} ${r.name}`).join('、') || '—'}</Descriptions.Item>
        {w.conclusion ? <Descriptions.Item label="办结结论" span={2}>{w.conclusion}</Descriptions.Item> : null}
      </Descriptions>

      <Space wrap style={{ marginBottom: 12 }}>
        {w.mayAcknowledge ? <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => run('已签收', () => warningsApi.ack(w.id))} data-testid="warning-ack">签收</Button> : null}
        <Button icon={<FileTextOutlined />} href={warningsApi.letterUrl(w.id)} target="_blank" rel="noopener" data-testid="warning-letter">预警函</Button>
      </Space>

      <Typography.Title level={5}>每日工单数</Typography.Title>
      <Suspense fallback={<Spin />}>
        {w.daily.length ? <DailyChart daily={w.daily} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Suspense>

      <Typography.Title level={5}>相关工单{w.ticketsHidden ? <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>（另有 {w.ticketsHidden} 件不在您的查看范围内）</Typography.Text> : null}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        data-testid="warning-tickets"
        dataSource={w.tickets}
        pagination={w.tickets.length > 10 ? { pageSize: 10, size: 'small' } : false}
        columns={[
          { title: '工单编号', dataIndex: 'number', width: 150, render: (n: string, t) => <Link to={`/tickets/${t.id}`}>{n}</Link> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '区县', dataIndex: 'districtName', width: 90 },
          { title: '受理时间', dataIndex: 'acceptedAt', width: 140, render: (v: string) => formatDateTime(v) },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 12 }}>处置过程</Typography.Title>
      <Timeline
        items={w.steps.map((s) => ({
          color: s.kind === 'closed' ? 'green' : s.kind === 'detected' || s.kind === 'updated' ? 'red' : 'blue',
          content: (
            <div>
              <b>{s.label}</b> <Typography.Text type="secondary">{formatDateTime(s.at)} {s.actorName ?? '系统'}</Typography.Text>
              {s.note ? <div>{s.note}</div> : null}
            </div>
          ),
        }))}
      />

      {w.mayFollowUp || w.mayClose ? (
        <Form form={form} layout="vertical" data-testid="warning-actions">
          <Form.Item name="note" label="跟进情况 / 办结结论" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder="写明已采取的措施、进展或办结结论" />
          </Form.Item>
          <Space>
            {w.mayFollowUp ? (
              <Button loading={busy} data-testid="warning-follow" onClick={async () => {
                const { note } = await form.validateFields();
                await run('已记录跟进', () => warningsApi.followUp(w.id, note));
              }}>记录跟进</Button>
            ) : null}
            {w.mayClose ? (
              <Button danger loading={busy} data-testid="warning-close" onClick={async () => {
                const { note } = await form.validateFields();
                await run('预警已办结', () => warningsApi.close(w.id, note));
              }}>办结</Button>
            ) : null}
          </Space>
        </Form>
      ) : null}
    </div>
  );
}
