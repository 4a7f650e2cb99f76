// The statistics chart of one figure: bars for a categorical dimension, a line for days and months,
// a pie for shares of a count; with two dimensions, one series per group of the second. Clicking a
// bar, a point or a slice opens the tickets behind it. ECharts from echarts/core with only the
// pieces used, loaded lazily with the page's chart view.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, DataZoomComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { FigureKey, GroupKey } from '../../../src/services/stats/types';
import { FIGURE_LABELS, formatValue, isRate } from './labels';
import type { Pivot } from './pivot';
import type { ChartKind } from './query';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, SVGRenderer]);

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
/** Series beyond this many groups of the second dimension are left out of the chart (the table has them all). */
const MAX_SERIES = 10;

interface Props {
  pivot: Pivot;
  figure: FigureKey;
  kind: ChartKind;
  onOpen: (keys: GroupKey[], figure: FigureKey, label: string) => void;
  height?: number;
}

export default function StatsChart({ pivot, figure, kind, onOpen, height = 420 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  const data = useRef<{ keys: GroupKey[]; label: string }[][]>([]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as { seriesIndex?: number; dataIndex: number };
      const hit = data.current[e.seriesIndex ?? 0]?.[e.dataIndex];
      if (hit) open.current(hit.keys, figure, hit.label);
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [figure]);

  const rows = pivot.rows.filter((r) => !r.total);
  const twoDims = pivot.columns.length > 1;
  const rate = isRate(figure);
  const scaleOf = (v: number | null | undefined) => (v === null || v === undefined ? null : rate ? Math.round(v * 10_000) / 100 : v);
  const fmt = (v: number | null | undefined) => formatValue(figure, v === null || v === undefined ? null : rate ? v / 100 : v);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const name = FIGURE_LABELS[figure];
    const unit = rate ? (figure === 'composite' ? '' : '%') : '件';
    if (kind === 'pie') {
      // A pie of the rows' totals (the 合计 column with two dimensions).
      const col = twoDims ? pivot.columns.length - 1 : 0;
      const slices = rows.map((r) => ({ name: r.label, value: scaleOf(r.cells[col]?.figures[figure]?.value) ?? 0, keys: pivot.keysOf(r, col) }));
      data.current = [slices.map((s) => ({ keys: s.keys, label: s.name }))];
      c.setOption({
        animation: false,
        color: COLORS,
        tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${p.name}<br/>${name} ${fmt(p.value)}（${p.percent}%）` },
        legend: { type: 'scroll', orient: 'vertical', right: 8, top: 16, bottom: 16 },
        series: [{
          type: 'pie', radius: ['30%', '68%'], center: ['40%', '52%'], data: slices.map(({ name: n, value }) => ({ name: n, value })),
          label: { formatter: '{b}\n{d}%', fontSize: 12 }, minShowLabelAngle: 6,
        }],
      }, { notMerge: true });
      return;
    }
    const categories = rows.map((r) => r.label);
    const groups = twoDims ? pivot.columns.slice(0, -1).slice(0, MAX_SERIES) : [pivot.columns[0]!];
    data.current = groups.map((_, gi) => rows.map((r) => ({ keys: pivot.keysOf(r, gi), label: twoDims ? `${r.label} · ${groups[gi]!.label}` : r.label })));
    const series = groups.map((g, gi) => ({
      name: twoDims ? g.label : name,
      type: kind,
      data: rows.map((r) => scaleOf(r.cells[gi]?.figures[figure]?.value)),
      barMaxWidth: 28,
      connectNulls: false,
      symbolSize: 6,
      label: !twoDims && kind === 'bar' && rows.length <= 20 ? { show: true, position: 'top', fontSize: 11, formatter: (p: { value: number | null }) => fmt(p.value) } : undefined,
      itemStyle: twoDims ? undefined : { color: COLORS[0] },
    }));
    const long = categories.some((x) => x.length > 5) || categories.length > 12;
    c.setOption({
      animation: false,
      color: COLORS,
      grid: { left: 12, right: 24, top: twoDims ? 48 : 28, bottom: categories.length > 31 ? 48 : 12, containLabel: true },
      legend: twoDims ? { type: 'scroll', top: 0, left: 8, right: 8 } : undefined,
      tooltip: {
        trigger: 'axis', axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
        valueFormatter: (v: number | null) => fmt(v),
      },
      dataZoom: categories.length > 31 ? [{ type: 'slider', bottom: 8, height: 18 }] : undefined,
      xAxis: {
        type: 'category', data: categories,
        axisLabel: { interval: categories.length > 31 ? 'auto' : 0, rotate: long ? 30 : 0, fontSize: 12, color: '#4b5563' },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value', name: `${name}${unit ? `（${unit}）` : ''}`, nameTextStyle: { color: '#4b5563', align: 'left' },
        minInterval: rate ? undefined : 1, max: rate && figure !== 'composite' ? (v: { max: number }) => Math.min(100, Math.ceil(v.max + 1)) : undefined,
        axisLabel: { color: '#6b7280' }, splitLine: { lineStyle: { color: '#eef0f3' } },
      },
      series,
    }, { notMerge: true });
  }, [pivot, figure, kind]);

  return (
    <div
      ref={box}
      style={{ height, width: '100%' }}
      data-testid="stats-chart"
      role="img"
      aria-label={`${FIGURE_LABELS[figure]}${kind === 'pie' ? '构成饼图' : kind === 'line' ? '折线图' : '柱状图'}：${rows.slice(0, 12).map((r) => `${r.label} ${formatValue(figure, r.cells[twoDims ? pivot.columns.length - 1 : 0]?.figures[figure]?.value)}`).join('，')}`}
    />
  );
}
