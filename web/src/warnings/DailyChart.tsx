// The cluster's tickets per day (bars), from its first to its last day with the empty days shown.
// Loaded lazily by the detail, like the leader's trend chart (echarts/core, SVG renderer).
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/** Every day from the first to the last, zero where nothing came in. */
export function fillDays(daily: { day: string; count: number }[]): { day: string; count: number }[] {
  if (daily.length === 0) return [];
  const byDay = new Map(daily.map((d) => [d.day, d.count]));
  const out: { day: string; count: number }[] = [];
  const last = Date.parse(`${daily[daily.length - 1]!.day}T00:00:00Z`);
  for (let t = Date.parse(`${daily[0]!.day}T00:00:00Z`); t <= last && out.length < 400; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, count: byDay.get(day) ?? 0 });
  }
  return out;
}

export default function DailyChart({ daily, height = 160 }: { daily: { day: string; count: number }[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg', locale: 'ZH' });
    const days = fillDays(daily);
    c.setOption({
      animation: false,
      grid: { left: 4, right: 8, top: 12, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', formatter: (p: { name: string; value: number }[]) => `${p[0]?.name ?? ''}：${p[0]?.value ?? 0} 件` },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)), axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: days.map((d) => d.count), itemStyle: { color: '#d4380d' }, barMaxWidth: 24 }],
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
    };
  }, [daily]);
  return <div ref={box} style={{ height, width: '100%' }} role="img" aria-label={`每日工单数：${daily.map((d) => `${d.day} ${d.count} 件`).join('，')}`} data-testid="warning-daily-chart" />;
}
