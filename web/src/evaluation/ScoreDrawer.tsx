// 得分说明: one unit's score explained — each indicator's value against its weight, each kind of
// deduction with its count and cap, and every point lost with the ticket behind it (paged, linked).
import { useState } from 'react';
import { Descriptions, Drawer, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { LoadError } from '../components/LoadError';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { evaluationApi, type Explanation } from './api';
import { RankChange } from './MonthlyTab';

type Item = Explanation['items'][number];
const KIND_COLORS: Record<string, string> = { overdue: 'orange', supervision: 'volcano', unsatisfied: 'magenta', province: 'purple' };

export function ScoreDrawer({ code, month, unitId, onClose }: { code: string; month: string; unitId: number | null; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string | undefined>();
  const detail = useLoad((signal) => (unitId === null ? Promise.resolve(undefined)
    : evaluationApi.explain(code, month, unitId, { page, pageSize: 20, kind }, signal)), [code, month, unitId, page, kind]);
  const d = detail.error ? undefined : detail.data;
  const s = d?.score;
  return (
    <Drawer open={unitId !== null} onClose={() => { setPage(1); setKind(undefined); onClose(); }} width={760} destroyOnHidden
      title={s ? `${s.unitName} · ${month} 得分说明` : '得分说明'} data-testid="score-drawer">
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : s ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={4} bordered>
            <Descriptions.Item label="得分"><b>{s.total.toFixed(2)}</b></Descriptions.Item>
            <Descriptions.Item label="排名">{s.rank}（<RankChange row={s} />）</Descriptions.Item>
            <Descriptions.Item label="名单">{s.fullMark ? <Tag color="green">满分</Tag> : null}{s.blackListed ? <Tag color="red">黑榜</Tag> : null}{!s.fullMark && !s.blackListed ? '—' : null}</Descriptions.Item>
            <Descriptions.Item label="扣保证金">{s.deposit > 0 ? `${s.deposit} 元` : '—'}</Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>指标得分 {s.indicatorPoints.toFixed(2)}</Typography.Title>
            <Table size="small" rowKey="key" pagination={false} dataSource={s.indicators} columns={[
              { title: '指标', dataIndex: 'label' },
              { title: '本月数值', dataIndex: 'value', align: 'right', render: (v: number | null) => (v === null ? '—（无数据，按满分计）' : `${v.toFixed(2)}%`) },
              { title: '分值', dataIndex: 'weight', align: 'right' },
              { title: '得分', dataIndex: 'points', align: 'right', render: (v: number) => v.toFixed(2) },
              { title: '失分', key: 'lost', align: 'right', render: (_: unknown, r) => { const lost = r.weight - r.points; return lost > 0.004 ? <span style={{ color: '#cf1322' }}>−{lost.toFixed(2)}</span> : '0'; } },
            ]} />
          </div>
          <div>
            <Typography.Title level={5}>扣分 −{s.deductions} · 加分 +{s.bonuses}</Typography.Title>
            {s.tallies.length ? (
              <Space wrap>
                {s.tallies.map((t) => (
                  <Tag key={t.kind} color={KIND_COLORS[t.kind]}>{t.label} {t.events} 件，扣 {t.points} 分{t.capped ? `（${t.capped} 件超出封顶不扣）` : ''}</Tag>
                ))}
              </Space>
            ) : <Typography.Text type="secondary">本月无扣分事项</Typography.Text>}
          </div>
          <div>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>扣分明细</Typography.Title>
              <Select aria-label="扣分类型" allowClear placeholder="全部类型" style={{ width: 170 }} value={kind} onChange={(v) => { setKind(v); setPage(1); }}
                options={s.tallies.map((t) => ({ value: t.kind, label: t.label }))} />
            </Space>
            <Table<Item> size="small" rowKey="id" data-testid="score-items" dataSource={d.items}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有扣分的工单" /> }}
              pagination={{ current: page, pageSize: 20, total: d.total, onChange: setPage, showSizeChanger: false, size: 'small' }}
              columns={[
                { title: '类型', dataIndex: 'label', width: 140, render: (v: string, r) => <Tag color={KIND_COLORS[r.kind]}>{v}</Tag> },
                { title: '工单', dataIndex: 'ticketNumber', render: (v: string, r) => <Link to={`/tickets/${r.ticketId}`}>{v}</Link> },
                { title: '标题', dataIndex: 'ticketTitle', ellipsis: true },
                { title: '时间', dataIndex: 'at', width: 140, render: (v: string) => formatDateTime(v) },
                { title: '扣分', dataIndex: 'points', width: 64, align: 'right', render: (v: number) => <span style={{ color: '#cf1322' }}>−{v}</span> },
              ]} />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}
