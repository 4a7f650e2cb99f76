// An evaluation template 考评方案 (DOMAIN.md §11, seed 000 §五): what a unit's monthly score is made
// of and what follows from it. Pure data and its validation; the scoring is in ./scoring.ts.
import { RATE_KEYS, type RateKey } from '../figures/keys.js';
import type { FieldError } from '../errors.js';

export const CURVES = ['linear', 'step', 'ratio'] as const;
export type Curve = (typeof CURVES)[number];

/**
 * One figure scored against a target. Values, targets and floors are in percent (95 = 95%).
 * linear: 0 at the floor, full weight at the target, straight in between; a target below the floor
 * scores a "lower is better" figure (回退率) the same way from the other side.
 * step: full weight at the target (or better), else 0. ratio: weight × value ÷ target, capped at the weight.
 */
export interface Indicator {
  key: RateKey;
  weight: number;
  target: number;
  floor: number;
  curve: Curve;
}

/** The events that cost points (docs/evaluation.md says which rows each one counts). */
export const DEDUCTION_KINDS = ['overdue', 'supervision', 'unsatisfied', 'province'] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

export const DEDUCTION_LABELS: Record<DeductionKind, string> = {
  overdue: '超期办理', supervision: '被督办', unsatisfied: '回访不满意', province: '省派工单处置不力',
};

export interface DeductionRule {
  kind: DeductionKind;
  /** Points per event. */
  points: number;
  /** At most this many points a month for this kind; null: no cap. */
  cap: number | null;
}

export const BONUS_CATEGORIES = ['innovation', 'self_solved', 'other'] as const;
export type BonusCategory = (typeof BONUS_CATEGORIES)[number];
export const BONUS_LABELS: Record<BonusCategory, string> = { innovation: '创新工作', self_solved: '自查自处', other: '其他' };

export interface Template {
  /** Highest score (100). Indicator weights add up to at most this. */
  maxScore: number;
  indicators: Indicator[];
  deductions: DeductionRule[];
  /** Manual bonuses (加分) add up to at most this a month. */
  bonusCap: number;
  lists: {
    /** 满分单位: score ≥ this (normally maxScore). */
    fullMark: number;
    /** 黑榜: the N lowest scores below full mark (ties at the edge included); null: not used. */
    blackBottomN: number | null;
    /** … or every score below this; null: not used. A unit meeting either rule is on the list. */
    blackBelow: number | null;
  };
  deposit: {
    /** 保证金: yuan for each month a unit is on the black list. */
    perBlackMonth: number;
    /** … plus yuan per point below `threshold` (null: not used). */
    perPointBelow: number;
    threshold: number | null;
  };
  annual: {
    /** 综合得分 = (w₁·月度均分 + w₂·年度考评 [+ w₃·现场考评 for key units]) ÷ the weights used. */
    monthlyWeight: number;
    annualWeight: number;
    onSiteWeight: number;
  };
}

/** A sensible default, after seed 000/001 practice: timeliness, closure and satisfaction, events cost points. */
export const DEFAULT_TEMPLATE: Template = {
  maxScore: 100,
  indicators: [
    { key: 'signOnTimeRate', weight: 15, target: 98, floor: 80, curve: 'linear' },
    { key: 'onTimeRate', weight: 25, target: 95, floor: 70, curve: 'linear' },
    { key: 'closureRate', weight: 20, target: 95, floor: 60, curve: 'linear' },
    { key: 'satisfactionRate', weight: 30, target: 90, floor: 60, curve: 'linear' },
    { key: 'returnRate', weight: 10, target: 5, floor: 30, curve: 'linear' },
  ],
  deductions: [
    { kind: 'overdue', points: 0.5, cap: 10 },
    { kind: 'supervision', points: 1, cap: 10 },
    { kind: 'unsatisfied', points: 0.2, cap: 5 },
    { kind: 'province', points: 2, cap: 10 },
  ],
  bonusCap: 5,
  lists: { fullMark: 100, blackBottomN: 3, blackBelow: 80 },
  deposit: { perBlackMonth: 2000, perPointBelow: 0, threshold: null },
  annual: { monthlyWeight: 0.7, annualWeight: 0.3, onSiteWeight: 0.2 },
};

const err = (field: string, message: string, message_en: string): FieldError => ({ field, message, message_en });

/** Checks what a schema cannot: sums, directions, duplicates. Returns every problem found. */
export function templateProblems(t: Template, prefix = 'body'): FieldError[] {
  const out: FieldError[] = [];
  const f = (p: string) => `${prefix}.${p}`;
  const keys = new Set<string>();
  t.indicators.forEach((ind, i) => {
    if (!(RATE_KEYS as readonly string[]).includes(ind.key)) out.push(err(f(`indicators.${i}.key`), `未知指标“${ind.key}”`, `unknown figure "${ind.key}"`));
    if (keys.has(ind.key)) out.push(err(f(`indicators.${i}.key`), '指标重复', 'duplicate indicator'));
    keys.add(ind.key);
    if (ind.curve === 'linear' && ind.target === ind.floor) out.push(err(f(`indicators.${i}.floor`), '线性计分的起评值不能等于目标值', 'a linear curve needs floor ≠ target'));
    if (ind.curve === 'ratio' && ind.target <= 0) out.push(err(f(`indicators.${i}.target`), '比例计分的目标值须大于 0', 'a ratio curve needs a target above 0'));
  });
  const weights = t.indicators.reduce((s, i) => s + i.weight, 0);
  if (weights > t.maxScore + 1e-9) out.push(err(f('indicators'), `指标分值合计 ${round2(weights)} 超过满分 ${t.maxScore}`, `indicator weights add up to ${round2(weights)}, above the maximum ${t.maxScore}`));
  const kinds = new Set<string>();
  t.deductions.forEach((d, i) => {
    if (kinds.has(d.kind)) out.push(err(f(`deductions.${i}.kind`), '扣分项重复', 'duplicate deduction kind'));
    kinds.add(d.kind);
  });
  if (t.lists.fullMark > t.maxScore) out.push(err(f('lists.fullMark'), '满分线不能高于满分', 'fullMark cannot exceed maxScore'));
  const a = t.annual;
  if (a.monthlyWeight + a.annualWeight <= 0) out.push(err(f('annual.monthlyWeight'), '月度与年度权重不能都为 0', 'monthly and annual weights cannot both be 0'));
  return out;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
