// The year 年度综合考评 (seed 000 §五): the office enters each unit's annual score (and the on-site
// score of key units), then the composite is computed from the year's published months.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { fieldError } from '../../domain/errors.js';
import { annualComposite, rankScores, type Template } from '../../domain/evaluation/index.js';
import type { Db } from '../../db/connection.js';
import { unitIdInScope } from '../../db/scope.js';
import { audit } from '../audit.js';
import { inTransaction } from '../tickets/context.js';
import { seesRanking } from './results.js';
import { requireEvaluationAdmin, requireTemplate } from './templates.js';

export interface AnnualEntry { unitId: number; annualScore: number | null; onSiteScore: number | null }

export interface AnnualRow {
  unitId: number;
  unitName: string;
  keyUnit: boolean;
  annualScore: number | null;
  onSiteScore: number | null;
  months: number;
  monthlyMean: number | null;
  composite: number | null;
  incomplete: boolean;
  rank: number | null;
  computedAt: string | null;
}

const checkYear = (year: number) => {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw fieldError('year', '年份应在 2000–2100 之间', 'year must be between 2000 and 2100');
};

/** Enters annual and on-site scores; a unit left out keeps what it had. */
export async function putAnnualScores(db: Db, actor: Actor, code: string, year: number, entries: AnnualEntry[], now: Date): Promise<AnnualRow[]> {
  requireEvaluationAdmin(actor);
  checkYear(year);
  await inTransaction(db, async (tx) => {
    const t = await requireTemplate(tx, actor.platformId, code);
    const max = (t.body as Template).maxScore;
    const members = new Map((await tx.selectFrom('evaluation_units').select(['unit_id', 'key_unit']).where('platform_id', '=', actor.platformId).where('template_code', '=', code).execute())
      .map((m) => [m.unit_id, m.key_unit]));
    entries.forEach((e, i) => {
      if (!members.has(e.unitId)) throw fieldError(`entries.${i}.unitId`, '该单位不在此考评方案中', 'the unit is not evaluated under this template');
      for (const [k, v] of [['annualScore', e.annualScore], ['onSiteScore', e.onSiteScore]] as const) {
        if (v !== null && (v < 0 || v > max)) throw fieldError(`entries.${i}.${k}`, `分数应在 0–${max} 之间`, `the score must be between 0 and ${max}`);
      }
      if (e.onSiteScore !== null && !members.get(e.unitId)) throw fieldError(`entries.${i}.onSiteScore`, '只有重点服务单位有现场考评分', 'only key units have an on-site score');
    });
    if (entries.length) {
      await tx.insertInto('evaluation_annual').values(entries.map((e) => ({
        platform_id: actor.platformId, template_code: code, year, unit_id: e.unitId, annual_score: e.annualScore, on_site_score: e.onSiteScore, updated_at: now,
      }))).onConflict((oc) => oc.columns(['platform_id', 'template_code', 'year', 'unit_id']).doUpdateSet((eb) => ({
        annual_score: eb.ref('excluded.annual_score'), on_site_score: eb.ref('excluded.on_site_score'), updated_at: now,
      }))).execute();
    }
    await audit(tx, { platformId: actor.platformId, actor, action: 'evaluation.annual_scores', targetType: 'evaluation_annual', targetId: `${code}:${year}`, details: { entries }, at: now });
  });
  return listAnnual(db, actor, code, year);
}

/** The composite of every unit of the template from the year's published months, ranked. */
export async function computeAnnual(db: Db, actor: Actor, code: string, year: number, now: Date): Promise<AnnualRow[]> {
  requireEvaluationAdmin(actor);
  checkYear(year);
  await inTransaction(db, async (tx) => {
    const t = await requireTemplate(tx, actor.platformId, code);
    const body = t.body as Template;
    const units = await tx.selectFrom('evaluation_units').select(['unit_id', 'key_unit']).where('platform_id', '=', actor.platformId).where('template_code', '=', code).execute();
    const monthly = await tx.selectFrom('evaluation_scores as s').innerJoin('evaluation_periods as p', 'p.id', 's.period_id')
      .select(['s.unit_id', 's.total']).where('s.platform_id', '=', actor.platformId).where('p.template_code', '=', code)
      .where('p.state', '=', 'published').where('p.month', '>=', `${year}-01-01`).where('p.month', '<=', `${year}-12-01`).execute();
    const entered = await tx.selectFrom('evaluation_annual').selectAll().where('platform_id', '=', actor.platformId).where('template_code', '=', code).where('year', '=', year).execute();
    const results = units.map((u) => {
      const e = entered.find((x) => x.unit_id === u.unit_id);
      const months = monthly.filter((m) => m.unit_id === u.unit_id).map((m) => m.total);
      return { u, e, months: months.length, r: annualComposite(body, { monthly: months, annualScore: e?.annual_score ?? null, onSiteScore: e?.on_site_score ?? null, keyUnit: u.key_unit }) };
    });
    const ranks = rankScores(results.map((x) => ({ id: x.u.unit_id, total: x.r.composite })));
    if (results.length) {
      await tx.insertInto('evaluation_annual').values(results.map((x) => ({
        platform_id: actor.platformId, template_code: code, year, unit_id: x.u.unit_id, annual_score: x.e?.annual_score ?? null, on_site_score: x.e?.on_site_score ?? null,
        months: x.months, monthly_mean: x.r.monthlyMean, composite: x.r.composite, incomplete: x.r.incomplete, rank: ranks.get(x.u.unit_id) ?? null, computed_at: now, updated_at: now,
      }))).onConflict((oc) => oc.columns(['platform_id', 'template_code', 'year', 'unit_id']).doUpdateSet((eb) => ({
        months: eb.ref('excluded.months'), monthly_mean: eb.ref('excluded.monthly_mean'), composite: eb.ref('excluded.composite'),
        incomplete: eb.ref('excluded.incomplete'), rank: eb.ref('excluded.rank'), computed_at: now, updated_at: now,
      }))).execute();
    }
    await audit(tx, { platformId: actor.platformId, actor, action: 'evaluation.annual_compute', targetType: 'evaluation_annual', targetId: `${code}:${year}`, details: { units: results.length }, at: now });
  });
  return listAnnual(db, actor, code, year);
}

/** The year's rows in scope, best first (units see their own row only). */
export async function listAnnual(db: Db, actor: Actor, code: string, year: number): Promise<AnnualRow[]> {
  checkYear(year);
  await requireTemplate(db, actor.platformId, code);
  let q = db.selectFrom('evaluation_units as e').innerJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('evaluation_annual as a', (j) => j.onRef('a.platform_id', '=', 'e.platform_id').onRef('a.template_code', '=', 'e.template_code').onRef('a.unit_id', '=', 'e.unit_id').on('a.year', '=', year))
    .select(['e.unit_id', 'u.name', 'e.key_unit', 'a.annual_score', 'a.on_site_score', 'a.months', 'a.monthly_mean', 'a.composite', 'a.incomplete', 'a.rank', 'a.computed_at'])
    .where('e.platform_id', '=', actor.platformId).where('e.template_code', '=', code);
  q = seesRanking(actor) ? q.where(unitIdInScope(actor, 'e.unit_id')) : q.where('e.unit_id', '=', actor.unitId);
  const rows = await q.orderBy(sql`a.rank nulls last`).orderBy('u.path').execute();
  return rows.map((r) => ({
    unitId: r.unit_id, unitName: r.name, keyUnit: r.key_unit, annualScore: r.annual_score ?? null, onSiteScore: r.on_site_score ?? null,
    months: r.months ?? 0, monthlyMean: r.monthly_mean ?? null, composite: r.composite ?? null, incomplete: r.incomplete ?? true, rank: r.rank ?? null,
    computedAt: r.computed_at?.toISOString() ?? null,
  }));
}
