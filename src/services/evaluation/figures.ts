// The indicator values of a month for a template's units, from the statistics service (one query
// per distinct parent of the evaluated units, normally one: the members sit under the platform root).
// No formula of our own: the rates are docs/figures.md's, turned into percent for the template.
import type { RateKey } from '../../domain/figures/keys.js';
import type { Db } from '../../db/connection.js';
import { computeStats } from '../stats/stats.js';
import type { StatsRow } from '../stats/types.js';

export interface EvaluatedUnit { id: number; parentId: number | null }

/** unit id → figure → value in percent (null: no denominator). */
export type IndicatorValues = Map<number, Partial<Record<RateKey, number | null>>>;

export type IndicatorSource = (db: Db, platformId: number, units: readonly EvaluatedUnit[], figures: readonly RateKey[], period: { from: string; to: string }, now: Date) => Promise<IndicatorValues>;

const percent = (row: StatsRow | undefined, figures: readonly RateKey[]): Partial<Record<RateKey, number | null>> =>
  Object.fromEntries(figures.map((f) => {
    const v = row?.figures[f]?.value;
    return [f, v === null || v === undefined ? null : v * 100];
  }));

/**
 * Each evaluated unit's figures with its whole subtree: the statistics service grouped at the
 * children of the unit's parent (ticket figures by handling unit, assignment figures by the
 * assignment's unit, docs/figures.md), filtered to the evaluated units.
 */
/**
 * Read from the raw tables (`source: 'raw'`), not the rollups: a month is computed a few times a
 * month and then frozen, so it must not depend on how recently the stats-rollup job ran (an empty
 * or stale rollup would give every unit full indicator points); a month of raw rows is cheap.
 */
export const statsIndicatorSource: IndicatorSource = async (db, platformId, units, figures, period, now) => {
  const out: IndicatorValues = new Map();
  if (figures.length === 0 || units.length === 0) return out;
  const doer = { system: 'evaluation', platformId };
  const byParent = new Map<number | null, number[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u.id]);
  for (const [parentId, ids] of byParent) {
    if (parentId === null) {
      // The platform root itself evaluated: its figures are the platform's total.
      const r = await computeStats(db, doer, { from: period.from, to: period.to, figures: [...figures], filters: { unitIds: ids, subtree: true }, source: 'raw' }, now);
      for (const id of ids) out.set(id, percent(r.total, figures));
      continue;
    }
    const r = await computeStats(db, doer, {
      from: period.from, to: period.to, by: ['unit'], unitParentId: parentId, figures: [...figures], filters: { unitIds: ids, subtree: true }, source: 'raw',
    }, now);
    for (const id of ids) out.set(id, percent(r.rows.find((row) => row.keys[0]?.key === String(id)), figures));
  }
  return out;
};
