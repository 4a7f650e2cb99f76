// What the use cases need to compute deadlines: the platform's working calendar (cached per
// calendar version, so an edit is picked up at once) and its SLA policies.
import type { Db } from '../../db/connection.js';
import type { Interval, WorkCalendar } from '../../domain/calendar/index.js';
import { pausesFrom, type SlaPolicyValue } from '../../domain/sla/policy.js';
import { loadWorkCalendar } from '../calendar.js';

const calendars = new Map<string, Promise<WorkCalendar>>();

export interface SlaContext {
  cal: WorkCalendar;
  calendarVersion: number;
}

export async function slaContext(db: Db, platformId: number): Promise<SlaContext> {
  const { calendar_version: version } = await db.selectFrom('platforms').select('calendar_version').where('id', '=', platformId).executeTakeFirstOrThrow();
  // Every calendar edit bumps the version, so (platform, version) names one calendar within a
  // database. One process talks to one database (tests: one per file, each file in its own worker).
  const key = `${platformId}:${version}`;
  let cal = calendars.get(key);
  if (!cal) {
    cal = loadWorkCalendar(db, platformId);
    calendars.set(key, cal);
    cal.catch(() => calendars.delete(key));
    if (calendars.size > 64) calendars.delete(calendars.keys().next().value!);
  }
  return { cal: await cal, calendarVersion: version };
}

export async function loadPolicies(db: Db, platformId: number): Promise<SlaPolicyValue[]> {
  return (await policyQuery(db).where('p.platform_id', '=', platformId).where('p.active', '=', true).execute()).map(toPolicy);
}

/** One policy by id, active or not (a ticket keeps the policy it was dispatched under). */
export async function loadPolicyById(db: Db, id: number): Promise<SlaPolicyValue | null> {
  const row = await policyQuery(db).where('p.id', '=', id).executeTakeFirst();
  return row ? toPolicy(row) : null;
}

function policyQuery(db: Db) {
  return db.selectFrom('sla_policies as p')
    .leftJoin('subjects as s', 's.id', 'p.match_subject_id')
    .select(['p.id', 'p.name', 'p.priority', 'p.match_type', 'p.match_urgency', 's.path as subject_path', 'p.sign_minutes', 'p.sign_clock',
      'p.reply_minutes', 'p.reply_clock', 'p.review_minutes', 'p.visit_minutes', 'p.return_window_minutes', 'p.extension_max_minutes',
      'p.extension_max_count', 'p.warn_share']);
}

function toPolicy(r: Awaited<ReturnType<ReturnType<typeof policyQuery>['executeTakeFirstOrThrow']>>): SlaPolicyValue {
  return {
    id: r.id, name: r.name, priority: r.priority, matchType: r.match_type, matchUrgency: r.match_urgency,
    matchSubjectPath: r.subject_path ?? null, sign: { minutes: r.sign_minutes, clock: r.sign_clock },
    reply: { minutes: r.reply_minutes, clock: r.reply_clock }, reviewMinutes: r.review_minutes, visitMinutes: r.visit_minutes,
    returnWindowMinutes: r.return_window_minutes, extensionMaxMinutes: r.extension_max_minutes, extensionMaxCount: r.extension_max_count,
    warnShare: Number(r.warn_share),
  };
}

/** The ticket's pauses (挂起), derived from its events, not kept as a counter. */
export async function ticketPauses(db: Db, ticketId: number, now: Date): Promise<Interval[]> {
  const events = await db.selectFrom('ticket_events').select(['type', 'at'])
    .where('ticket_id', '=', ticketId).where('type', 'in', ['suspended', 'resumed']).orderBy('id').execute();
  return pausesFrom(events, now);
}
