// 年度综合考评: mean of the published months, the annual score and (key units) the on-site score,
// weighted into the composite and ranked. Administrators enter the scores and compute.
import { useEffect, useState } from 'react';
import { App, Button, Card, Empty, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { CalculatorOutlined, SaveOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { LoadError } from '../components/LoadError';
import { useApiError, useLoad } from '../hooks';
import { evaluationApi, type AnnualRow, type PeriodList } from './api';

type Edits = Record<number, { annualScore: number | null; onSiteScore: number | null }>;

export function AnnualTab({ periods }: { periods: PeriodList | undefined }) {
  const { hasRole } = useAuth();
  const isAdmin = hasRole('admin');
  const { message } = App.useApp();
  const showError = useApiError();
  const templates = periods?.templates ?? [];
  const [code, setCode] = useState<string | undefined>();
  const current = templates.find((t) => t.code === code) ?? templates[0];
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [version, setVersion] = useState(0);
  const rows = useLoad((signal) => (current ? evaluationApi.annual(current.code, year, signal) : Promise.resolve(undefined)), [current?.code, year, version]);
  const [edits, setEdits] = useState<Edits>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setEdits({}), [current?.code, year]);

  const valueOf = (r: AnnualRow, k: 'annualScore' | 'onSiteScore') => (edits[r.unitId] ? edits[r.unitId]![k] : r[k]);
  const edit = (r: AnnualRow, k: 'annualScore' | 'onSiteScore', v: number | null) =>
    setEdits((e) => ({ ...e, [r.unitId]: { annualScore: valueOf(r, 'annualScore'), onSiteScore: valueOf(r, 'onSiteScore'), [k]: v } }));

  const run = async (what: 'save' | 'compute') => {
    if (!current) return;
    setBusy(true);
    try {
      if (what === 'save') {
        await evaluationApi.putAnnual(current.code, year, Object.entries(edits).map(([id, v]) => ({ unitId: Number(id), ...v })));
        setEdits({});
        message.success('已保存年度与现场考评分');
      } else {
        if (Object.keys(edits).length) await evaluationApi.putAnnual(current.code, year, Object.entries(edits).map(([id, v]) => ({ unitId: Number(id), ...v })));
        setEdits({});
        await evaluationApi.computeAnnual(current.code, year);
        message.success(`已计算 ${year} 年度综合得分`);
      }
      setVersion((n) => n + 1);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (templates.length === 0) return <Empty description="暂无考评方案" />;
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        {templates.length > 1 ? <Select aria-label="考评方案" style={{ width: 200 }} value={current?.code} onChange={setCode} options={templates.map((t) => ({ value: t.code, label: t.name }))} /> : <Typography.Text strong>{current?.name}</Typography.Text>}
        <Select aria-label="年度" style={{ width: 110 }} value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年` }))} />
        {isAdmin ? <Button icon={<SaveOutlined />} disabled={!Object.keys(edits).length} loading={busy} onClick={() => run('save')}>保存录入</Button> : null}
        {isAdmin ? <Button type="primary" icon={<CalculatorOutlined />} loading={busy} onClick={() => run('compute')} data-testid="annual-compute">计算综合得分</Button> : null}
        <Typography.Text type="secondary">综合得分 =（月度均分×权重 + 年度考评分×权重 [+ 现场考评分×权重，重点单位]）÷ 所用权重之和；只计已发布月份</Typography.Text>
      </Space>
      {rows.error ? <LoadError error={rows.error} onRetry={rows.reload} /> : (
        <Table<AnnualRow> size="small" rowKey="unitId" loading={rows.loading} dataSource={rows.data?.items ?? []} pagination={{ pageSize: 50, showSizeChanger: false, size: 'small' }}
          columns={[
            { title: '排名', dataIndex: 'rank', width: 64, align: 'center', render: (v: number | null) => v ?? '—' },
            { title: '单位', dataIndex: 'unitName', render: (v: string, r) => <Space size={4}>{v}{r.keyUnit ? <Tag>重点</Tag> : null}</Space> },
            { title: '月度均分', dataIndex: 'monthlyMean', align: 'right', render: (v: number | null, r) => (v === null ? '—' : `${v.toFixed(2)}（${r.months}个月）`) },
            {
              title: '年度考评分', key: 'annual', align: 'right', width: 130,
              render: (_: unknown, r) => (isAdmin ? <InputNumber size="small" min={0} max={1000} aria-label={`${r.unitName}年度考评分`} value={valueOf(r, 'annualScore')} onChange={(v) => edit(r, 'annualScore', v)} /> : (r.annualScore ?? '—')),
            },
            {
              title: '现场考评分', key: 'onsite', align: 'right', width: 130,
              render: (_: unknown, r) => (!r.keyUnit ? '—' : isAdmin ? <InputNumber size="small" min={0} max={1000} aria-label={`${r.unitName}现场考评分`} value={valueOf(r, 'onSiteScore')} onChange={(v) => edit(r, 'onSiteScore', v)} /> : (r.onSiteScore ?? '—')),
            },
            { title: '综合得分', dataIndex: 'composite', align: 'right', render: (v: number | null, r) => (v === null ? '—' : <Space size={4}><b>{v.toFixed(2)}</b>{r.incomplete ? <Tag color="orange">待录入</Tag> : null}</Space>) },
          ]} />
      )}
    </Card>
  );
}
