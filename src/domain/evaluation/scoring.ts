// Monthly scores, rankings, lists, deposits and the annual composite (DOMAIN.md §11). Pure: the
// service gathers the figures and the events, this decides what they are worth.
import { DEDUCTION_KINDS, round2, type DeductionKind, type Indicator, type Template } from './template.js';

/** Points an indicator earns for a value in percent; null (no denominator: nothing to judge) earns full points. */
export function indicatorPoints(ind: Indicator, value: number | null): number {
  if (value === null || !Number.isFinite(value)) return ind.weight;
  const lowerBetter = ind.target < ind.floor;
  switch (ind.curve) {
    case 'step':
      return (lowerBetter ? value <= ind.target : value >= ind.target) ? ind.weight : 0;
    case 'ratio':
      return Math.min(ind.weight, Math.max(0, (ind.weight * value) / ind.target));
    case 'linear': {
      const share = (value - ind.floor) / (ind.target - ind.floor);
      return ind.weight * Math.min(1, Math.max(0, share));
    }
  }
}

/** One event that may cost points: an overdue assignment, a supervision order, a visit… */
export interface DeductionEvent {
  kind: DeductionKind;
  ticketId: number;
  /** The assignment or supervision order behind it, when there is one. */
  refId: number | null;
  at: Date;
}

export interface ChargedEvent extends DeductionEvent {
  points: number;
}

export interface DeductionTally {
  kind: DeductionKind;
  events: number;
  points: number;
  /** Events past the cap: counted, free. */
  capped: number;
}

/**
 * Charges events in time order at the rule's points each until the month's cap: the event that
 * reaches the cap pays what is left, later ones pay nothing and are not charged (they are only
 * counted). Kinds the template has no rule for cost nothing.
 */
export function chargeDeductions(template: Template, events: readonly DeductionEvent[]): { charged: ChargedEvent[]; tallies: DeductionTally[] } {
  const charged: ChargedEvent[] = [];
  const tallies: DeductionTally[] = [];
  for (const kind of DEDUCTION_KINDS) {
    const rule = template.deductions.find((d) => d.kind === kind);
    const mine = events.filter((e) => e.kind === kind).sort((a, b) => a.at.getTime() - b.at.getTime() || a.ticketId - b.ticketId || (a.refId ?? 0) - (b.refId ?? 0));
    if (!rule || mine.length === 0) {
      if (mine.length) tallies.push({ kind, events: mine.length, points: 0, capped: mine.length });
      continue;
    }
    let spent = 0;
    let capped = 0;
    for (const e of mine) {
      const room = rule.cap === null ? rule.points : Math.max(0, round2(rule.cap - spent));
      const points = round2(Math.min(rule.points, room));
      if (points <= 0) { capped++; continue; }
      spent = round2(spent + points);
      charged.push({ ...e, points });
    }
    tallies.push({ kind, events: mine.length, points: spent, capped });
  }
  return { charged, tallies };
}

export interface IndicatorResult {
  key: string;
  value: number | null;
  weight: number;
  points: number;
}

export interface UnitScore {
  indicators: IndicatorResult[];
  indicatorPoints: number;
  deductions: number;
  bonuses: number;
  total: number;
  charged: ChargedEvent[];
  tallies: DeductionTally[];
}

/** Score = Σ indicator points − deductions + bonuses (capped), clipped to [0, maxScore]. */
export function scoreUnit(template: Template, values: Partial<Record<string, number | null>>, events: readonly DeductionEvent[], bonusPoints: readonly number[]): UnitScore {
  const indicators = template.indicators.map((ind) => {
    const value = values[ind.key] ?? null;
    return { key: ind.key, value: value === null ? null : round2(value), weight: ind.weight, points: round2(indicatorPoints(ind, value)) };
  });
  const indicatorSum = round2(indicators.reduce((s, i) => s + i.points, 0));
  const { charged, tallies } = chargeDeductions(template, events);
  const deductions = round2(tallies.reduce((s, t) => s + t.points, 0));
  const bonuses = round2(Math.min(template.bonusCap, Math.max(0, bonusPoints.reduce((s, p) => s + p, 0))));
  const total = round2(Math.min(template.maxScore, Math.max(0, indicatorSum - deductions + bonuses)));
  return { indicators, indicatorPoints: indicatorSum, deductions, bonuses, total, charged, tallies };
}

/** Competition ranking (1, 2, 2, 4): highest first, equal scores share a rank. Returns id → rank. */
export function rankScores<K>(scores: readonly { id: K; total: number | null }[]): Map<K, number> {
  const ranked = scores.filter((s) => s.total !== null).sort((a, b) => b.total! - a.total!);
  const out = new Map<K, number>();
  ranked.forEach((s, i) => {
    const prev = ranked[i - 1];
    out.set(s.id, prev && prev.total === s.total ? out.get(prev.id)! : i + 1);
  });
  return out;
}

export interface ListResult<K> {
  fullMark: Set<K>;
  black: Set<K>;
  /** Deposit deducted per unit (yuan), only units that owe something. */
  deposit: Map<K, number>;
}

/**
 * 满分 and 黑榜 for one month, and the deposit each unit forfeits. The bottom-N rule looks only at
 * units below full mark, so a month where everyone scores full blacklists nobody; a tie at the N-th
 * place puts every tied unit on the list.
 */
export function monthLists<K>(template: Template, scores: readonly { id: K; total: number }[]): ListResult<K> {
  const { lists, deposit } = template;
  const fullMark = new Set(scores.filter((s) => s.total >= lists.fullMark).map((s) => s.id));
  const black = new Set<K>();
  if (lists.blackBelow !== null) for (const s of scores) if (s.total < lists.blackBelow) black.add(s.id);
  if (lists.blackBottomN !== null && lists.blackBottomN > 0) {
    const below = scores.filter((s) => s.total < lists.fullMark).sort((a, b) => a.total - b.total);
    const edge = below[Math.min(lists.blackBottomN, below.length) - 1]?.total;
    if (edge !== undefined) for (const s of below) if (s.total <= edge) black.add(s.id);
  }
  const owed = new Map<K, number>();
  for (const s of scores) {
    let yuan = black.has(s.id) ? deposit.perBlackMonth : 0;
    if (deposit.threshold !== null && s.total < deposit.threshold) yuan += deposit.perPointBelow * (deposit.threshold - s.total);
    yuan = round2(yuan);
    if (yuan > 0) owed.set(s.id, yuan);
  }
  return { fullMark, black, deposit: owed };
}

export interface AnnualInput {
  monthly: readonly number[];
  annualScore: number | null;
  onSiteScore: number | null;
  keyUnit: boolean;
}

export interface AnnualResult {
  monthlyMean: number | null;
  composite: number | null;
  /** A part the formula wants is missing (no published month, no annual score, a key unit without its on-site score). */
  incomplete: boolean;
}

/**
 * 综合得分 = (w₁·mean of the published monthly scores + w₂·annual score [+ w₃·on-site score for a key
 * unit]) ÷ (the weights used), so key and other units end on the same 100-point scale. Parts not yet
 * entered are left out of both sums and the result is marked incomplete.
 */
export function annualComposite(template: Template, input: AnnualInput): AnnualResult {
  const { monthlyWeight, annualWeight, onSiteWeight } = template.annual;
  const monthlyMean = input.monthly.length ? round2(input.monthly.reduce((s, x) => s + x, 0) / input.monthly.length) : null;
  const parts: [number | null, number][] = [[monthlyMean, monthlyWeight], [input.annualScore, annualWeight]];
  if (input.keyUnit) parts.push([input.onSiteScore, onSiteWeight]);
  let sum = 0;
  let weights = 0;
  let incomplete = false;
  for (const [value, w] of parts) {
    if (w <= 0) continue;
    if (value === null) { incomplete = true; continue; }
    sum += w * value;
    weights += w;
  }
  return { monthlyMean, composite: weights > 0 ? round2(sum / weights) : null, incomplete };
}
