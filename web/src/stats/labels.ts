// The statistics page's words: the Chinese label of every figure and dimension of the statistics API
// (src/services/stats/types.ts; docs/figures.md says what each counts), hints, the picker's groups,
// and how values and changes are written (counts 1,234 and +11.90%; rates 99.57% and +0.76个百分点; undefined as —).
import type { CountKey, Dimension, FigureKey, RateKey } from '../../../src/services/stats/types';
import { COUNT_KEYS, DIMENSIONS, FIGURE_LABELS, RATE_KEYS } from '../../../src/services/stats/types';
import { RATE_DENOMINATOR } from '../../../src/domain/figures/rates';

export { COUNT_KEYS, DIMENSIONS, RATE_KEYS };
export type { CountKey, Dimension, FigureKey, RateKey };

// The figures' Chinese names are the server's own (src/domain/figures/keys.ts), so the page, the
// reports and the Excel export name every figure alike.
export { FIGURE_LABELS };

/** One line each for the figure picker's tooltips (docs/figures.md, shortened). */
export const FIGURE_HINTS: Partial<Record<FigureKey, string>> = {
  received: '受理的工单，不含无效件和被合并的重复件',
  dispatched: '派给承办单位至少一次的工单',
  closed: '已派单且现已办结或归档的工单',
  closureRate: '办结量 ÷ 派单量',
  onTimeRate: '按期答复 ÷ 答复',
  satisfactionRate: '（满意 + k×基本满意）÷ 有效回访',
  directAnswerRate: '直接答复 ÷ 受理量',
  handled: '按承办单位（最深一级主办单位）统计的已派单工单',
  overdue30: '承办单位超过答复时限30天以上仍未答复，或超期30天以上才答复',
  composite: '响应率、解决率、满意率的加权和',
};

const RATES = new Set<string>(RATE_KEYS);
export const isRate = (key: FigureKey): key is RateKey => RATES.has(key);

export const DIMENSION_LABELS: Record<Dimension, string> = {
  district: '区县',
  unit: '承办单位',
  type: '诉求类型',
  typeGroup: '类型分组',
  subject: '诉求分类',
  channel: '来源渠道',
  urgency: '紧急程度',
  day: '日',
  month: '月',
};

/** Figure groups for the picker, in the order a hotline office reads them. */
export const FIGURE_GROUPS: { label: string; keys: FigureKey[] }[] = [
  { label: '受理与办理', keys: ['received', 'directAnswered', 'directAnswerRate', 'dispatched', 'closed', 'closureRate', 'closedFirstTime', 'firstTimeRate', 'reopened', 'reopenRate', 'merged', 'invalid'] },
  { label: '承办单位', keys: ['assignments', 'signed', 'signedOnTime', 'signOnTimeRate', 'replied', 'repliedOnTime', 'onTimeRate', 'returned', 'returnRate', 'extended', 'extensionRate', 'handled', 'handledClosed', 'handledClosureRate', 'overdue30', 'overdueOpen', 'overdueOpen30', 'supervisions'] },
  { label: '回访与满意', keys: ['toVisit', 'visited', 'visitRate', 'validVisits', 'validVisitRate', 'contacted', 'responseRate', 'resolved', 'resolutionRate', 'satisfied', 'basicSatisfied', 'unsatisfied', 'satisfactionRate', 'composite'] },
  { label: '话务', keys: ['callsOffered', 'callsAnswered', 'answerRate', 'callsAnswered15', 'answer15Rate'] },
];

const grouping = new Intl.NumberFormat('zh-CN');

/** A value as the table shows it: counts with thousands separators, rates as 99.57%, undefined as —. */
export function formatValue(key: FigureKey, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (key === 'composite') return (value * 100).toFixed(2);
  if (isRate(key)) return `${(value * 100).toFixed(2)}%`;
  return grouping.format(value);
}

/** A change: counts in percent (+11.90%), rates in percentage points (+0.76个百分点); null as —. */
export function formatChange(key: FigureKey, change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '—';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '';
  const abs = Math.abs(change).toFixed(2);
  return isRate(key) ? `${sign}${abs}个百分点` : `${sign}${abs}%`;
}

/**
 * The colour of a change: green when the figure got better, red when it got worse. Rates and
 * quality counts have a direction (满意率 up is good, 超期 up is bad); volumes of demand (受理量,
 * 呼入量 …) have none, and a rise in demand is what a leader must look at, so it is red.
 */
const LOWER_IS_BETTER = new Set<FigureKey>([
  'returnRate', 'extensionRate', 'reopenRate', 'overdue30', 'overdueOpen', 'overdueOpen30', 'unsatisfied', 'returned',
  'extended', 'reopened', 'invalid', 'merged', 'supervisions',
]);
const HIGHER_IS_BETTER = new Set<FigureKey>([
  ...RATE_KEYS.filter((k) => !LOWER_IS_BETTER.has(k)), 'closed', 'closedFirstTime', 'signedOnTime', 'repliedOnTime', 'handledClosed',
  'contacted', 'resolved', 'satisfied', 'basicSatisfied', 'visited', 'validVisits', 'callsAnswered', 'callsAnswered15', 'directAnswered',
]);
/** 超期, 退回, 不满意…: more is worse (the map colours them in reds). */
export const lowerIsBetter = (key: FigureKey): boolean => LOWER_IS_BETTER.has(key);
export const UP_COLOR = '#cf1322';
export const DOWN_COLOR = '#389e0d';
export function changeColor(key: FigureKey, change: number | null | undefined): string | undefined {
  if (change === null || change === undefined || !Number.isFinite(change) || change === 0) return undefined;
  const up = change > 0;
  if (HIGHER_IS_BETTER.has(key)) return up ? DOWN_COLOR : UP_COLOR;
  return up ? UP_COLOR : DOWN_COLOR; // lower is better, or a volume of demand
}

/**
 * The tickets behind a rate: those of the population it is a share of (结案率 → the dispatched
 * tickets, closed or not, so the open ones show), as docs/figures.md defines each rate. Call rates
 * have no tickets behind them.
 */
export const RATE_POPULATION = RATE_DENOMINATOR;
const NO_TICKETS = new Set<FigureKey>(['callsOffered', 'callsAnswered', 'callsAnswered15']);
/** The count to list for a figure's cell; null when no ticket stands behind it (calls). */
export function drillCount(key: FigureKey): CountKey | null {
  if (isRate(key)) return RATE_POPULATION[key];
  return NO_TICKETS.has(key) ? null : key;
}
