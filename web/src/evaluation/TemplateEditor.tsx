// 考评方案: the administrators' editor — indicators (figure, weight, target, floor, curve), deductions
// per event with a monthly cap, the bonus cap, list and deposit rules, annual weights, and the units
// evaluated (with the key-unit flag). Saving writes a new version; published months keep theirs.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { DEDUCTION_KINDS, DEDUCTION_LABELS, DEFAULT_TEMPLATE, type DeductionKind, type Indicator } from '../../../src/domain/evaluation/template';
import { FIGURE_LABELS, RATE_KEYS } from '../../../src/services/stats/types';
import { LoadError } from '../components/LoadError';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useApiError, useLoad } from '../hooks';
import type { Id } from '../labels';
import { useUnitTree } from '../units';
import { evaluationApi, type Template, type TemplateView } from './api';

const CURVE_OPTIONS = [
  { value: 'linear', label: '线性（起评值0分→目标值满分）' },
  { value: 'step', label: '达标（达到目标值得满分）' },
  { value: 'ratio', label: '比例（数值÷目标值）' },
];

interface Draft { code: string; name: string; body: Template; units: { unitId: number; keyUnit: boolean; name: string }[]; version: number | null }

const fromView = (t: TemplateView): Draft => ({ code: t.code, name: t.name, body: t.body, units: t.units.map((u) => ({ unitId: u.unitId, keyUnit: u.keyUnit, name: u.name })), version: t.version });
const blank = (): Draft => ({ code: '', name: '', body: structuredClone(DEFAULT_TEMPLATE), units: [], version: null });

function Num({ label, value, onChange, min = 0, max = 1000, step, nullable }: { label: string; value: number | null; onChange: (v: number | null) => void; min?: number; max?: number; step?: number; nullable?: boolean }) {
  return <InputNumber aria-label={label} size="small" min={min} max={max} step={step} value={value} placeholder={nullable ? '不限' : undefined}
    onChange={(v) => onChange(v === null ? (nullable ? null : 0) : Number(v))} style={{ width: '100%' }} />;
}

export function TemplateEditor({ onSaved }: { onSaved: () => void }) {
  const { message } = App.useApp();
  const showError = useApiError();
  const [version, setVersion] = useState(0);
  const list = useLoad((signal) => evaluationApi.templates(signal), [version]);
  const tree = useUnitTree();
  const [code, setCode] = useState<string | undefined>();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [pick, setPick] = useState<Id | undefined>();
  const [saving, setSaving] = useState(false);
  const templates = list.data?.templates ?? [];
  const chosen = templates.find((t) => t.code === code) ?? (code === '' ? undefined : templates[0]);
  useEffect(() => { if (code !== '') setDraft(chosen ? fromView(chosen) : null); }, [chosen?.code, chosen?.version]);

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const setBody = (patch: Partial<Template>) => setDraft((d) => (d ? { ...d, body: { ...d.body, ...patch } } : d));
  const setIndicator = (i: number, patch: Partial<Indicator>) => setBody({ indicators: draft!.body.indicators.map((x, k) => (k === i ? { ...x, ...patch } : x)) });
  const rule = (kind: DeductionKind) => draft?.body.deductions.find((d) => d.kind === kind);
  const setRule = (kind: DeductionKind, patch: { points?: number; cap?: number | null } | null) => {
    const rest = draft!.body.deductions.filter((d) => d.kind !== kind);
    const cur = rule(kind) ?? { kind, points: 1, cap: null };
    setBody({ deductions: patch === null ? rest : [...rest, { ...cur, ...patch }].sort((a, b) => DEDUCTION_KINDS.indexOf(a.kind) - DEDUCTION_KINDS.indexOf(b.kind)) });
  };
  const findName = (id: Id): string => {
    let name = String(id);
    const walk = (nodes: typeof tree.data) => nodes?.forEach((n) => { if (String(n.id) === String(id)) name = n.name; walk(n.children); });
    walk(tree.data);
    return name;
  };

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      const input = { name: draft.name, body: draft.body, units: draft.units.map((u) => ({ unitId: u.unitId, keyUnit: u.keyUnit })) };
      const saved = draft.version === null ? await evaluationApi.createTemplate({ ...input, code: draft.code }) : await evaluationApi.saveTemplate(draft.code, { ...input, version: draft.version });
      message.success(`已保存“${saved.name}”第 ${saved.version} 版`);
      setCode(saved.code);
      setVersion((v) => v + 1);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const weights = draft?.body.indicators.reduce((s, i) => s + i.weight, 0) ?? 0;
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label="选择方案" style={{ width: 220 }} value={code === '' ? '' : chosen?.code} loading={list.loading}
          onChange={(v) => { setCode(v); if (v === '') setDraft(blank()); }}
          options={[...templates.map((t) => ({ value: t.code, label: `${t.name}（第${t.version}版）` })), { value: '', label: '＋ 新建方案' }]} />
        <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!draft} onClick={save} data-testid="template-save">保存为新版本</Button>
        {chosen && code !== '' ? <Typography.Text type="secondary">历史版本：{chosen.versions.join('、')}；已计算的月份沿用当时的版本</Typography.Text> : null}
      </Space>
      {!draft ? <Empty description="暂无考评方案，选择“新建方案”" /> : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={12}>
            {draft.version === null ? <Col span={6}><Input aria-label="方案代码" placeholder="方案代码，如 members" value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} /></Col> : null}
            <Col span={10}><Input aria-label="方案名称" placeholder="方案名称" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></Col>
            <Col span={6}><Space><span style={{ whiteSpace: 'nowrap' }}>满分</span><Num label="满分" value={draft.body.maxScore} onChange={(v) => setBody({ maxScore: v ?? 100 })} /></Space></Col>
          </Row>
          <div>
            <Typography.Title level={5}>考评指标（分值合计 {weights} / {draft.body.maxScore}）</Typography.Title>
            {weights > draft.body.maxScore ? <Alert type="error" showIcon message="指标分值合计超过满分" style={{ marginBottom: 8 }} /> : null}
            <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={draft.body.indicators} data-testid="indicator-table"
              columns={[
                { title: '指标', key: 'key', render: (_: unknown, r: Indicator, i) => <Select aria-label="指标" size="small" style={{ width: 160 }} value={r.key} onChange={(v) => setIndicator(i, { key: v })} options={RATE_KEYS.map((k) => ({ value: k, label: FIGURE_LABELS[k] }))} /> },
                { title: '分值', key: 'weight', width: 90, render: (_: unknown, r: Indicator, i) => <Num label="分值" value={r.weight} onChange={(v) => setIndicator(i, { weight: v ?? 0 })} /> },
                { title: '目标值%', key: 'target', width: 90, render: (_: unknown, r: Indicator, i) => <Num label="目标值" max={100} value={r.target} onChange={(v) => setIndicator(i, { target: v ?? 0 })} /> },
                { title: '起评值%', key: 'floor', width: 90, render: (_: unknown, r: Indicator, i) => <Num label="起评值" max={100} value={r.floor} onChange={(v) => setIndicator(i, { floor: v ?? 0 })} /> },
                { title: '计分方式', key: 'curve', render: (_: unknown, r: Indicator, i) => <Select aria-label="计分方式" size="small" style={{ width: 230 }} value={r.curve} onChange={(v) => setIndicator(i, { curve: v })} options={CURVE_OPTIONS} /> },
                { title: '', key: 'x', width: 40, render: (_: unknown, __: Indicator, i) => <Button size="small" type="text" aria-label="删除指标" icon={<DeleteOutlined />} onClick={() => setBody({ indicators: draft.body.indicators.filter((_x, k) => k !== i) })} /> },
              ]} />
            <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => setBody({ indicators: [...draft.body.indicators, { key: RATE_KEYS.find((k) => !draft.body.indicators.some((i) => i.key === k)) ?? 'closureRate', weight: 10, target: 95, floor: 60, curve: 'linear' }] })}>添加指标</Button>
            <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>目标值低于起评值表示“越低越好”（如回退率）；本月无数据的指标按满分计。</Typography.Paragraph>
          </div>
          <div>
            <Typography.Title level={5}>扣分项（每月）</Typography.Title>
            <Table size="small" rowKey="kind" pagination={false} dataSource={DEDUCTION_KINDS.map((kind) => ({ kind }))}
              columns={[
                { title: '启用', key: 'on', width: 60, render: (_: unknown, r: { kind: DeductionKind }) => <Checkbox aria-label={`启用${DEDUCTION_LABELS[r.kind]}`} checked={!!rule(r.kind)} onChange={(e) => setRule(r.kind, e.target.checked ? {} : null)} /> },
                { title: '事项', key: 'label', render: (_: unknown, r: { kind: DeductionKind }) => DEDUCTION_LABELS[r.kind] },
                { title: '每件扣分', key: 'points', width: 110, render: (_: unknown, r: { kind: DeductionKind }) => (rule(r.kind) ? <Num label={`${DEDUCTION_LABELS[r.kind]}每件扣分`} step={0.1} max={100} value={rule(r.kind)!.points} onChange={(v) => setRule(r.kind, { points: v ?? 0 })} /> : '—') },
                { title: '每月封顶', key: 'cap', width: 110, render: (_: unknown, r: { kind: DeductionKind }) => (rule(r.kind) ? <Num label={`${DEDUCTION_LABELS[r.kind]}封顶`} nullable value={rule(r.kind)!.cap} onChange={(v) => setRule(r.kind, { cap: v })} /> : '—') },
              ]} />
          </div>
          <Descriptions size="small" bordered column={3} title="加分、名单与保证金">
            <Descriptions.Item label="每月加分上限"><Num label="加分上限" value={draft.body.bonusCap} onChange={(v) => setBody({ bonusCap: v ?? 0 })} /></Descriptions.Item>
            <Descriptions.Item label="满分线"><Num label="满分线" value={draft.body.lists.fullMark} onChange={(v) => setBody({ lists: { ...draft.body.lists, fullMark: v ?? 0 } })} /></Descriptions.Item>
            <Descriptions.Item label="黑榜：末位家数"><Num label="黑榜末位家数" nullable value={draft.body.lists.blackBottomN} onChange={(v) => setBody({ lists: { ...draft.body.lists, blackBottomN: v } })} /></Descriptions.Item>
            <Descriptions.Item label="黑榜：低于分数"><Num label="黑榜分数线" nullable value={draft.body.lists.blackBelow} onChange={(v) => setBody({ lists: { ...draft.body.lists, blackBelow: v } })} /></Descriptions.Item>
            <Descriptions.Item label="上黑榜每月扣保证金（元）"><Num label="上黑榜扣保证金" max={1_000_000} value={draft.body.deposit.perBlackMonth} onChange={(v) => setBody({ deposit: { ...draft.body.deposit, perBlackMonth: v ?? 0 } })} /></Descriptions.Item>
            <Descriptions.Item label="低于分数线每分扣（元）">
              <Space><Num label="扣保证金分数线" nullable value={draft.body.deposit.threshold} onChange={(v) => setBody({ deposit: { ...draft.body.deposit, threshold: v } })} /><Num label="每分扣保证金" max={1_000_000} value={draft.body.deposit.perPointBelow} onChange={(v) => setBody({ deposit: { ...draft.body.deposit, perPointBelow: v ?? 0 } })} /></Space>
            </Descriptions.Item>
            <Descriptions.Item label="年度权重：月度均分"><Num label="月度均分权重" max={10} step={0.1} value={draft.body.annual.monthlyWeight} onChange={(v) => setBody({ annual: { ...draft.body.annual, monthlyWeight: v ?? 0 } })} /></Descriptions.Item>
            <Descriptions.Item label="年度考评分"><Num label="年度考评分权重" max={10} step={0.1} value={draft.body.annual.annualWeight} onChange={(v) => setBody({ annual: { ...draft.body.annual, annualWeight: v ?? 0 } })} /></Descriptions.Item>
            <Descriptions.Item label="现场考评分（重点单位）"><Num label="现场考评分权重" max={10} step={0.1} value={draft.body.annual.onSiteWeight} onChange={(v) => setBody({ annual: { ...draft.body.annual, onSiteWeight: v ?? 0 } })} /></Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>参评单位（{draft.units.length} 家）</Typography.Title>
            <Space style={{ marginBottom: 8 }}>
              <UnitTreeSelect tree={tree.data} value={pick ?? null} onChange={setPick} style={{ width: 280 }} />
              <Button size="small" icon={<PlusOutlined />} disabled={pick === undefined || draft.units.some((u) => String(u.unitId) === String(pick))}
                onClick={() => { setDraft({ ...draft, units: [...draft.units, { unitId: Number(pick), keyUnit: false, name: findName(pick!) }] }); setPick(undefined); }}>加入</Button>
            </Space>
            <Table size="small" rowKey="unitId" dataSource={draft.units} pagination={{ pageSize: 20, showSizeChanger: false, size: 'small' }}
              columns={[
                { title: '单位', dataIndex: 'name' },
                { title: '重点服务单位', key: 'key', width: 120, render: (_: unknown, r) => <Checkbox aria-label={`${r.name}为重点服务单位`} checked={r.keyUnit} onChange={(e) => setDraft({ ...draft, units: draft.units.map((u) => (u.unitId === r.unitId ? { ...u, keyUnit: e.target.checked } : u)) })} /> },
                { title: '', key: 'x', width: 40, render: (_: unknown, r) => <Button size="small" type="text" aria-label={`移出${r.name}`} icon={<DeleteOutlined />} onClick={() => setDraft({ ...draft, units: draft.units.filter((u) => u.unitId !== r.unitId) })} /> },
              ]} />
          </div>
        </Space>
      )}
    </Card>
  );
}
