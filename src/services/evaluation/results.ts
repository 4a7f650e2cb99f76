// Reading evaluation results (docs/evaluation.md): a month's ranking, one score explained down to
// the tickets, and the summary the reports print. Scope: administrators, leaders and supervisors see
// the evaluated units in their subtree (drafts too); everyone else sees only their own unit's
// published score and explanation.
import { sql } from 'kysely';
import { hasRole, type Actor } from '../../domain/actor.js';
import { notFound, outOfScope } from '../../domain/errors.js';
import { DEDUCTION_LABELS, type DeductionKind, type DeductionTally, type IndicatorResult, type Template } from '../../domain/evaluation/index.js';
import { FIGURE_LABELS, type FigureKey } from '../../domain/figures/keys.js';
import type { Db } from '../../db/connection.js';
import { unitIdInScope } from '../../db/scope.js';
import { monthRange, previousMonth, requirePeriod } from './compute.js';
import { requireTemplate } from './templates.js';

/** Leaders, supervisors and administrators see every evaluated unit in their subtree; others their own. */
export const seesRanking = (actor: Actor): boolean => hasRole(actor, 'admin', 'leader', 'supervisor');

export interface ScoreRow {
  unitId: number;
  unitName: string;
  keyUnit: boolean;
  total: number;
  rank: number;
  /** Rank in the month before (same template), null when it was not computed there. */
  previousRank: number | null;
  indicatorPoints: number;
  deductions: number;
  bonuses: number;
  indicators: (IndicatorResult & { label: string })[];
  tallies: (DeductionTally & { label: string })[];
  fullMark: boolean;
  blackListed: boolean;
  deposit: number;
}

export interface PeriodView {
  templateCode: string;
  templateName: string;
  templateVersion: number;
  month: string;
  state: 'draft' | 'published';
  computedAt: string;
  publishedAt: string | null;
}

const labelled = (indicators: IndicatorResult[]) => indicators.map((i) => ({ ...i, label: FIGURE_LABELS[i.key as FigureKey] ?? i.key }));
const talliesOf = (tallies: DeductionTally[]) => tallies.map((t) => ({ ...t, label: DEDUCTION_LABELS[t.kind] }));

async function visiblePeriod(db: Db, actor: Actor, templateCode: string, month: string) {
  const p = await requirePeriod(db, actor.platformId, templateCode, month);
  // A draft is the office's working copy: units see a month once it is published.
  if (p.state !== 'published' && !seesRanking(actor)) throw notFound(`${month} 的考评结果（尚未发布）`, `evaluation of ${month} (not yet published)`);
  const t = await db.selectFrom('evaluation_templates').select(['name', 'version']).where('id', '=', p.template_id).executeTakeFirstOrThrow();
  const view: PeriodView = {
    templateCode, templateName: t.name, templateVersion: t.version, month, state: p.state,
    computedAt: p.computed_at.toISOString(), publishedAt: p.published_at?.toISOString() ?? null,
  };
  return { p, view };
}

function scoreQuery(db: Db, actor: Actor, periodId: number, previousId: number | null) {
  let q = db.selectFrom('evaluation_scores as s').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 'u.name', 's.key_unit', 's.total', 's.rank', 's.indicator_points', 's.deductions', 's.bonuses', 's.indicators', 's.tallies', 's.full_mark', 's.black_listed', 's.deposit'])
    .select(previousId === null ? sql<number | null>`null::int`.as('previous_rank')
      : sql<number | null>`(select ps.rank from evaluation_scores ps where ps.platform_id = s.platform_id and ps.period_id = ${previousId} and ps.unit_id = s.unit_id)`.as('previous_rank'))
    .where('s.platform_id', '=', actor.platformId).where('s.period_id', '=', periodId);
  q = seesRanking(actor) ? q.where(unitIdInScope(actor, 's.unit_id')) : q.where('s.unit_id', '=', actor.unitId);
  return q;
}

type ScoreSelect = Awaited<ReturnType<ReturnType<typeof scoreQuery>['execute']>>[number];
const toRow = (r: ScoreSelect): ScoreRow => ({
  unitId: r.unit_id, unitName: r.name, keyUnit: r.key_unit, total: r.total, rank: r.rank, previousRank: r.previous_rank,
  indicatorPoints: r.indicator_points, deductions: r.deductions, bonuses: r.bonuses,
  indicators: labelled(r.indicators as IndicatorResult[]), tallies: talliesOf(r.tallies as DeductionTally[]),
  fullMark: r.full_mark, blackListed: r.black_listed, deposit: r.deposit,
});

async function previousPeriodId(db: Db, platformId: number, templateCode: string, month: string): Promise<number | null> {
  const prev = await db.selectFrom('evaluation_periods').select('id').where('platform_id', '=', platformId)
    .where('template_code', '=', templateCode).where('month', '=', monthRange(previousMonth(month)).from).executeTakeFirst();
  return prev?.id ?? null;
}

export interface ScoresPage {
  period: PeriodView;
  items: ScoreRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Over the visible units, not the page. */
  depositTotal: number;
  fullMarkCount: number;
  blackListCount: number;
}

/** A month's ranking, best first, paged. */
export async function listScores(db: Db, actor: Actor, templateCode: string, month: string, paging: { page: number; pageSize: number; list?: 'full' | 'black' }): Promise<ScoresPage> {
  const { p, view } = await visiblePeriod(db, actor, templateCode, month);
  const prevId = await previousPeriodId(db, actor.platformId, templateCode, month);
  let base = scoreQuery(db, actor, p.id, prevId);
  if (paging.list === 'full') base = base.where('s.full_mark', '=', true);
  if (paging.list === 'black') base = base.where('s.black_listed', '=', true);
  const [rows, agg] = await Promise.all([
    base.orderBy('s.rank').orderBy('u.path').limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize).execute(),
    base.clearSelect().select([
      sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(s.deposit), 0)::float8`.as('deposit'),
      sql<number>`count(*) filter (where s.full_mark)::int`.as('full'), sql<number>`count(*) filter (where s.black_listed)::int`.as('black'),
    ]).executeTakeFirstOrThrow(),
  ]);
  return { period: view, items: rows.map(toRow), total: agg.n, page: paging.page, pageSize: paging.pageSize, depositTotal: agg.deposit, fullMarkCount: agg.full, blackListCount: agg.black };
}

export interface ExplanationItem {
  id: number;
  kind: DeductionKind;
  label: string;
  points: number;
  at: string;
  ticketId: number;
  ticketNumber: string;
  ticketTitle: string;
  assignmentId: number | null;
  orderId: number | null;
}

export interface Explanation {
  period: PeriodView;
  score: ScoreRow;
  items: ExplanationItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** One unit's score with every point lost, down to the tickets (paged, in time order). */
export async function explainScore(db: Db, actor: Actor, templateCode: string, month: string, unitId: number, paging: { page: number; pageSize: number; kind?: DeductionKind }): Promise<Explanation> {
  const unit = await db.selectFrom('units').select(['id', 'path', 'platform_id']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || unit.platform_id !== actor.platformId) throw notFound('单位', 'unit');
  const mayRead = seesRanking(actor) ? unit.path.startsWith(actor.unitPath) : unit.id === actor.unitId;
  if (!mayRead) throw outOfScope('该单位的考评结果', "This unit's evaluation");
  const { p, view } = await visiblePeriod(db, actor, templateCode, month);
  const prevId = await previousPeriodId(db, actor.platformId, templateCode, month);
  const row = await scoreQuery(db, actor, p.id, prevId).where('s.unit_id', '=', unitId).executeTakeFirst();
  if (!row) throw notFound('该单位本月的考评结果', "this unit's score for the month");
  let items = db.selectFrom('evaluation_items as i').innerJoin('tickets as t', 't.id', 'i.ticket_id')
    .where('i.platform_id', '=', actor.platformId).where('i.period_id', '=', p.id).where('i.unit_id', '=', unitId);
  if (paging.kind) items = items.where('i.kind', '=', paging.kind);
  const [list, count] = await Promise.all([
    items.select(['i.id', 'i.kind', 'i.points', 'i.at', 'i.ticket_id', 't.number', 't.title', 'i.assignment_id', 'i.order_id'])
      .orderBy('i.at').orderBy('i.id').limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize).execute(),
    items.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    period: view, score: toRow(row), total: count.n, page: paging.page, pageSize: paging.pageSize,
    items: list.map((i) => ({
      id: i.id, kind: i.kind as DeductionKind, label: DEDUCTION_LABELS[i.kind as DeductionKind], points: i.points, at: i.at.toISOString(),
      ticketId: i.ticket_id, ticketNumber: i.number, ticketTitle: i.title, assignmentId: i.assignment_id, orderId: i.order_id,
    })),
  };
}

export interface SummaryUnit { unitId: number; unitName: string; score: number | null; rank: number | null; fullMark: boolean; blackListed: boolean; deposit: number; blackMonths?: number }

export interface TemplateSummary {
  code: string;
  name: string;
  units: number;
  /** Month: whether it is published. Year: how many months of the year are published. */
  published: boolean;
  publishedMonths: number;
  ranking: SummaryUnit[];
  fullMark: SummaryUnit[];
  blackList: SummaryUnit[];
  depositTotal: number;
  depositUnits: number;
}

export interface EvaluationSummary {
  kind: 'month' | 'year';
  period: { from: string; to: string };
  templates: TemplateSummary[];
}

/**
 * What the monthly and annual reports print (DOMAIN.md §12 "evaluation results"): per template, the
 * ranking, the full-mark list, the black list and the deposit forfeited, from published months only.
 * A month: that month's scores. A year: the annual composite (as last computed) for the ranking and
 * full marks, the units black-listed in any published month (with how many months), and the year's
 * deposit total (seed 000: 18 units, 36,000 yuan). No actor: reports run as the system.
 */
export async function evaluationSummary(db: Db, platformId: number, period: { month: string } | { year: number }): Promise<EvaluationSummary> {
  const templates = await db.selectFrom('evaluation_templates').select(['code', 'name', 'body']).distinctOn('code')
    .where('platform_id', '=', platformId).where('active', '=', true).orderBy('code').orderBy('version', 'desc').execute();
  const isMonth = 'month' in period;
  const from = isMonth ? monthRange(period.month).from : `${period.year}-01-01`;
  const to = isMonth ? monthRange(period.month).to : `${period.year}-12-31`;
  const scores = await db.selectFrom('evaluation_scores as s').innerJoin('evaluation_periods as p', 'p.id', 's.period_id').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['p.template_code', 'p.month', 's.unit_id', 'u.name', 'u.path', 's.total', 's.rank', 's.full_mark', 's.black_listed', 's.deposit'])
    .where('s.platform_id', '=', platformId).where('p.state', '=', 'published').where('p.month', '>=', from).where('p.month', '<=', to)
    .orderBy('s.rank').orderBy('u.path').execute();
  const annual = isMonth ? [] : await db.selectFrom('evaluation_annual as a').innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.template_code', 'a.unit_id', 'u.name', 'u.path', 'a.composite', 'a.rank'])
    .where('a.platform_id', '=', platformId).where('a.year', '=', period.year)
    .orderBy(sql`a.rank nulls last`).orderBy('u.path').execute();
  const memberCounts = await db.selectFrom('evaluation_units').select(['template_code', sql<number>`count(*)::int`.as('n')])
    .where('platform_id', '=', platformId).groupBy('template_code').execute();
  const out: TemplateSummary[] = [];
  for (const t of templates) {
    const body = t.body as Template;
    const mine = scores.filter((s) => s.template_code === t.code);
    const months = new Set(mine.map((s) => s.month));
    const depositTotal = Math.round(mine.reduce((s, x) => s + x.deposit, 0) * 100) / 100;
    const depositUnits = new Set(mine.filter((s) => s.deposit > 0).map((s) => s.unit_id)).size;
    let ranking: SummaryUnit[];
    let blackList: SummaryUnit[];
    if (isMonth) {
      ranking = mine.map((s) => ({ unitId: s.unit_id, unitName: s.name, score: s.total, rank: s.rank, fullMark: s.full_mark, blackListed: s.black_listed, deposit: s.deposit }));
      blackList = ranking.filter((r) => r.blackListed).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
    } else {
      const black = new Map<number, number>();
      const deposit = new Map<number, number>();
      for (const s of mine) {
        if (s.black_listed) black.set(s.unit_id, (black.get(s.unit_id) ?? 0) + 1);
        deposit.set(s.unit_id, (deposit.get(s.unit_id) ?? 0) + s.deposit);
      }
      ranking = annual.filter((a) => a.template_code === t.code).map((a) => ({
        unitId: a.unit_id, unitName: a.name, score: a.composite, rank: a.rank, fullMark: a.composite !== null && a.composite >= body.lists.fullMark,
        blackListed: black.has(a.unit_id), deposit: Math.round((deposit.get(a.unit_id) ?? 0) * 100) / 100, blackMonths: black.get(a.unit_id) ?? 0,
      }));
      const names = new Map(mine.map((s) => [s.unit_id, s.name]));
      blackList = [...black.entries()].sort((a, b) => b[1] - a[1]).map(([unitId, n]) => ({
        unitId, unitName: names.get(unitId) ?? '', score: ranking.find((r) => r.unitId === unitId)?.score ?? null, rank: ranking.find((r) => r.unitId === unitId)?.rank ?? null,
        fullMark: false, blackListed: true, deposit: Math.round((deposit.get(unitId) ?? 0) * 100) / 100, blackMonths: n,
      }));
    }
    out.push({
      code: t.code, name: t.name, units: memberCounts.find((m) => m.template_code === t.code)?.n ?? 0, published: months.size > 0, publishedMonths: months.size,
      ranking, fullMark: ranking.filter((r) => r.fullMark), blackList, depositTotal, depositUnits,
    });
  }
  return { kind: isMonth ? 'month' : 'year', period: { from, to }, templates: out };
}

/** The template a caller reads, for screens that name it. */
export async function templateName(db: Db, platformId: number, code: string): Promise<string> {
  return (await requireTemplate(db, platformId, code)).name;
}
