// 统计分析: any figure of docs/figures.md for a period, grouped by up to two dimensions (rows ×
// column groups), filtered, compared with last year (同比) or the previous period (环比); as a
// table, a chart or a map of the districts; any cell opens the tickets behind it; the table goes to
// Excel. Everything is read from the statistics API (GET /api/stats): no figure is computed here.
// The query lives in the URL, so a link shows the same table to a colleague.
import { Suspense, lazy, useCallback, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Segmented, Select, Space, Spin, Tooltip, Typography } from 'antd';
import { FundProjectionScreenOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { api } from '../api';
import { useLoad, useFillHeight } from '../hooks';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { ExportButton } from '../components/ExportButton';
import type { UnitFeature } from '../components/UnitMapPanel';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useCodes } from '../tickets/codes';
import { useUnitTree } from '../units';
import type { Dimension, FigureKey, GroupKey } from '../../../src/services/stats/types';
import { statsApi } from './api';
import { DrillDrawer, type Drill } from './DrillDrawer';
import { DIMENSION_LABELS, FIGURE_GROUPS, FIGURE_HINTS, FIGURE_LABELS, drillCount, formatValue, isRate } from './labels';
import { buildPivot } from './pivot';
import { apiQuery, cellQuery, PRESETS, presetRange, readState, shanghaiToday, writeState, type ChartKind, type Compare, type Preset, type StatsState, type View } from './query';
import { StatsFilters } from './StatsFilters';
import { StatsTable } from './StatsTable';
import '../leader/leader.css';
import './stats.css';

dayjs.locale('zh-cn');

const StatsChart = lazy(() => import('./StatsChart'));
const StatsMap = lazy(() => import('./StatsMap'));

interface FeatureCollection { type: 'FeatureCollection'; features: UnitFeature[] }

/** Day and month read as a line; everything else as bars. */
const defaultChart = (by: Dimension[]): ChartKind => (by[0] === 'day' || by[0] === 'month' ? 'line' : 'bar');

const SUBJECT_LEVELS = [1, 2, 3, 4].map((l) => ({ value: l, label: `第${'一二三四'[l - 1]}级分类` }));

export function StatsPage() {
  const [params, setParams] = useSearchParams();
  const today = shanghaiToday();
  const state = useMemo(() => readState(params, today), [params, today]);
  const codes = useCodes();
  const units = useUnitTree();
  const [drill, setDrill] = useState<Drill | null>(null);

  const update = useCallback((changes: Partial<StatsState>) => {
    setParams((prev) => writeState({ ...readState(prev, today), ...changes }), { replace: true });
  }, [setParams, today]);

  // The table's query, and with two dimensions the service's own row and column totals.
  const q = useMemo(() => apiQuery(state), [state]);
  const qKey = JSON.stringify(q);
  const [d1, d2] = state.by;
  const stats = useLoad(async (signal) => {
    if (!d1 || !d2) return { main: await statsApi.get(q, signal) };
    const [main, rows, cols] = await Promise.all([
      statsApi.get(q, signal),
      statsApi.get(apiQuery({ ...state, by: [d1] }), signal),
      statsApi.get(apiQuery({ ...state, by: [d2] }), signal),
    ]);
    return { main, rows, cols };
  }, [qKey]);
  const result = stats.data?.main;
  const pivot = useMemo(() => (stats.data ? buildPivot(stats.data.main, stats.data.rows, stats.data.cols) : null), [stats.data]);

  const focus: FigureKey = state.focus && state.figures.includes(state.focus) ? state.focus : state.figures[0] ?? 'received';
  const chartKind: ChartKind = state.chart ?? defaultChart(state.by);

  // The map: by district, whatever the table's dimensions (the same period and filters).
  const mapReusesTable = state.by.length === 1 && state.by[0] === 'district';
  const mapStats = useLoad(async (signal) => {
    if (state.view !== 'map' || mapReusesTable) return undefined;
    return statsApi.get(apiQuery({ ...state, by: ['district'], figures: [focus] }), signal);
  }, [state.view, mapReusesTable, qKey, focus]);
  const geo = useLoad((signal) => (state.view === 'map'
    ? api.get<FeatureCollection>('/api/geo/units', { kind: 'district' }, signal)
    : Promise.resolve(undefined)), [state.view]);
  const mapRows = mapReusesTable ? result?.rows : mapStats.data?.rows;

  const tableBox = useRef<HTMLDivElement>(null);
  const tableHeight = useFillHeight(tableBox, 96, 360, [state.view]);

  const { message } = App.useApp();
  const open = useCallback((keys: GroupKey[], figure: FigureKey, label: string) => {
    const count = drillCount(figure);
    if (!count) {
      message.info(`${FIGURE_LABELS[figure]}来自话务记录，没有对应的工单`);
      return;
    }
    setDrill({
      title: `${label} · ${FIGURE_LABELS[figure]}`,
      query: cellQuery(state, keys, count),
      note: count !== figure
        ? `${FIGURE_LABELS[figure]}是比率，这里列出它的分母“${FIGURE_LABELS[count]}”的工单${FIGURE_HINTS[figure] ? `（${FIGURE_LABELS[figure]} = ${FIGURE_HINTS[figure]}）` : ''}。`
        : undefined,
    });
  }, [state, message]);

  const rowTitle = state.by.length === 0 ? '范围' : state.by.map((d) => DIMENSION_LABELS[d]).join(' × ');
  const periodText = `${state.from} 至 ${state.to}`;
  const compareText = result?.lastYear && state.compare === 'lastYear'
    ? `同比：${result.lastYear.from} 至 ${result.lastYear.to}`
    : result?.previous && state.compare === 'previous' ? `环比：${result.previous.from} 至 ${result.previous.to}` : '';

  const dimensionOptions = (exclude?: Dimension) => (Object.keys(DIMENSION_LABELS) as Dimension[])
    .filter((d) => d !== exclude).map((d) => ({ value: d, label: DIMENSION_LABELS[d] }));
  const setDimension = (i: 0 | 1, d: Dimension | undefined) => {
    const by = [...state.by];
    if (d === undefined) by.splice(i, 1);
    else by[i] = d;
    const next = by.filter((x, j) => x !== undefined && by.indexOf(x) === j).slice(0, 2);
    update({ by: next, chart: undefined });
  };

  const figureOptions = FIGURE_GROUPS.map((g) => ({ label: g.label, options: g.keys.map((k) => ({ value: k, label: FIGURE_LABELS[k] })) }));

  return (
    <div className="ms-stats">
      <PageHeader
        title="统计分析"
        hint={result ? `${periodText}${compareText ? ` · ${compareText}` : ''} · 数据截至 ${new Date(result.asOf).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}${result.rollupAt ? `（汇总表 ${new Date(result.rollupAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 更新）` : ''} · ${result.ms} 毫秒` : periodText}
        extra={
          <Space>
            <Tooltip title="在新窗口打开指挥中心大屏（1920×1080，实时刷新）">
              <Button icon={<FundProjectionScreenOutlined />} href="/screen" target="_blank">大屏</Button>
            </Tooltip>
            <Button icon={<ReloadOutlined />} onClick={stats.reload} loading={stats.loading && !!result}>刷新</Button>
            <ExportButton label="导出Excel" path={statsApi.exportPath} query={q} fallbackName={`统计分析_${state.from}_${state.to}.xlsx`} hint="按当前的期间、维度、指标和筛选导出表格" />
          </Space>
        }
      />

      <Card size="small" className="ms-stats-controls">
        <Space wrap size={[12, 8]}>
          <Space size={6}>
            <Typography.Text strong>期间</Typography.Text>
            <Segmented<Preset>
              value={state.preset}
              aria-label="统计期间"
              data-testid="period-preset"
              options={PRESETS.map((p) => ({ value: p.value, label: p.label }))}
              onChange={(v) => update(v === 'custom' ? { preset: 'custom' } : { preset: v, ...presetRange(v, today) })}
            />
            <DatePicker.RangePicker
              aria-label="自定义期间"
              data-testid="period-range"
              value={[dayjs(state.from), dayjs(state.to)]}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              presets={PRESETS.filter((p) => p.value !== 'custom').map((p) => {
                const r = presetRange(p.value as Exclude<Preset, 'custom'>, today);
                return { label: p.label, value: [dayjs(r.from), dayjs(r.to)] as [dayjs.Dayjs, dayjs.Dayjs] };
              })}
              onChange={(v) => {
                if (v?.[0] && v[1]) update({ preset: 'custom', from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') });
              }}
            />
          </Space>
          <Space size={6}>
            <Typography.Text strong>对比</Typography.Text>
            <Segmented<Compare>
              value={state.compare}
              aria-label="同比或环比"
              data-testid="compare"
              options={[{ value: 'none', label: '不对比' }, { value: 'lastYear', label: '同比' }, { value: 'previous', label: '环比' }]}
              onChange={(v) => update({ compare: v })}
            />
          </Space>
        </Space>
        <Space wrap size={[12, 8]} style={{ marginTop: 8 }}>
          <Space size={6}>
            <Typography.Text strong>行</Typography.Text>
            <Select<Dimension> style={{ width: 120 }} allowClear placeholder="不分组" aria-label="行维度" data-testid="dimension-rows"
              value={state.by[0]} options={dimensionOptions(state.by[1])} onChange={(v) => setDimension(0, v)} />
            <Typography.Text strong>列</Typography.Text>
            <Select<Dimension> style={{ width: 120 }} allowClear placeholder="不分组" aria-label="列维度" data-testid="dimension-cols"
              value={state.by[1]} options={dimensionOptions(state.by[0])} onChange={(v) => setDimension(1, v)} disabled={state.by.length === 0} />
          </Space>
          {state.by.includes('subject') ? (
            <Select<number> style={{ width: 130 }} placeholder="第一级分类" aria-label="分类级别" value={state.subjectLevel ?? 1} options={SUBJECT_LEVELS}
              onChange={(v) => update({ subjectLevel: v === 1 ? undefined : v })} />
          ) : null}
          {state.by.includes('unit') ? (
            <Tooltip title="选一个单位：按它的下级单位汇总（各含其下级）；不选：按每个承办单位本身">
              <span>
                <UnitTreeSelect tree={units.data} style={{ width: 200 }} placeholder="按下级单位汇总…" aria-label="按此单位的下级汇总"
                  value={state.unitParentId ?? null} onChange={(v) => update({ unitParentId: v === undefined ? undefined : Number(v) })} />
              </span>
            </Tooltip>
          ) : null}
          <Space size={6}>
            <Typography.Text strong>指标</Typography.Text>
            <Select<FigureKey[]>
              mode="multiple"
              style={{ minWidth: 360, maxWidth: 720 }}
              placeholder="选择指标"
              aria-label="指标"
              data-testid="figures"
              value={state.figures}
              options={figureOptions}
              optionFilterProp="label"
              onChange={(v) => update({ figures: v.length > 0 ? v : state.figures })}
            />
          </Space>
        </Space>
        <div style={{ marginTop: 8 }}>
          <StatsFilters
            value={state.filters}
            onChange={(filters) => update({ filters })}
            units={units.data}
            types={codes.types}
            channels={codes.channels}
            urgencies={codes.urgencies}
            subjects={codes.subjects}
          />
        </div>
      </Card>

      <Card
        size="small"
        className="ms-stats-result"
        title={
          <Segmented<View>
            value={state.view}
            aria-label="显示方式"
            data-testid="view"
            options={[{ value: 'table', label: '表格' }, { value: 'chart', label: '图表' }, { value: 'map', label: '地图' }]}
            onChange={(v) => update({ view: v })}
          />
        }
        extra={state.view === 'table' ? (
          <Typography.Text type="secondary">点击任一数字查看其工单{state.by.length === 2 ? '；合计行、合计列为整体口径，不是各格相加' : ''}</Typography.Text>
        ) : (
          <Space>
            <Select<FigureKey> style={{ width: 170 }} aria-label="图上显示的指标" data-testid="focus" value={focus}
              options={state.figures.map((f) => ({ value: f, label: FIGURE_LABELS[f] }))} onChange={(v) => update({ focus: v })} />
            {state.view === 'chart' ? (
              <Segmented<ChartKind>
                value={chartKind}
                aria-label="图表类型"
                options={[{ value: 'bar', label: '柱状图' }, { value: 'line', label: '折线图' }, { value: 'pie', label: '饼图', disabled: isRate(focus) || state.by.length === 0 }]}
                onChange={(v) => update({ chart: v })}
              />
            ) : null}
          </Space>
        )}
      >
        {stats.error && !result ? (
          <LoadError error={stats.error} onRetry={stats.reload} />
        ) : (
          <>
            {stats.error ? <Alert type="warning" showIcon title="刷新失败，显示的是上一次的结果" style={{ marginBottom: 8 }} /> : null}
            {state.view === 'table' ? (
              <div ref={tableBox}>
                {pivot ? (
                  <div className="ms-stats-table-box">
                    <StatsTable pivot={pivot} compare={state.compare} loading={stats.loading} rowTitle={rowTitle} onOpen={open} height={tableHeight} />
                  </div>
                ) : (
                  <div className="ms-stats-placeholder"><Spin /></div>
                )}
                {result ? (
                  <Typography.Text type="secondary" className="ms-stats-note" data-testid="stats-summary">
                    {state.by.length > 0 ? `${result.rows.length} 组` : ''}
                    {state.figures.includes('received') ? ` · 受理量合计 ${formatValue('received', result.total.figures.received?.value)}` : ''}
                    {' · 比率无分母时显示“—”'}
                  </Typography.Text>
                ) : null}
              </div>
            ) : state.view === 'chart' ? (
              pivot && result ? (
                state.by.length === 0 ? (
                  <Alert type="info" showIcon title="请先选择行维度（如区县、诉求类型或日、月），图表按它分组。" />
                ) : (
                  <Suspense fallback={<div className="ms-stats-placeholder"><Spin /></div>}>
                    <Spin spinning={stats.loading}>
                      <StatsChart pivot={pivot} figure={focus} kind={chartKind === 'pie' && (isRate(focus)) ? 'bar' : chartKind} onOpen={open} />
                    </Spin>
                  </Suspense>
                )
              ) : <div className="ms-stats-placeholder"><Spin /></div>
            ) : (
              geo.error ? <LoadError error={geo.error} onRetry={geo.reload} /> : mapStats.error ? <LoadError error={mapStats.error} onRetry={mapStats.reload} />
                : geo.data && mapRows ? (
                  geo.data.features.length === 0 ? <Alert type="info" showIcon title="没有区县边界，无法显示地图。" /> : (
                    <Suspense fallback={<div className="ms-stats-placeholder"><Spin /></div>}>
                      <Spin spinning={mapStats.loading || stats.loading}>
                        <StatsMap features={geo.data.features} rows={mapRows} figure={focus} onOpen={open} />
                      </Spin>
                    </Suspense>
                  )
                ) : <div className="ms-stats-placeholder"><Spin /></div>
            )}
          </>
        )}
      </Card>
      <DrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

