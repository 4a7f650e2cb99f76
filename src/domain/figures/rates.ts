// The formulas of DOMAIN.md §10: every rate the platform prints is computed here, from counts.
// Rates are fractions in [0, 1]; a zero denominator gives null ("—"), never 0% or 100%.
import type { CountKey, RateKey } from './keys.js';

export type Counts = Record<CountKey, number>;
export type Rates = Record<RateKey, number | null>;

export interface FigureSettings {
  /** k in 满意率 = (满意 + k·基本满意) ÷ 有效回访 (default 1). */
  basicWeight: number;
  /** 综合 = w₁·响应率 + w₂·解决率 + w₃·满意率 (default 0.1 / 0.5 / 0.4). */
  compositeWeights: readonly [number, number, number];
}

export const DEFAULT_FIGURE_SETTINGS: FigureSettings = { basicWeight: 1, compositeWeights: [0.1, 0.5, 0.4] };

/**
 * The population each rate divides by (the tickets a drill-down into a rate lists); null for call
 * figures, which have no tickets. Kept beside ratesOf so the two cannot disagree.
 */
export const RATE_DENOMINATOR: Record<RateKey, CountKey | null> = {
  directAnswerRate: 'received', closureRate: 'dispatched', handledClosureRate: 'handled', onTimeRate: 'replied', firstTimeRate: 'closed',
  signOnTimeRate: 'assignments', returnRate: 'assignments', extensionRate: 'assignments', reopenRate: 'closed', visitRate: 'toVisit',
  validVisitRate: 'visited', responseRate: 'validVisits', resolutionRate: 'validVisits', satisfactionRate: 'validVisits', composite: 'validVisits',
  answerRate: null, answer15Rate: null,
};

export const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function ratesOf(c: Counts, s: FigureSettings = DEFAULT_FIGURE_SETTINGS): Rates {
  const responseRate = ratio(c.contacted, c.validVisits);
  const resolutionRate = ratio(c.resolved, c.validVisits);
  const satisfactionRate = ratio(c.satisfied + s.basicWeight * c.basicSatisfied, c.validVisits);
  const [w1, w2, w3] = s.compositeWeights;
  return {
    directAnswerRate: ratio(c.directAnswered, c.received),
    closureRate: ratio(c.closed, c.dispatched),
    handledClosureRate: ratio(c.handledClosed, c.handled),
    onTimeRate: ratio(c.repliedOnTime, c.replied),
    firstTimeRate: ratio(c.closedFirstTime, c.closed),
    signOnTimeRate: ratio(c.signedOnTime, c.assignments),
    returnRate: ratio(c.returned, c.assignments),
    extensionRate: ratio(c.extended, c.assignments),
    reopenRate: ratio(c.reopened, c.closed),
    visitRate: ratio(c.visited, c.toVisit),
    validVisitRate: ratio(c.validVisits, c.visited),
    responseRate,
    resolutionRate,
    satisfactionRate,
    composite: responseRate === null || resolutionRate === null || satisfactionRate === null
      ? null : w1 * responseRate + w2 * resolutionRate + w3 * satisfactionRate,
    answerRate: ratio(c.callsAnswered, c.callsOffered),
    answer15Rate: ratio(c.callsAnswered15, c.callsAnswered),
  };
}

/**
 * The change beside a figure (seed 000: "较去年增加11.90%", "上升0.76个百分点"): counts change in
 * percent of the earlier count, rates in percentage points. null when the earlier figure is missing
 * (or, for counts, zero: growth from nothing has no percentage).
 */
export function changeOf(kind: 'count' | 'rate', now: number | null, then: number | null): number | null {
  if (now === null || then === null) return null;
  if (kind === 'rate') return (now - then) * 100;
  return then > 0 ? ((now - then) / then) * 100 : null;
}

/** "71.13%": a fraction as a percentage with `digits` decimals; "—" when undefined. */
export function percent(x: number | null, digits = 2): string {
  return x === null ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/**
 * The Chinese phrase for a change: counts "较去年增加11.90%" / "减少3.20%", rates "较去年上升0.76个百分点" /
 * "下降…", "与去年持平" when it rounds to zero; '' when there is nothing to compare with.
 */
export function describeChange(kind: 'count' | 'rate', change: number | null, against = '去年', digits = 2): string {
  if (change === null) return '';
  const abs = Math.abs(change).toFixed(digits);
  if (Number(abs) === 0) return `与${against}持平`;
  if (kind === 'count') return `较${against}${change > 0 ? '增加' : '减少'}${abs}%`;
  return `较${against}${change > 0 ? '上升' : '下降'}${abs}个百分点`;
}
