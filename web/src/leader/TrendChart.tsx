// The 30-day trend: tickets accepted (bars) and closed (line) per Shanghai day. ECharts from
// echarts/core with only the pieces used (bar, line, grid, tooltip, legend, SVG renderer), and the
// module is loaded lazily by the leader's page, so the console's other screens never fetch it.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { TrendDay } from './api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** "11-10" on the axis; "11月10日 周二" in the tooltip. */
const short = (date: string) => date.slice(5);
const long = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日 周${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`;
};

export default function TrendChart({ days, height = 260 }: { days: TrendDay[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, right: 8, itemWidth: 14, itemHeight: 10, data: ['受理', '办结'] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number; marker: string; seriesName: string; value: number }[]) => {
          const day = days[params[0]?.dataIndex ?? 0];
          if (!day) return '';
          return [long(day.date), ...params.map((p) => `${p.marker}${p.seriesName} ${p.value} 件`)].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: days.map((d) => short(d.date)),
        axisTick: { alignWithLabel: true },
        axisLabel: { color: '#6b7280', interval: 'auto' },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#6b7280' }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [
        { name: '受理', type: 'bar', data: days.map((d) => d.accepted), itemStyle: { color: '#4e79a7', borderRadius: [2, 2, 0, 0] }, barMaxWidth: 18 },
        { name: '办结', type: 'line', data: days.map((d) => d.closed), itemStyle: { color: '#59a14f' }, lineStyle: { width: 2 }, symbolSize: 5, smooth: false },
      ],
    }, { notMerge: true });
  }, [days]);

  const total = days.reduce((s, d) => ({ accepted: s.accepted + d.accepted, closed: s.closed + d.closed }), { accepted: 0, closed: 0 });
  return (
    <div
      ref={box}
      className="ms-leader-chart"
      style={{ height }}
      data-testid="trend-chart"
      role="img"
      aria-label={`近 ${days.length} 天受理与办结趋势：共受理 ${total.accepted} 件，办结 ${total.closed} 件`}
    />
  );
}
