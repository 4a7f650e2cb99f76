// Scheduled delivery: the report-delivery job writes what is due, recipients read it in 我的报表.
//
// Due: an active schedule whose latest firing instant (src/reports/cadence.ts) is past, not
// before the schedule was created, and whose period has no delivery yet. The report is built as
// the system (the whole platform, or the schedule's unit subtree), rendered in each format, and
// written with its recipients in one transaction; the unique key (schedule, period) makes a rerun,
// or a second runner, write nothing. A run that fails writes nothing and is retried next tick.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { notFound } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { lastFireAt, periodFor } from '../../reports/cadence.js';
import { buildReport, requestFor } from '../../reports/content/build.js';
import type { ReportKind } from '../../reports/content/periods.js';
import { refreshRollups } from '../stats/rollup.js';
import { FORMAT_INFO, isReportFormat, renderReport, reportFileName, type ReportFormat } from '../../reports/render/index.js';

export const REPORT_SYSTEM = 'report-delivery';

export interface DeliveryRun {
  schedules: number;
  delivered: number;
  recipients: number;
  /** Schedules whose report failed (retried next tick), with why: one bad schedule does not hold up the others. */
  failed: { scheduleId: number; error: string }[];
  ms: number;
}

/** The users a schedule sends to: named users, and the users of its unit holding one of its roles (active ones). */
async function recipientsOf(db: Db, platformId: number, s: { recipient_user_ids: number[]; recipient_roles: string[]; recipient_unit_id: number | null }): Promise<number[]> {
  const byRole = s.recipient_roles.length > 0 && s.recipient_unit_id !== null;
  if (s.recipient_user_ids.length === 0 && !byRole) return [];
  const rows = await db.selectFrom('users').select('id').where('platform_id', '=', platformId).where('active', '=', true)
    .where((eb) => eb.or([
      eb('id', '=', sql<number>`any(${sql.val(s.recipient_user_ids.map(Number))}::bigint[])`),
      ...(byRole ? [eb.and([eb('unit_id', '=', s.recipient_unit_id!), sql<boolean>`roles && ${sql.val(s.recipient_roles)}::text[]`])] : []),
    ]))
    .orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

/** Writes every delivery due at `now` on a platform. */
export async function deliverDue(db: Db, platformId: number, now: Date): Promise<DeliveryRun> {
  const t0 = performance.now();
  const schedules = await db.selectFrom('report_schedules').selectAll().where('platform_id', '=', platformId).where('active', '=', true).orderBy('id').execute();
  const due = schedules.map((s) => {
    const fireAt = lastFireAt(s, now);
    return { s, fireAt, period: periodFor(s.kind, s.cadence, fireAt) };
  }).filter((d) => d.fireAt >= d.s.created_at);
  const run: DeliveryRun = { schedules: 0, delivered: 0, recipients: 0, failed: [], ms: 0 };
  if (due.length === 0) return { ...run, ms: Math.round(performance.now() - t0) };
  const existing = await db.selectFrom('report_deliveries').select(['schedule_id', 'period_key']).where('platform_id', '=', platformId)
    .where('schedule_id', 'in', due.map((d) => d.s.id)).where('period_key', 'in', [...new Set(due.map((d) => d.period.key))]).execute();
  const done = new Set(existing.map((e) => `${e.schedule_id}:${e.period_key}`));
  // Reports read the rollups: bring them up to the minute before writing what is due.
  if (due.some((d) => !done.has(`${d.s.id}:${d.period.key}`))) await refreshRollups(db, platformId, now);
  for (const { s, period } of due) {
    if (done.has(`${s.id}:${period.key}`)) continue;
    run.schedules += 1;
    try {
      const started = performance.now();
      const request = requestFor(s.kind as ReportKind, period, s.parent_unit_id === null ? undefined : Number(s.parent_unit_id));
      const doc = await buildReport(db, { system: REPORT_SYSTEM, platformId }, request, now);
      const files: { format: ReportFormat; bytes: Buffer; ms: number }[] = [];
      for (const format of s.formats.filter(isReportFormat)) {
        const f0 = performance.now();
        files.push({ format, bytes: await renderReport(doc, format), ms: Math.round(performance.now() - f0) });
      }
      const recipients = await recipientsOf(db, platformId, s);
      const wrote = await db.transaction().execute(async (tx) => {
        const delivery = await tx.insertInto('report_deliveries').values({
          platform_id: platformId, schedule_id: s.id, kind: s.kind, period_key: period.key, period_from: period.from, period_to: period.to,
          title: doc.title, generated_at: now, ms: Math.round(performance.now() - started),
        }).onConflict((oc) => oc.columns(['platform_id', 'schedule_id', 'period_key']).doNothing()).returning('id').executeTakeFirst();
        if (!delivery) return null;
        await tx.insertInto('report_files').values(files.map((f) => ({
          platform_id: platformId, delivery_id: delivery.id, format: f.format, content_type: FORMAT_INFO[f.format].contentType, size: f.bytes.length, bytes: f.bytes, ms: f.ms,
        }))).execute();
        if (recipients.length) {
          await tx.insertInto('report_recipients').values(recipients.map((user_id) => ({ platform_id: platformId, delivery_id: delivery.id, user_id }))).execute();
        }
        return recipients.length;
      });
      if (wrote === null) continue;
      run.delivered += 1;
      run.recipients += wrote;
    } catch (e) {
      run.failed.push({ scheduleId: Number(s.id), error: (e as Error).message });
    }
  }
  return { ...run, ms: Math.round(performance.now() - t0) };
}

export interface InboxItem {
  id: number;
  scheduleName: string;
  kind: string;
  title: string;
  periodFrom: string;
  periodTo: string;
  generatedAt: string;
  readAt: string | null;
  files: { format: ReportFormat; size: number }[];
}

/** 我的报表: the deliveries the caller received, newest first, with the count of unread ones. */
export async function listInbox(db: Db, actor: Actor, paging: { page: number; pageSize: number; unread?: boolean }) {
  let q = db.selectFrom('report_recipients as r').innerJoin('report_deliveries as d', (j) => j.onRef('d.id', '=', 'r.delivery_id').onRef('d.platform_id', '=', 'r.platform_id'))
    .where('r.platform_id', '=', actor.platformId).where('r.user_id', '=', actor.userId);
  if (paging.unread) q = q.where('r.read_at', 'is', null);
  const [counts, rows] = await Promise.all([
    db.selectFrom('report_recipients').where('platform_id', '=', actor.platformId).where('user_id', '=', actor.userId)
      .select([(eb) => eb.fn.countAll<string>().as('total'), sql<string>`count(*) filter (where read_at is null)`.as('unread')]).executeTakeFirstOrThrow(),
    q.innerJoin('report_schedules as s', 's.id', 'd.schedule_id')
      .select(['d.id', 's.name as schedule_name', 'd.kind', 'd.title', 'd.period_from', 'd.period_to', 'd.generated_at', 'r.read_at'])
      .orderBy('d.id', 'desc').limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize).execute(),
  ]);
  const filtered = paging.unread ? Number(counts.unread) : Number(counts.total);
  const files = rows.length === 0 ? [] : await db.selectFrom('report_files').select(['delivery_id', 'format', 'size'])
    .where('platform_id', '=', actor.platformId).where('delivery_id', 'in', rows.map((r) => r.id)).execute();
  const order: ReportFormat[] = ['html', 'docx', 'pdf', 'xlsx'];
  return {
    items: rows.map((r): InboxItem => ({
      id: Number(r.id), scheduleName: r.schedule_name, kind: r.kind, title: r.title, periodFrom: r.period_from, periodTo: r.period_to,
      generatedAt: r.generated_at.toISOString(), readAt: r.read_at?.toISOString() ?? null,
      files: files.filter((f) => Number(f.delivery_id) === Number(r.id)).map((f) => ({ format: f.format, size: f.size }))
        .sort((a, b) => order.indexOf(a.format) - order.indexOf(b.format)),
    })),
    total: filtered, unread: Number(counts.unread), page: paging.page, pageSize: paging.pageSize,
  };
}

/** The number of unread reports (the menu's badge). */
export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  const r = await db.selectFrom('report_recipients').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('platform_id', '=', actor.platformId).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

const deliveryNotFound = () => notFound('报表', 'report');

/**
 * A delivered file, for its recipients only: anyone else gets 404 (as if it did not exist), so a
 * delivery's existence is not given away. The first download marks it read.
 */
export async function deliveredFile(db: Db, actor: Actor, deliveryId: number, format: string, now: Date) {
  if (!isReportFormat(format)) throw deliveryNotFound();
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('report_recipients as r')
      .innerJoin('report_deliveries as d', (j) => j.onRef('d.id', '=', 'r.delivery_id').onRef('d.platform_id', '=', 'r.platform_id'))
      .innerJoin('report_files as f', (j) => j.onRef('f.delivery_id', '=', 'd.id').onRef('f.platform_id', '=', 'd.platform_id'))
      .select(['d.title', 'f.bytes', 'f.content_type', 'r.read_at'])
      .where('r.platform_id', '=', actor.platformId).where('r.user_id', '=', actor.userId).where('r.delivery_id', '=', deliveryId).where('f.format', '=', format)
      .executeTakeFirst();
    if (!row) throw deliveryNotFound();
    if (row.read_at === null) {
      await tx.updateTable('report_recipients').set({ read_at: now })
        .where('platform_id', '=', actor.platformId).where('delivery_id', '=', deliveryId).where('user_id', '=', actor.userId).execute();
    }
    return { bytes: row.bytes, contentType: row.content_type, fileName: reportFileName({ title: row.title }, format) };
  });
}

/** Marks a delivery read without downloading it (opened on screen). */
export async function markRead(db: Db, actor: Actor, deliveryId: number, now: Date): Promise<void> {
  const r = await db.updateTable('report_recipients').set({ read_at: sql`coalesce(read_at, ${now})` })
    .where('platform_id', '=', actor.platformId).where('delivery_id', '=', deliveryId).where('user_id', '=', actor.userId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw deliveryNotFound();
}
