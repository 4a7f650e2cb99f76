// The statistics page's filters: district, unit (with 含下级), type, type group, subject (any level
// of the catalogue), channel and urgency. Each change goes to the URL at once.
import { useMemo } from 'react';
import { Select, Space, Switch, TreeSelect, Typography } from 'antd';
import type { Code, SubjectNode, UnitNode } from '../labels';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import type { StatsFiltersState } from './query';

interface Props {
  value: StatsFiltersState;
  onChange: (next: StatsFiltersState) => void;
  units: UnitNode[] | undefined;
  types: (Code & { reportGroup?: string | null })[];
  channels: Code[];
  urgencies: Code[];
  subjects: SubjectNode[];
}

interface SubjectOption { value: number; title: string; children?: SubjectOption[] }
const subjectOptions = (nodes: SubjectNode[]): SubjectOption[] =>
  nodes.map((n) => ({ value: Number(n.id), title: n.name, children: n.children?.length ? subjectOptions(n.children) : undefined }));

function districtsOf(nodes: UnitNode[]): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (list: UnitNode[]) => {
    for (const n of list) {
      if (n.kind === 'district') out.push(n);
      else walk(n.children ?? []);
    }
  };
  walk(nodes);
  return out;
}

const codeOptions = (codes: Code[]) => codes.map((c) => ({ value: c.code, label: c.name }));

export function StatsFilters({ value, onChange, units, types, channels, urgencies, subjects }: Props) {
  const set = <K extends keyof StatsFiltersState>(k: K, v: StatsFiltersState[K]) => onChange({ ...value, [k]: v });
  const districts = useMemo(() => districtsOf(units ?? []), [units]);
  const subjectTree = useMemo(() => subjectOptions(subjects), [subjects]);
  const groups = useMemo(() => [...new Set(types.map((t) => t.reportGroup).filter((g): g is string => !!g))], [types]);
  const common = { allowClear: true, maxTagCount: 'responsive' as const, style: { width: 180 } };
  return (
    <Space wrap size={[8, 8]} className="ms-stats-filters" data-testid="stats-filters">
      {districts.length > 0 ? (
        <Select mode="multiple" {...common} placeholder="区县" aria-label="区县" data-testid="filter-district"
          value={value.districtId} onChange={(v: number[]) => set('districtId', v)}
          options={districts.map((d) => ({ value: Number(d.id), label: d.shortName || d.name }))} optionFilterProp="label" />
      ) : null}
      <Space size={4}>
        <UnitTreeSelect tree={units} style={{ width: 200 }} placeholder="承办单位" aria-label="承办单位" data-testid="filter-unit"
          value={value.unitId[0] ?? null} onChange={(v) => onChange({ ...value, unitId: v === undefined ? [] : [Number(v)] })} />
        <Switch size="small" checked={value.subtree} onChange={(v) => set('subtree', v)} disabled={value.unitId.length === 0}
          aria-label="含下级单位" />
        <Typography.Text type={value.unitId.length === 0 ? 'secondary' : undefined}>含下级</Typography.Text>
      </Space>
      <Select mode="multiple" {...common} placeholder="诉求类型" aria-label="诉求类型" value={value.type} onChange={(v: string[]) => set('type', v)} options={codeOptions(types)} optionFilterProp="label" />
      {groups.length > 0 ? (
        <Select mode="multiple" {...common} placeholder="类型分组" aria-label="类型分组" value={value.typeGroup} onChange={(v: string[]) => set('typeGroup', v)}
          options={groups.map((g) => ({ value: g, label: g }))} />
      ) : null}
      <TreeSelect multiple {...common} style={{ width: 220 }} placeholder="诉求分类（任意一级）" aria-label="诉求分类" treeData={subjectTree}
        value={value.subjectId} onChange={(v: number[]) => set('subjectId', v)} showSearch={{ treeNodeFilterProp: 'title' }} treeNodeFilterProp="title"
        popupMatchSelectWidth={false} listHeight={360} />
      <Select mode="multiple" {...common} placeholder="来源渠道" aria-label="来源渠道" value={value.channel} onChange={(v: string[]) => set('channel', v)} options={codeOptions(channels)} optionFilterProp="label" />
      <Select mode="multiple" {...common} style={{ width: 150 }} placeholder="紧急程度" aria-label="紧急程度" value={value.urgency} onChange={(v: string[]) => set('urgency', v)} options={codeOptions(urgencies)} />
    </Space>
  );
}
