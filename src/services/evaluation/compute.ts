// Computing and publishing a month of evaluation (docs/evaluation.md). One transaction per month and
// template: the figures from the statistics service, the deduction events in three set-based
// queries, the manual bonuses, then every unit's score, rank, lists and deposit written at once.
// A published month is frozen: recomputing it, or changing its bonuses, is a 409.
import type { Actor } from '../../domain/actor.js';
import { conflict, fieldError, notFound } from '../../domain/errors.js';
import { monthLists, rankScores, scoreUnit, type Template } from '../../domain/evaluation/index.js';
import { monthPeriod } from '../../domain/figures/periods.js';
import type { RateKey } from '../../domain/figures/keys.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';
import { inTransaction, isSystem, type Doer } from '../tickets/context.js';
import { deductionEvents, type UnitEvent } from './events.js';
import { statsIndicatorSource, type IndicatorSource } from './figures.js';
import { currentTemplates, requireEvaluationAdmin, requireTemplate } from './templates.js';

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The instants a month of Asia/Shanghai spans: [start, end). */
export function monthRange(month: string): { start: Date; end: Date; from: string; to: string } {
  if (!MONTH_RE.test(month)) throw fieldError('month', '月份格式应为 YYYY-MM', 'month must be YYYY-MM');
  const p = monthPeriod(month);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: new Date(`${p.from}T00:00:00+08:00`), end: new Date(`${next}-01T00:00:00+08:00`), from: p.from, to: p.to };
}

/** The month (YYYY-MM) an instant falls in, in Asia/Shanghai. */
export const shanghaiMonth = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
export const shanghaiDay = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export interface ComputeOptions {
  /** Where indicator values come from (the statistics service; tests may hand-build them). */
  indicators?: IndicatorSource;
}

export interface ComputeResult {
  periodId: number;
  templateCode: string;
  templateVersion: number;
  month: string;
  units: number;
  items: number;
  state: 'draft';
}

/** Computes (or recomputes) the draft of one month of one template. */
export async function computeMonth(db: Db, doer: Doer, templateCode: string, month: string, now: Date, options: ComputeOptions = {}): Promise<ComputeResult> {
  if (!isSystem(doer)) requireEvaluationAdmin(doer);
  const platformId = doer.platformId;
  const range = monthRange(month);
  if (range.start >= now) throw fieldError('month', '只能考评已开始的月份', 'the month has not started yet');
  return inTransaction(db, async (tx) => {
    const template = await requireTemplate(tx, platformId, templateCode);
    const body = template.body as Template;
    // Lock the month's row (if any) so two computations or a compute and a publish serialise.
    const existing = await tx.selectFrom('evaluation_periods').selectAll()
      .where('platform_id', '=', platformId).where('template_code', '=', templateCode).where('month', '=', range.from)
      .forUpdate().executeTakeFirst();
    if (existing?.state === 'published') throw conflict(`${month} 的考评结果已发布，不能重新计算`, `The evaluation of ${month} is published and cannot be recomputed`, 'published');
    const units = await tx.selectFrom('evaluation_units as e').innerJoin('units as u', 'u.id', 'e.unit_id')
      .select(['e.unit_id', 'e.key_unit', 'u.parent_id'])
      .where('e.platform_id', '=', platformId).where('e.template_code', '=', templateCode).execute();
    const figures = body.indicators.map((i) => i.key as RateKey);
    const source = options.indicators ?? statsIndicatorSource;
    const values = await source(tx, platformId, units.map((u) => ({ id: u.unit_id, parentId: u.parent_id })), figures, range, now);
    const events = await deductionEvents(tx, { platformId, templateCode, start: range.start, end: range.end, now });
    const bonuses = await tx.selectFrom('evaluation_bonuses').select(['unit_id', 'points'])
      .where('platform_id', '=', platformId).where('template_code', '=', templateCode).where('month', '=', range.from).execute();

    const eventsOf = new Map<number, UnitEvent[]>();
    for (const e of events) eventsOf.set(e.unitId, [...(eventsOf.get(e.unitId) ?? []), e]);
    const scored = units.map((u) => ({
      unit: u,
      score: scoreUnit(body, values.get(u.unit_id) ?? {}, eventsOf.get(u.unit_id) ?? [], bonuses.filter((b) => b.unit_id === u.unit_id).map((b) => b.points)),
    }));
    const ranks = rankScores(scored.map((s) => ({ id: s.unit.unit_id, total: s.score.total })));
    const lists = monthLists(body, scored.map((s) => ({ id: s.unit.unit_id, total: s.score.total })));

    const periodValues = { template_id: template.id, state: 'draft' as const, computed_at: now, computed_by: isSystem(doer) ? null : doer.userId };
    let periodId: number;
    if (existing) {
      periodId = existing.id;
      await tx.updateTable('evaluation_periods').set(periodValues).where('id', '=', periodId).execute();
      await tx.deleteFrom('evaluation_items').where('platform_id', '=', platformId).where('period_id', '=', periodId).execute();
      await tx.deleteFrom('evaluation_scores').where('platform_id', '=', platformId).where('period_id', '=', periodId).execute();
    } else {
      periodId = (await tx.insertInto('evaluation_periods').values({ platform_id: platformId, template_code: templateCode, month: range.from, ...periodValues })
        .returning('id').executeTakeFirstOrThrow()).id;
    }
    if (scored.length) {
      await tx.insertInto('evaluation_scores').values(scored.map(({ unit, score }) => ({
        platform_id: platformId, period_id: periodId, unit_id: unit.unit_id, key_unit: unit.key_unit, total: score.total,
        rank: ranks.get(unit.unit_id)!, indicator_points: score.indicatorPoints, deductions: score.deductions, bonuses: score.bonuses,
        indicators: JSON.stringify(score.indicators), tallies: JSON.stringify(score.tallies),
        full_mark: lists.fullMark.has(unit.unit_id), black_listed: lists.black.has(unit.unit_id), deposit: lists.deposit.get(unit.unit_id) ?? 0,
      }))).execute();
    }
    const items = scored.flatMap(({ unit, score }) => score.charged.map((c) => {
      const e = c as UnitEvent & { points: number };
      return {
        platform_id: platformId, period_id: periodId, unit_id: unit.unit_id, kind: e.kind, ticket_id: e.ticketId,
        assignment_id: e.assignmentId, order_id: e.orderId, at: e.at, points: e.points,
      };
    }));
    for (let i = 0; i < items.length; i += 1000) await tx.insertInto('evaluation_items').values(items.slice(i, i + 1000)).execute();
    if (!isSystem(doer)) {
      await audit(tx, { platformId, actor: doer, action: 'evaluation.compute', targetType: 'evaluation_period', targetId: periodId, details: { template: templateCode, version: template.version, month, units: scored.length }, at: now });
    }
    return { periodId, templateCode, templateVersion: template.version, month, units: scored.length, items: items.length, state: 'draft' };
  });
}

export async function requirePeriod(db: Db, platformId: number, templateCode: string, month: string) {
  const { from } = monthRange(month);
  const p = await db.selectFrom('evaluation_periods').selectAll()
    .where('platform_id', '=', platformId).where('template_code', '=', templateCode).where('month', '=', from).executeTakeFirst();
  if (!p) throw notFound(`${month} 的考评结果`, `evaluation of ${month}`);
  return p;
}

/** Publishes a computed month: from now on its scores, items and bonuses never change. */
export async function publishMonth(db: Db, actor: Actor, templateCode: string, month: string, now: Date): Promise<{ periodId: number; publishedAt: string }> {
  requireEvaluationAdmin(actor);
  const { from } = monthRange(month);
  return inTransaction(db, async (tx) => {
    const p = await tx.selectFrom('evaluation_periods').selectAll().where('platform_id', '=', actor.platformId)
      .where('template_code', '=', templateCode).where('month', '=', from).forUpdate().executeTakeFirst();
    if (!p) throw notFound(`${month} 的考评结果（请先计算）`, `evaluation of ${month} (compute it first)`);
    if (p.state === 'published') throw conflict(`${month} 的考评结果已发布`, `The evaluation of ${month} is already published`, 'published');
    await tx.updateTable('evaluation_periods').set({ state: 'published', published_at: now, published_by: actor.userId }).where('id', '=', p.id).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'evaluation.publish', targetType: 'evaluation_period', targetId: p.id, details: { template: templateCode, month }, at: now });
    return { periodId: p.id, publishedAt: now.toISOString() };
  });
}

export interface BonusInput { unitId: number; category: 'innovation' | 'self_solved' | 'other'; reason: string; points: number }

async function requireOpenMonth(tx: Db, platformId: number, templateCode: string, from: string, month: string): Promise<void> {
  const p = await tx.selectFrom('evaluation_periods').select('state').where('platform_id', '=', platformId)
    .where('template_code', '=', templateCode).where('month', '=', from).forUpdate().executeTakeFirst();
  if (p?.state === 'published') throw conflict(`${month} 的考评结果已发布，不能再调整加分`, `The evaluation of ${month} is published; its bonuses are frozen`, 'published');
}

/** A manual bonus 加分 (innovation, self-discovered and self-solved …); it counts at the next compute. */
export async function addBonus(db: Db, actor: Actor, templateCode: string, month: string, input: BonusInput, now: Date) {
  requireEvaluationAdmin(actor);
  const { from } = monthRange(month);
  return inTransaction(db, async (tx) => {
    await requireTemplate(tx, actor.platformId, templateCode);
    await requireOpenMonth(tx, actor.platformId, templateCode, from, month);
    const member = await tx.selectFrom('evaluation_units').select('unit_id').where('platform_id', '=', actor.platformId)
      .where('template_code', '=', templateCode).where('unit_id', '=', input.unitId).executeTakeFirst();
    if (!member) throw fieldError('unitId', '该单位不在此考评方案中', 'the unit is not evaluated under this template');
    const row = await tx.insertInto('evaluation_bonuses').values({
      platform_id: actor.platformId, template_code: templateCode, month: from, unit_id: input.unitId, category: input.category,
      reason: input.reason, points: input.points, created_by: actor.userId, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { platformId: actor.platformId, actor, action: 'evaluation.bonus_add', targetType: 'evaluation_bonus', targetId: row.id, details: { template: templateCode, month, ...input }, at: now });
    return { id: row.id };
  });
}

export async function deleteBonus(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  requireEvaluationAdmin(actor);
  await inTransaction(db, async (tx) => {
    const b = await tx.selectFrom('evaluation_bonuses').selectAll().where('platform_id', '=', actor.platformId).where('id', '=', id).executeTakeFirst();
    if (!b) throw notFound('加分记录', 'bonus');
    await requireOpenMonth(tx, actor.platformId, b.template_code, b.month, b.month.slice(0, 7));
    await tx.deleteFrom('evaluation_bonuses').where('id', '=', id).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'evaluation.bonus_delete', targetType: 'evaluation_bonus', targetId: id, details: { ...b }, at: now });
  });
}

export async function listBonuses(db: Db, actor: Actor, templateCode: string, month: string) {
  requireEvaluationAdmin(actor);
  const { from } = monthRange(month);
  const rows = await db.selectFrom('evaluation_bonuses as b').innerJoin('units as u', 'u.id', 'b.unit_id')
    .select(['b.id', 'b.unit_id', 'u.name', 'b.category', 'b.reason', 'b.points', 'b.created_at'])
    .where('b.platform_id', '=', actor.platformId).where('b.template_code', '=', templateCode).where('b.month', '=', from)
    .orderBy('b.id').execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.name, category: r.category, reason: r.reason, points: r.points, createdAt: r.created_at.toISOString() }));
}

/** Days of a month on which the job computes last month's draft (later ones are the office's to publish). */
export const DRAFT_DAYS = 5;

/**
 * The `evaluation-monthly` job's work for one platform: on the first DRAFT_DAYS days of a month
 * (Asia/Shanghai), last month's draft of each template, at most once a day (late replies and visits
 * keep arriving in the first days); a published month is left alone; later in the month, only a
 * template never computed before. Idempotent.
 */
export async function computeDueDrafts(db: Db, platformId: number, now: Date, options: ComputeOptions = {}): Promise<ComputeResult[]> {
  const today = shanghaiDay(now);
  const early = Number(today.slice(8, 10)) <= DRAFT_DAYS;
  const month = previousMonth(today.slice(0, 7));
  const { from } = monthRange(month);
  const done: ComputeResult[] = [];
  for (const t of await currentTemplates(db, platformId)) {
    const p = await db.selectFrom('evaluation_periods').select(['state', 'computed_at'])
      .where('platform_id', '=', platformId).where('template_code', '=', t.code).where('month', '=', from).executeTakeFirst();
    if (p && (p.state === 'published' || shanghaiDay(p.computed_at) === today)) continue;
    // Later in the month only a template that has never been computed gets last month's draft (a new
    // template, the demo's first start), so the page has something to show.
    if (!early && (p || await db.selectFrom('evaluation_periods').select('id').where('platform_id', '=', platformId).where('template_code', '=', t.code).limit(1).executeTakeFirst())) continue;
    done.push(await computeMonth(db, { system: 'evaluation-monthly', platformId }, t.code, month, now, options));
  }
  return done;
}
