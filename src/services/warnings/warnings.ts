// The warnings a user reads and works on: list, detail, acknowledge 签收, follow up 跟进, close 办结.
// Who sees what: the hotline office (users at the platform unit) and supervisors see every warning
// of the platform; everyone else sees the warnings they are a recipient of (recipients.ts). A
// warning out of sight is a 404, as tickets are.
import { sql } from 'kysely';
import { hasRole, type Actor } from '../../domain/actor.js';
import { AppError, fieldError, forbidden, notFound } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';
import { atPlatformRoot, ticketVisibleTo } from '../tickets/context.js';
import { detectWarnings, type DetectResult } from './detect.js';

export const WARNING_STATUSES = ['new', 'acknowledged', 'following', 'closed'] as const;
export const WARNING_KINDS = ['hotspot', 'surge', 'sensitive'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];
export type WarningKind = (typeof WARNING_KINDS)[number];

export const STATUS_LABELS: Record<WarningStatus, string> = { new: '待签收', acknowledged: '已签收', following: '跟进中', closed: '已办结' };
export const KIND_LABELS: Record<WarningKind, string> = { hotspot: '热点聚集', surge: '诉求激增', sensitive: '敏感事项' };
export const LEVEL_LABELS: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级' };
const STEP_LABELS: Record<string, string> = { detected: '系统发现', updated: '系统更新', acknowledged: '签收', follow_up: '跟进', closed: '办结' };

export interface WarningView {
  id: number;
  number: string;
  kind: WarningKind;
  kindLabel: string;
  level: number;
  levelLabel: string;
  title: string;
  summary: string;
  place: string | null;
  districtName: string | null;
  ticketCount: number;
  firstAt: string;
  lastAt: string;
  status: WarningStatus;
  statusLabel: string;
  detectedAt: string;
  updatedAt: string;
  feedbackDue: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  conclusion: string | null;
  /** The caller is one of its recipients (may acknowledge it). */
  mine: boolean;
}

export interface WarningDetail extends WarningView {
  facts: Record<string, unknown>;
  recipients: { id: number; name: string; unitName: string }[];
  steps: { kind: string; label: string; note: string | null; actorName: string | null; at: string }[];
  /** The linked tickets the caller may see (the scope rule of tickets), oldest first, at most 200. */
  tickets: { id: number; number: string; title: string; state: string; acceptedAt: string; districtName: string | null }[];
  /** Linked tickets outside the caller's scope: counted, not shown. */
  ticketsHidden: number;
  /** Linked tickets per day (Shanghai), for the chart. */
  daily: { day: string; count: number }[];
  mayAcknowledge: boolean;
  mayFollowUp: boolean;
  mayClose: boolean;
}

export interface WarningFilter {
  level?: number;
  status?: WarningStatus;
  kind?: WarningKind;
  /** Only warnings not closed. */
  open?: boolean;
  page: number;
  pageSize: number;
}

/**
 * The hotline office (its staff at the platform unit) and supervisors see all of the platform's
 * warnings. A leader, even the city's, sees those addressed to them: levels decide who is told.
 */
export const seesAllWarnings = (actor: Actor): boolean =>
  hasRole(actor, 'supervisor') || (atPlatformRoot(actor) && hasRole(actor, 'operator', 'dispatcher', 'reviewer', 'visitor', 'admin'));
/** Besides the recipients, the office's dispatchers, supervisors and administrators may close. */
const closesAny = (actor: Actor): boolean => hasRole(actor, 'supervisor') || (atPlatformRoot(actor) && hasRole(actor, 'dispatcher', 'admin'));

export const warningNumber = (id: number, detectedAt: Date): string =>
  `民声预警〔${new Date(detectedAt.getTime() + 8 * 3_600_000).getUTCFullYear()}〕${id}号`;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function visible(actor: Actor) {
  if (seesAllWarnings(actor)) return sql<boolean>`w.platform_id = ${actor.platformId}`;
  return sql<boolean>`w.platform_id = ${actor.platformId} and exists (select 1 from warning_recipients wr
    where wr.platform_id = w.platform_id and wr.warning_id = w.id and wr.user_id = ${actor.userId})`;
}

export async function listWarnings(db: Db, actor: Actor, f: WarningFilter): Promise<{ items: WarningView[]; total: number; page: number; pageSize: number }> {
  let q = db.selectFrom('warnings as w').where(visible(actor));
  if (f.level !== undefined) q = q.where('w.level', '=', f.level);
  if (f.status !== undefined) q = q.where('w.status', '=', f.status);
  if (f.kind !== undefined) q = q.where('w.kind', '=', f.kind);
  if (f.open) q = q.where('w.status', '<>', 'closed');
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    q.select('w.id').orderBy('w.detected_at', 'desc').orderBy('w.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
  ]);
  return { items: await viewsByIds(db, actor, rows.map((r) => Number(r.id))), total: Number(total), page: f.page, pageSize: f.pageSize };
}

async function viewsByIds(db: Db, actor: Actor, ids: number[]): Promise<WarningView[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('warnings as w').leftJoin('units as d', 'd.id', 'w.district_id')
    .selectAll('w').select(['d.name as district_name',
      sql<boolean>`exists (select 1 from warning_recipients wr where wr.platform_id = w.platform_id and wr.warning_id = w.id and wr.user_id = ${actor.userId})`.as('mine')])
    .where('w.platform_id', '=', actor.platformId).where('w.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.map((id) => byId.get(id)!).map((r) => ({
    id: Number(r.id), number: warningNumber(Number(r.id), new Date(r.detected_at)), kind: r.kind, kindLabel: KIND_LABELS[r.kind],
    level: r.level, levelLabel: LEVEL_LABELS[r.level] ?? String(r.level), title: r.title, summary: r.summary, place: r.place,
    districtName: r.district_name, ticketCount: r.ticket_count, firstAt: iso(r.first_at)!, lastAt: iso(r.last_at)!,
    status: r.status, statusLabel: STATUS_LABELS[r.status], detectedAt: iso(r.detected_at)!, updatedAt: iso(r.updated_at)!,
    feedbackDue: iso(r.feedback_due)!, acknowledgedAt: iso(r.acknowledged_at), closedAt: iso(r.closed_at), conclusion: r.conclusion, mine: r.mine,
  }));
}

const warningNotFound = () => notFound('预警', 'warning');

export async function getWarning(db: Db, actor: Actor, id: number): Promise<WarningDetail> {
  const seen = await db.selectFrom('warnings as w').select(['w.id', 'w.facts']).where('w.id', '=', id).where(visible(actor)).executeTakeFirst();
  if (!seen) throw warningNotFound();
  const [[view], recipients, steps, tickets, counts, daily] = await Promise.all([
    viewsByIds(db, actor, [id]),
    db.selectFrom('warning_recipients as wr').innerJoin('users as u', 'u.id', 'wr.user_id').innerJoin('units', 'units.id', 'u.unit_id')
      .select(['u.id', 'u.display_name', 'units.name as unit_name']).where('wr.platform_id', '=', actor.platformId).where('wr.warning_id', '=', id).orderBy('u.id').execute(),
    db.selectFrom('warning_steps as s').leftJoin('users as u', 'u.id', 's.actor_id').select(['s.kind', 's.note', 's.at', 'u.display_name'])
      .where('s.platform_id', '=', actor.platformId).where('s.warning_id', '=', id).orderBy('s.id').execute(),
    db.selectFrom('warning_tickets as wt').innerJoin('tickets', 'tickets.id', 'wt.ticket_id').leftJoin('units as d', 'd.id', 'tickets.district_id')
      .select(['tickets.id', 'tickets.number', 'tickets.title', 'tickets.state', 'tickets.accepted_at', 'd.name as district_name'])
      .where('wt.platform_id', '=', actor.platformId).where('wt.warning_id', '=', id).where(ticketVisibleTo(actor))
      .orderBy('tickets.accepted_at').orderBy('tickets.id').limit(200).execute(),
    db.selectFrom('warning_tickets as wt').innerJoin('tickets', 'tickets.id', 'wt.ticket_id')
      .select([(eb) => eb.fn.countAll<string>().as('all'), sql<string>`count(*) filter (where ${ticketVisibleTo(actor)})`.as('seen')])
      .where('wt.platform_id', '=', actor.platformId).where('wt.warning_id', '=', id).executeTakeFirstOrThrow(),
    // Counting per day is not reading tickets: the chart shows the whole cluster, the list only what the caller may open.
    sql<{ day: string; n: string }>`select to_char(t.accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*) as n
      from warning_tickets wt join tickets t on t.id = wt.ticket_id
      where wt.platform_id = ${actor.platformId} and wt.warning_id = ${id} group by 1 order by 1`.execute(db),
  ]);
  const v = view!;
  const isRecipient = v.mine;
  return {
    ...v,
    facts: seen.facts,
    recipients: recipients.map((r) => ({ id: Number(r.id), name: r.display_name, unitName: r.unit_name })),
    steps: steps.map((s) => ({ kind: s.kind, label: STEP_LABELS[s.kind] ?? s.kind, note: s.note, actorName: s.display_name, at: iso(s.at)! })),
    tickets: tickets.map((t) => ({ id: Number(t.id), number: t.number, title: t.title, state: t.state, acceptedAt: iso(t.accepted_at)!, districtName: t.district_name })),
    ticketsHidden: Number(counts.all) - Number(counts.seen),
    daily: daily.rows.map((d) => ({ day: d.day, count: Number(d.n) })),
    mayAcknowledge: isRecipient && v.status === 'new',
    mayFollowUp: v.status !== 'closed',
    mayClose: v.status !== 'closed' && (isRecipient || closesAny(actor)),
  };
}

/** Locks a warning the caller can see; 404 otherwise. */
async function lockWarning(tx: Db, actor: Actor, id: number) {
  const row = await tx.selectFrom('warnings as w').selectAll('w')
    .select(sql<boolean>`exists (select 1 from warning_recipients wr where wr.platform_id = w.platform_id and wr.warning_id = w.id and wr.user_id = ${actor.userId})`.as('mine'))
    .where('w.id', '=', id).where(visible(actor)).forUpdate().executeTakeFirst();
  if (!row) throw warningNotFound();
  return row;
}

const stateConflict = (status: WarningStatus) =>
  new AppError(409, 'invalid_state', `预警当前状态为“${STATUS_LABELS[status]}”，不能进行此操作`, `the warning is ${status}`, undefined, { state: status });

async function step(tx: Db, actor: Actor, id: number, kind: 'acknowledged' | 'follow_up' | 'closed', note: string | null, now: Date, details: Record<string, unknown>) {
  await tx.insertInto('warning_steps').values({ platform_id: actor.platformId, warning_id: id, kind, note, actor_id: actor.userId, at: now }).execute();
  await audit(tx, { platformId: actor.platformId, actor, action: `warnings.${kind === 'follow_up' ? 'follow_up' : kind === 'acknowledged' ? 'acknowledge' : 'close'}`, targetType: 'warning', targetId: id, details, at: now });
}

/** 签收: a recipient takes the warning on. */
export async function acknowledgeWarning(db: Db, actor: Actor, id: number, now: Date): Promise<WarningDetail> {
  await db.transaction().execute(async (tx) => {
    const w = await lockWarning(tx, actor, id);
    if (!w.mine) throw forbidden('签收此预警（仅预警接收人可签收）');
    if (w.status !== 'new') throw stateConflict(w.status);
    await tx.updateTable('warnings').set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.userId, updated_at: now }).where('id', '=', id).execute();
    await step(tx, actor, id, 'acknowledged', null, now, { from: w.status });
  });
  return getWarning(db, actor, id);
}

/** 跟进: what was done so far; a recipient's first follow-up also acknowledges. */
export async function followUpWarning(db: Db, actor: Actor, id: number, note: string, now: Date): Promise<WarningDetail> {
  const text = note.trim();
  if (!text) throw fieldError('note', '请填写跟进情况', 'the note is required');
  await db.transaction().execute(async (tx) => {
    const w = await lockWarning(tx, actor, id);
    if (w.status === 'closed') throw stateConflict(w.status);
    const ack = w.status === 'new' && w.mine ? { acknowledged_at: now, acknowledged_by: actor.userId } : {};
    await tx.updateTable('warnings').set({ status: 'following', updated_at: now, ...ack }).where('id', '=', id).execute();
    await step(tx, actor, id, 'follow_up', text, now, { from: w.status, note: text });
  });
  return getWarning(db, actor, id);
}

/** 办结: closed with a conclusion, by a recipient or the hotline office. */
export async function closeWarning(db: Db, actor: Actor, id: number, conclusion: string, now: Date): Promise<WarningDetail> {
  const text = conclusion.trim();
  if (!text) throw fieldError('conclusion', '请填写办结结论', 'the conclusion is required');
  await db.transaction().execute(async (tx) => {
    const w = await lockWarning(tx, actor, id);
    if (!w.mine && !closesAny(actor)) throw forbidden('办结此预警');
    if (w.status === 'closed') throw stateConflict(w.status);
    await tx.updateTable('warnings').set({ status: 'closed', closed_at: now, closed_by: actor.userId, conclusion: text, updated_at: now }).where('id', '=', id).execute();
    await step(tx, actor, id, 'closed', text, now, { from: w.status, conclusion: text });
  });
  return getWarning(db, actor, id);
}

/**
 * 立即研判: the hotline office runs the detection now instead of waiting for the job's next round
 * (after a burst of calls, or to check a rule just edited). Same upsert, so nothing is duplicated.
 */
export async function detectNow(db: Db, actor: Actor, now: Date): Promise<DetectResult> {
  if (!hasRole(actor, 'supervisor') && !(atPlatformRoot(actor) && hasRole(actor, 'dispatcher', 'admin'))) throw forbidden('立即研判预警');
  return detectWarnings(db, actor.platformId, now);
}
