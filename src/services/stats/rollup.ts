// The stats-rollup job's work: bring stats_ticket_days / stats_assignment_days up to date for the
// days whose tickets or assignments changed since the last run (found by the updated_at indexes),
// or rebuild them all. Each day is redone whole from the raw per-ticket flags of ./sources.ts, in one
// transaction, so a rerun or a second runner changes nothing.
import { sql } from 'kysely';
import { addDays, atLocal } from '../../domain/calendar/index.js';
import type { Db } from '../../db/connection.js';
import { ASSIGNMENT_COUNTS, GRAIN_COLUMNS, TICKET_COUNTS, TZ, rawAssignments, rawTickets, type Range } from './sources.js';

/** Changes committed this long before a run's clock are read again by the next run (late commits). */
const OVERLAP_MS = 5 * 60_000;
/** Past this many changed days a refresh redoes everything in one pass. */
const MAX_DAYS = 370;

export interface RollupRun { days: number; full: boolean; ms: number }

const DIMS = sql.join(GRAIN_COLUMNS.map((c) => sql.ref(c)));
/**
 * Every combination (grain 0), each dimension alone (a slice) and the day's total, in one pass:
 * a query over one dimension reads its slice, a few rows a day, whatever the city's size.
 */
const SETS = sql`grouping sets ((day, ${DIMS}), ${sql.join(GRAIN_COLUMNS.map((c) => sql`(day, ${sql.ref(c)})`))}, (day))`;
const sums = (cols: Record<string, string>) => sql.join(Object.keys(cols).map((c) => sql`sum(${sql.ref(c)})::int`));
const names = (cols: Record<string, string>) => sql.join(Object.keys(cols).map((c) => sql.ref(c)));

/** Consecutive days as acceptance-instant spans. */
function spansOf(days: string[]): { start: Date; end: Date }[] {
  const sorted = [...days].sort();
  const spans: { start: Date; end: Date }[] = [];
  let first = sorted[0];
  let last = sorted[0];
  for (const d of sorted.slice(1).concat([''])) {
    if (d !== '' && d === addDays(last!, 1)) {
      last = d;
      continue;
    }
    if (first !== undefined) spans.push({ start: atLocal(first, '00:00'), end: atLocal(addDays(last!, 1), '00:00') });
    first = d;
    last = d;
  }
  return spans;
}

async function rewrite(tx: Db, range: Range | null, platformId: number): Promise<void> {
  if (range) {
    const dayList = sql.join(range.spans.map((s) => sql`(day >= (${s.start}::timestamptz at time zone ${sql.lit(TZ)})::date and day < (${s.end}::timestamptz at time zone ${sql.lit(TZ)})::date)`), sql` or `);
    await sql`delete from stats_ticket_days where platform_id = ${platformId} and (${dayList})`.execute(tx);
    await sql`delete from stats_assignment_days where platform_id = ${platformId} and (${dayList})`.execute(tx);
  } else {
    await sql`delete from stats_ticket_days where platform_id = ${platformId}`.execute(tx);
    await sql`delete from stats_assignment_days where platform_id = ${platformId}`.execute(tx);
  }
  const all: Range = range ?? { platformId, spans: [{ start: new Date('1970-01-01T00:00:00Z'), end: new Date('9999-01-01T00:00:00Z') }] };
  await sql`insert into stats_ticket_days (platform_id, grain, day, ${DIMS}, ${names(TICKET_COUNTS)})
    select ${platformId}, grouping(${DIMS}), day, ${DIMS}, ${sums(TICKET_COUNTS)} from ${rawTickets(all)} s group by ${SETS}`.execute(tx);
  await sql`insert into stats_assignment_days (platform_id, grain, day, ${DIMS}, ${names(ASSIGNMENT_COUNTS)})
    select ${platformId}, grouping(${DIMS}), day, ${DIMS}, ${sums(ASSIGNMENT_COUNTS)} from ${rawAssignments(all)} s group by ${SETS}`.execute(tx);
}

async function record(tx: Db, platformId: number, now: Date, days: number): Promise<void> {
  const watermark = new Date(now.getTime() - OVERLAP_MS);
  await tx.insertInto('stats_rollup_state').values({ platform_id: platformId, watermark, refreshed_at: now, days_refreshed: days })
    .onConflict((oc) => oc.column('platform_id').doUpdateSet({ watermark, refreshed_at: now, days_refreshed: days })).execute();
}

const lock = (tx: Db, platformId: number) => sql`select pg_advisory_xact_lock(hashtext('minsheng.stats-rollup'), ${platformId})`.execute(tx);

/** Recomputes every day of the platform (after a bulk load, or `minsheng stats rebuild`). */
export async function rebuildRollups(db: Db, platformId: number, now: Date): Promise<RollupRun> {
  const t0 = performance.now();
  await db.transaction().execute(async (tx) => {
    await lock(tx, platformId);
    await rewrite(tx, null, platformId);
    await record(tx, platformId, now, -1);
  });
  return { days: -1, full: true, ms: Math.round(performance.now() - t0) };
}

/** Redoes the days whose tickets or assignments changed since the last run; the first run rebuilds. */
export async function refreshRollups(db: Db, platformId: number, now: Date): Promise<RollupRun> {
  const t0 = performance.now();
  const state = await db.selectFrom('stats_rollup_state').select('watermark').where('platform_id', '=', platformId).executeTakeFirst();
  if (!state) return rebuildRollups(db, platformId, now);
  const ran = await db.transaction().execute(async (tx) => {
    await lock(tx, platformId);
    const changed = await sql<{ d: string }>`
      select distinct (t.accepted_at at time zone ${sql.lit(TZ)})::date::text as d from tickets t
        where t.platform_id = ${platformId} and t.updated_at >= ${state.watermark}
      union
      select distinct (t.accepted_at at time zone ${sql.lit(TZ)})::date::text from assignments a join tickets t on t.id = a.ticket_id
        where a.platform_id = ${platformId} and a.updated_at >= ${state.watermark}`.execute(tx);
    const days = changed.rows.map((r) => r.d);
    if (days.length > MAX_DAYS) {
      await rewrite(tx, null, platformId);
    } else if (days.length > 0) {
      await rewrite(tx, { platformId, spans: spansOf(days) }, platformId);
    }
    await record(tx, platformId, now, days.length);
    return { days: days.length, full: days.length > MAX_DAYS };
  });
  return { ...ran, ms: Math.round(performance.now() - t0) };
}

export async function rollupState(db: Db, platformId: number): Promise<Date | null> {
  const row = await db.selectFrom('stats_rollup_state').select('refreshed_at').where('platform_id', '=', platformId).executeTakeFirst();
  return row?.refreshed_at ?? null;
}
