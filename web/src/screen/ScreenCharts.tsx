// The big screen's two charts, on its dark background: today's intake by channel (a ring with the
// total in its middle) and 满意率 of the last 12 months (a line, each point labelled). ECharts from
// echarts/core with only the pieces used, loaded lazily with the screen.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, PieChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ScreenChannel, ScreenMonth } from '../../../src/services/dashboard/screen-types';

echarts.use([LineChart, PieChart, GraphicComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const RING = ['#36cfc9', '#4096ff', '#ffc53d', '#ff7a45', '#9254de', '#73d13d', '#f759ab', '#69b1ff', '#bae637', '#ff9c6e'];
const TEXT = '#d6e4ff';
const MUTED = '#7f9cc9';

function useChart(): [React.RefObject<HTMLDivElement | null>, React.RefObject<echarts.ECharts | null>] {
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
  return [box, chart];
}

export function ChannelRing({ channels }: { channels: ScreenChannel[] }) {
  const [box, chart] = useChart();
  const total = channels.reduce((n, c) => n + c.received, 0);
  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      color: RING,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
      legend: {
        orient: 'vertical', right: 8, top: 'middle', itemWidth: 12, itemHeight: 12, itemGap: 12,
        textStyle: { color: TEXT, fontSize: 16 },
        formatter: (name: string) => `${name}  ${channels.find((c) => c.label === name)?.received ?? 0}`,
      },
      graphic: [{
        type: 'group', left: '23%', top: 'middle',
        children: [
          { type: 'text', style: { text: String(total), fill: '#ffffff', font: 'bold 34px sans-serif', textAlign: 'center' }, left: 'center', top: 0 },
          { type: 'text', style: { text: '今日受理', fill: MUTED, font: '15px sans-serif', textAlign: 'center' }, left: 'center', top: 42 },
        ],
      }],
      series: [{
        type: 'pie', radius: ['48%', '72%'], center: ['29%', '50%'], avoidLabelOverlap: true,
        label: { show: false }, labelLine: { show: false },
        itemStyle: { borderColor: '#0b1a33', borderWidth: 2 },
        data: channels.length > 0 ? channels.map((c) => ({ name: c.label, value: c.received })) : [{ name: '暂无', value: 0, itemStyle: { color: '#1e3a66' } }],
      }],
    }, { notMerge: true });
  }, [channels, total, chart]);
  return <div ref={box} className="ms-screen-chart" data-testid="screen-channels" role="img" aria-label={`今日受理按渠道：${channels.map((c) => `${c.label}${c.received}件`).join('，') || '暂无'}`} />;
}

export function SatisfactionLine({ months }: { months: ScreenMonth[] }) {
  const [box, chart] = useChart();
  useEffect(() => {
    const values = months.map((m) => (m.satisfactionRate === null ? null : Math.round(m.satisfactionRate * 1000) / 10));
    const known = values.filter((v): v is number => v !== null);
    // From a multiple of 5 below the lowest month, so the differences show; ticks every 5 points.
    const min = known.length ? Math.max(0, Math.floor((Math.min(...known) - 2) / 5) * 5) : 0;
    chart.current?.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      xAxis: {
        type: 'category', data: months.map((m) => `${Number(m.month.slice(5))}月`), boundaryGap: false,
        axisLabel: { color: TEXT, fontSize: 14 }, axisLine: { lineStyle: { color: '#2b4c7e' } },
      },
      yAxis: {
        type: 'value', min, max: 100, interval: 5,
        axisLabel: { color: MUTED, fontSize: 13, formatter: '{value}%' }, splitLine: { lineStyle: { color: '#17325a' } },
      },
      series: [{
        type: 'line', data: values, connectNulls: true, symbolSize: 8, smooth: false,
        lineStyle: { color: '#36cfc9', width: 3 }, itemStyle: { color: '#36cfc9' },
        areaStyle: { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(54,207,201,0.35)' }, { offset: 1, color: 'rgba(54,207,201,0)' }] } },
        label: { show: true, position: 'top', color: '#ffffff', fontSize: 13, formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}`) },
      }],
    }, { notMerge: true });
  }, [months, chart]);
  const last = months.at(-1);
  return (
    <div ref={box} className="ms-screen-chart" data-testid="screen-satisfaction" role="img"
      aria-label={`近 12 个月满意率：${months.map((m) => `${m.month} ${m.satisfactionRate === null ? '无' : `${(m.satisfactionRate * 100).toFixed(1)}%`}`).join('，')}${last ? '' : ''}`} />
  );
}
