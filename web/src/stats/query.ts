// The statistics page's state, kept in the URL so a query can be shared: the period (a preset or a
// custom range), up to two dimensions, the figures, the filters and the view. Pure functions: the
// page reads the URL with `readState`, writes it with `writeState`, and asks the API with
// `apiQuery` (the same names as GET /api/stats's query string).
import type { CountKey, Dimension, FigureKey, GroupKey } from '../../../src/services/stats/types';
import { DIMENSIONS, FIGURE_LABELS } from './labels';

export type Preset = 'month' | 'lastMonth' | 'quarter' | 'year' | 'lastYear' | 'custom';
export const PRESETS: { value: Preset; label: string }[] = [
  { value: 'month', label: '本月' },
  { value: 'lastMonth', label: '上月' },
  { value: 'quarter', label: '本季度' },
  { value: 'year', label: '本年' },
  { value: 'lastYear', label: '去年' },
  { value: 'custom', label: '自定义' },
];

/** 同比 compares with the same period last year, 环比 with the previous period. */
export type Compare = 'none' | 'lastYear' | 'previous';
export type ChartKind = 'bar' | 'line' | 'pie';
export type View = 'table' | 'chart' | 'map';

export interface StatsFiltersState {
  districtId: number[];
  unitId: number[];
  subtree: boolean;
  type: string[];
  typeGroup: string[];
  subjectId: number[];
  channel: string[];
  urgency: string[];
}

export interface StatsState {
  preset: Preset;
  from: string;
  to: string;
  by: Dimension[];
  figures: FigureKey[];
  compare: Compare;
  subjectLevel: number | undefined;
  unitParentId: number | undefined;
  filters: StatsFiltersState;
  chart: ChartKind | undefined;
  /** The figure the chart and the map show (default: the first chosen). */
  focus: FigureKey | undefined;
  view: View;
}

export const DEFAULT_FIGURES: FigureKey[] = ['received', 'closureRate', 'onTimeRate', 'satisfactionRate'];

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Today in Asia/Shanghai (UTC+8 all year), YYYY-MM-DD. */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The days of a preset, as of `today`: 本月 is the month so far, 上月 the whole previous month… */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'month':
      return { from: ymd(y, m, 1), to: today };
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: ymd(py, pm, 1), to: ymd(py, pm, lastDay(py, pm)) };
    }
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: ymd(y, q, 1), to: today };
    }
    case 'year':
      return { from: ymd(y, 1, 1), to: today };
    case 'lastYear':
      return { from: ymd(y - 1, 1, 1), to: ymd(y - 1, 12, 31) };
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIGURE_SET = new Set<string>(Object.keys(FIGURE_LABELS));
const DIMENSION_SET = new Set<string>(DIMENSIONS);

const list = (p: URLSearchParams, name: string): string[] =>
  p.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
const ids = (p: URLSearchParams, name: string): number[] => list(p, name).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const int = (v: string | null): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);

export function readState(p: URLSearchParams, today: string): StatsState {
  const presetParam = p.get('period') as Preset | null;
  const from = p.get('from');
  const to = p.get('to');
  let preset: Preset = presetParam && PRESETS.some((x) => x.value === presetParam) ? presetParam : 'month';
  let range: { from: string; to: string };
  if (preset === 'custom' || (!presetParam && from && to)) {
    preset = 'custom';
    range = from && to && DATE.test(from) && DATE.test(to) && from <= to ? { from, to } : presetRange('month', today);
  } else {
    range = presetRange(preset, today);
  }
  const by = list(p, 'by').filter((d): d is Dimension => DIMENSION_SET.has(d)).slice(0, 2);
  const figures = list(p, 'figures').filter((f): f is FigureKey => FIGURE_SET.has(f));
  const cmp = p.get('compare');
  const chart = p.get('chart');
  const focus = p.get('focus');
  const view = p.get('view');
  return {
    preset,
    ...range,
    by: p.has('by') ? [...new Set(by)] : ['district'],
    figures: figures.length > 0 ? [...new Set(figures)] : DEFAULT_FIGURES,
    compare: cmp === 'lastYear' || cmp === 'previous' ? cmp : 'none',
    subjectLevel: int(p.get('subjectLevel')),
    unitParentId: int(p.get('unitParentId')),
    filters: {
      districtId: ids(p, 'districtId'),
      unitId: ids(p, 'unitId'),
      subtree: p.get('subtree') !== 'false',
      type: list(p, 'type'),
      typeGroup: list(p, 'typeGroup'),
      subjectId: ids(p, 'subjectId'),
      channel: list(p, 'channel'),
      urgency: list(p, 'urgency'),
    },
    chart: chart === 'bar' || chart === 'line' || chart === 'pie' ? chart : undefined,
    focus: focus && FIGURE_SET.has(focus) ? (focus as FigureKey) : undefined,
    view: view === 'chart' || view === 'map' ? view : 'table',
  };
}

/** The URL of a state: only what differs from the defaults, so a shared link stays short. */
export function writeState(s: StatsState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.preset === 'custom') {
    p.set('from', s.from);
    p.set('to', s.to);
  } else if (s.preset !== 'month') p.set('period', s.preset);
  if (!(s.by.length === 1 && s.by[0] === 'district')) p.set('by', s.by.join(','));
  if (s.figures.join(',') !== DEFAULT_FIGURES.join(',')) p.set('figures', s.figures.join(','));
  if (s.compare !== 'none') p.set('compare', s.compare);
  if (s.subjectLevel !== undefined) p.set('subjectLevel', String(s.subjectLevel));
  if (s.unitParentId !== undefined) p.set('unitParentId', String(s.unitParentId));
  const f = s.filters;
  for (const [name, values] of [['districtId', f.districtId], ['unitId', f.unitId], ['type', f.type], ['typeGroup', f.typeGroup], ['subjectId', f.subjectId], ['channel', f.channel], ['urgency', f.urgency]] as const) {
    if (values.length > 0) p.set(name, values.join(','));
  }
  if (!f.subtree && f.unitId.length > 0) p.set('subtree', 'false');
  if (s.chart) p.set('chart', s.chart);
  if (s.focus) p.set('focus', s.focus);
  if (s.view !== 'table') p.set('view', s.view);
  return p;
}

export type ApiQuery = Record<string, string | undefined>;

/** GET /api/stats's query string for a state (the lead's route reads these names). */
export function apiQuery(s: StatsState): ApiQuery {
  const f = s.filters;
  const join = (v: (string | number)[]) => (v.length > 0 ? v.join(',') : undefined);
  return {
    from: s.from,
    to: s.to,
    by: join(s.by),
    figures: join(s.figures),
    compare: s.compare !== 'none' ? 'true' : undefined,
    subjectLevel: s.by.includes('subject') && s.subjectLevel !== undefined ? String(s.subjectLevel) : undefined,
    unitParentId: s.by.includes('unit') && s.unitParentId !== undefined ? String(s.unitParentId) : undefined,
    districtId: join(f.districtId),
    unitId: join(f.unitId),
    subtree: f.unitId.length > 0 ? String(f.subtree) : undefined,
    type: join(f.type),
    typeGroup: join(f.typeGroup),
    subjectId: join(f.subjectId),
    channel: join(f.channel),
    urgency: join(f.urgency),
  };
}

/**
 * The drill-down's query (GET /api/stats/tickets): the page's period and filters, the cell's
 * dimensions as `by` with its key for each as `keys` (a 合计 cell has fewer: the row's, the
 * column's, or none), and the count whose tickets are wanted.
 */
export function cellQuery(s: StatsState, keys: GroupKey[], figure: CountKey): ApiQuery {
  const q = apiQuery(s);
  return {
    ...q,
    by: keys.length > 0 ? keys.map((k) => k.dimension).join(',') : undefined,
    keys: keys.length > 0 ? keys.map((k) => k.key).join(',') : undefined,
    // by=unit keeps the page's unitParentId (its keys are the parent's children); subject its level.
    subjectLevel: keys.some((k) => k.dimension === 'subject') ? q.subjectLevel : undefined,
    unitParentId: keys.some((k) => k.dimension === 'unit') ? q.unitParentId : undefined,
    figures: undefined,
    compare: undefined,
    figure,
  };
}

/** A whole query string for a download link (the export takes the page's query). */
export function queryString(q: ApiQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v);
  return p.toString();
}
