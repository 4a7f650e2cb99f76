// 月度考评结果: the ranking of a month with the change of rank, full-mark and black-list tags and
// deposits; administrators compute, publish (after a confirmation) and export; a row opens the score's
// explanation down to the tickets.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Modal, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CalculatorOutlined, SendOutlined } from '@ant-design/icons';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { ExportButton } from '../components/ExportButton';
import { LoadError } from '../components/LoadError';
import { useApiError, useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import { evaluationApi, lastMonth, type PeriodList, type ScoreRow } from './api';
import { ScoreDrawer } from './ScoreDrawer';

/** The last twelve months, newest first, plus any month already computed. */
function monthOptions(known: string[]): string[] {
  const out = new Set(known);
  const now = new Date();
  for (let i = 1; i <= 12; i++) {
    const d = new Date(now.getFullYear(), now.getMonth() - i, 1);
    out.add(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
  }
  return [...out].sort().reverse();
}

export function RankChange({ row }: { row: ScoreRow }) {
  if (row.previousRank === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const d = row.previousRank - row.rank;
  if (d === 0) return <Typography.Text type="secondary">持平</Typography.Text>;
  return d > 0
    ? <span style={{ color: '#389e0d' }} aria-label={`上升${d}位`}><ArrowUpOutlined /> {d}</span>
    : <span style={{ color: '#cf1322' }} aria-label={`下降${-d}位`}><ArrowDownOutlined /> {-d}</span>;
}

export function MonthlyTab({ periods, onChanged }: { periods: PeriodList | undefined; onChanged: () => void }) {
  const { hasRole } = useAuth();
  const isAdmin = hasRole('admin');
  const seesAll = hasRole('admin', 'leader', 'supervisor');
  const { message } = App.useApp();
  const showError = useApiError();
  const templates = periods?.templates ?? [];
  const [code, setCode] = useState<string | undefined>();
  const current = templates.find((t) => t.code === code) ?? templates[0];
  const known = current?.months.map((m) => m.month) ?? [];
  const [month, setMonth] = useState<string | undefined>();
  const shown = month ?? known[0] ?? lastMonth();
  const [list, setList] = useState<'all' | 'full' | 'black'>('all');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const scores = useLoad((signal) => (current
    ? evaluationApi.scores(current.code, shown, { page, pageSize: 50, list: list === 'all' ? undefined : list }, signal)
    : Promise.resolve(undefined)), [current?.code, shown, page, list, version]);
  const notComputed = scores.error instanceof ApiError && scores.error.status === 404;
  const data = scores.error ? undefined : scores.data;
  const indicatorCols = data?.items[0]?.indicators ?? [];

  const act = async (what: 'compute' | 'publish') => {
    if (!current) return;
    setBusy(true);
    try {
      if (what === 'compute') {
        const r = await evaluationApi.compute(current.code, shown);
        message.success(`已计算 ${shown}：${r.units} 家单位，${r.items} 条扣分明细`);
      } else {
        await evaluationApi.publish(current.code, shown);
        message.success(`${shown} 考评结果已发布`);
      }
      setVersion((v) => v + 1);
      onChanged();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const confirmPublish = () => Modal.confirm({
    title: `发布 ${shown} 考评结果？`,
    content: '发布后结果冻结，不能重新计算或调整加分；各单位即可查看本单位得分与扣分明细。',
    okText: '发布', cancelText: '取消', onOk: () => act('publish'),
  });

  const columns = useMemo(() => [
    { title: '排名', dataIndex: 'rank', width: 64, align: 'center' as const },
    { title: '变化', key: 'change', width: 72, render: (_: unknown, r: ScoreRow) => <RankChange row={r} /> },
    {
      title: '单位', dataIndex: 'unitName', render: (v: string, r: ScoreRow) => (
        <Space size={4} wrap>
          <span>{v}</span>
          {r.keyUnit ? <Tag>重点</Tag> : null}
          {r.fullMark ? <Tag color="green">满分</Tag> : null}
          {r.blackListed ? <Tag color="red">黑榜</Tag> : null}
        </Space>
      ),
    },
    { title: '得分', dataIndex: 'total', width: 80, align: 'right' as const, render: (v: number) => <b>{v.toFixed(2)}</b> },
    ...indicatorCols.map((ind, i) => ({
      title: `${ind.label}（${ind.weight}）`, key: ind.key, width: 110, align: 'right' as const,
      render: (_: unknown, r: ScoreRow) => r.indicators[i]?.points.toFixed(2),
    })),
    { title: '扣分', dataIndex: 'deductions', width: 70, align: 'right' as const, render: (v: number) => (v > 0 ? <span style={{ color: '#cf1322' }}>−{v}</span> : '0') },
    { title: '加分', dataIndex: 'bonuses', width: 70, align: 'right' as const, render: (v: number) => (v > 0 ? `+${v}` : '0') },
    { title: '扣保证金（元）', dataIndex: 'deposit', width: 120, align: 'right' as const, render: (v: number) => (v > 0 ? v.toLocaleString('zh-CN') : '—') },
  ], [indicatorCols]);

  if (templates.length === 0) return <Empty description="暂无考评结果" />;
  const state = data?.period.state;
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        {templates.length > 1 ? (
          <Select aria-label="考评方案" style={{ width: 200 }} value={current?.code} onChange={(v) => { setCode(v); setMonth(undefined); setPage(1); }}
            options={templates.map((t) => ({ value: t.code, label: t.name }))} />
        ) : <Typography.Text strong>{current?.name}</Typography.Text>}
        <Select aria-label="月份" data-testid="evaluation-month" style={{ width: 130 }} value={shown} onChange={(v) => { setMonth(v); setPage(1); }}
          options={(isAdmin ? monthOptions(known) : known).map((m) => ({ value: m, label: m }))} />
        <Segmented value={list} onChange={(v) => { setList(v as typeof list); setPage(1); }}
          options={[{ value: 'all', label: '全部' }, { value: 'full', label: '满分单位' }, { value: 'black', label: '黑榜' }]} />
        {state ? <Tag color={state === 'published' ? 'green' : 'orange'} data-testid="evaluation-state">{state === 'published' ? '已发布' : '草稿'}</Tag> : null}
        {isAdmin && state !== 'published' && current ? (
          <Button icon={<CalculatorOutlined />} loading={busy} onClick={() => act('compute')} data-testid="evaluation-compute">{state ? '重新计算' : '计算'}</Button>
        ) : null}
        {isAdmin && state === 'draft' ? <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={confirmPublish} data-testid="evaluation-publish">发布</Button> : null}
        {data && current ? <ExportButton label="导出" path={evaluationApi.exportPath(current.code, shown)} fallbackName={`${current.name}${shown}考评结果.csv`} hint="排名、各项得分、扣分、加分、名单与保证金（Excel 可直接打开）" /> : null}
      </Space>
      {notComputed ? (
        <Empty description={isAdmin ? `${shown} 尚未计算，点击“计算”生成草稿` : `${shown} 的考评结果尚未发布`} />
      ) : scores.error ? <LoadError error={scores.error} onRetry={scores.reload} /> : (
        <>
          {data && seesAll ? (
            <Space size={32} style={{ marginBottom: 12 }} wrap>
              <Statistic title="参评单位" value={data.total} suffix="家" />
              <Statistic title="满分单位" value={data.fullMarkCount} suffix="家" />
              <Statistic title="黑榜" value={data.blackListCount} suffix="家" />
              <Statistic title="扣缴保证金" value={data.depositTotal} suffix="元" />
              <Typography.Text type="secondary">
                方案第 {data.period.templateVersion} 版 · 计算于 {formatDateTime(data.period.computedAt)}
                {data.period.publishedAt ? ` · 发布于 ${formatDateTime(data.period.publishedAt)}` : ''}
              </Typography.Text>
            </Space>
          ) : null}
          {state === 'draft' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="草稿：各单位在发布后才能看到本月结果" /> : null}
          <Table<ScoreRow>
            size="small" rowKey="unitId" data-testid="evaluation-table" loading={scores.loading}
            dataSource={data?.items ?? []} columns={columns} scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
            onRow={(r) => ({
              onClick: () => setOpen(r.unitId), onKeyDown: (e: React.KeyboardEvent) => { if (e.key === 'Enter') setOpen(r.unitId); }, tabIndex: 0,
              style: { cursor: 'pointer' }, 'data-unit-id': r.unitId,
            }) as React.HTMLAttributes<HTMLElement>}
          />
        </>
      )}
      {current ? <ScoreDrawer code={current.code} month={shown} unitId={open} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
