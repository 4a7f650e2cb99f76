// Detecting warnings among the platform's recent tickets (docs/warnings.md): hotspots (the same
// clustering as `minsheng hotspots`), surges of a subject in a district against its own weekly
// baseline, and sensitive-matter rules. Each finding is upserted under its key, so a rerun of the
// job updates the open warning instead of raising a second one.
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { findHotspots } from '../../text/hotspots.js';
import { tokenizerFor } from '../text/tokenizer.js';
import { loadRules, ensureDefaultRules } from './rules.js';
import { resolveRecipients } from './recipients.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DetectOptions {
  /** Hotspots: tickets accepted in the last N days (default 7), the newest `hotspotMaxTickets` of them. */
  hotspotDays?: number;
  hotspotMaxTickets?: number;
  /** A hotspot becomes a warning from this many tickets (default 5) and distinct citizens (default 3). */
  hotspotMinTickets?: number;
  hotspotMinCitizens?: number;
  /** Surges: the same 24 hours of the week over the previous N weeks make the baseline (default 8). */
  surgeWeeks?: number;
  /** A surge needs at least this many tickets in the last 24 hours (default 5). */
  surgeMinCount?: number;
  /** … and more than mean + k·sd of the baseline (default 3). */
  surgeSigmas?: number;
}

export interface Candidate {
  key: string;
  kind: 'hotspot' | 'surge' | 'sensitive';
  level: 1 | 2 | 3;
  title: string;
  summary: string;
  facts: Record<string, unknown>;
  place: string | null;
  districtId: number | null;
  subjectId: number | null;
  ruleId: number | null;
  ticketIds: number[];
  firstAt: Date;
  lastAt: Date;
}

export interface DetectResult {
  created: number;
  updated: number;
  hotspots: number;
  surges: number;
  sensitive: number;
}

/** Days given to the recipients to report back, by level: the higher, the sooner. */
export const FEEDBACK_DAYS: Record<1 | 2 | 3, number> = { 1: 1, 2: 2, 3: 3 };

export async function detectWarnings(db: Db, platformId: number, now: Date, o: DetectOptions = {}): Promise<DetectResult> {
  await ensureDefaultRules(db, platformId, now);
  const [hot, surges, sensitive] = [await hotspotCandidates(db, platformId, now, o), await surgeCandidates(db, platformId, now, o), await sensitiveCandidates(db, platformId, now)];
  const result: DetectResult = { created: 0, updated: 0, hotspots: hot.length, surges: surges.length, sensitive: sensitive.length };
  for (const c of [...sensitive, ...surges, ...hot]) {
    const outcome = await upsertWarning(db, platformId, c, now);
    if (outcome === 'created') result.created++;
    if (outcome === 'updated') result.updated++;
  }
  return result;
}

const districtNames = async (db: Db, platformId: number, ids: readonly (number | null)[]): Promise<Map<number, string>> => {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('platform_id', '=', platformId).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
};

const majorityOf = <T>(xs: readonly T[]): T | null => {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top && top[1] * 2 > xs.length ? top[0] : null;
};

async function hotspotCandidates(db: Db, platformId: number, now: Date, o: DetectOptions): Promise<Candidate[]> {
  const days = o.hotspotDays ?? 7;
  const from = new Date(now.getTime() - days * DAY);
  const rows = await db.selectFrom('tickets')
    .select(['id', 'title', 'content', 'citizen_id', 'accepted_at', 'district_id'])
    .where('platform_id', '=', platformId).where('accepted_at', '>', from).where('accepted_at', '<=', now).where('merged_into_id', 'is', null)
    .orderBy('accepted_at', 'desc').limit(o.hotspotMaxTickets ?? 5000).execute();
  if (rows.length < 3) return [];
  const tokenizer = await tokenizerFor(db, platformId);
  const clusters = findHotspots(tokenizer, rows.map((r) => ({
    id: String(r.id), title: r.title, text: r.content, time: new Date(r.accepted_at), user: r.citizen_id === null ? null : String(r.citizen_id),
  })), { window: { from, to: now } });
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const wanted = clusters.filter((h) => h.size >= (o.hotspotMinTickets ?? 5) && h.citizens >= (o.hotspotMinCitizens ?? 3));
  const names = await districtNames(db, platformId, rows.map((r) => (r.district_id === null ? null : Number(r.district_id))));
  return wanted.map((h): Candidate => {
    const members = h.ids.map((id) => byId.get(id)!);
    const districtId = majorityOf(members.map((m) => (m.district_id === null ? null : Number(m.district_id))));
    const district = districtId === null ? '' : names.get(districtId) ?? '';
    const place = district && !h.place.includes(district) ? `${district}${h.place}` : h.place;
    // Level 2 (the deputy mayor in charge) for a cluster the size of a neighbourhood's protest; else the departments.
    const level = h.size >= 30 || h.citizens >= 20 ? 2 : 3;
    return {
      key: '', kind: 'hotspot', level, place, districtId, subjectId: null, ruleId: null,
      title: `${place}诉求集中：${h.description}`.slice(0, 200),
      summary: `${days} 天内 ${h.size} 件诉求（${h.citizens} 位市民）集中反映${place}的问题：${h.description}。关键词：${h.keywords.join('、')}。热度指数 ${h.heat.toFixed(1)}。`,
      facts: { heat: h.heat, parts: h.parts, size: h.size, citizens: h.citizens, keywords: h.keywords, windowDays: days },
      ticketIds: h.ids.map(Number), firstAt: h.from, lastAt: h.to,
    };
  });
}

/**
 * Surges per top-level subject × district: tickets of the last 24 hours against the same 24 hours of
 * the week over the previous N weeks (so a Monday is compared with Mondays). A surge is at least
 * surgeMinCount tickets and more than mean + k·max(sd, √mean, 1): the √mean floor is the Poisson sd,
 * so a quiet baseline with no spread does not make every second ticket a surge.
 */
async function surgeCandidates(db: Db, platformId: number, now: Date, o: DetectOptions): Promise<Candidate[]> {
  const weeks = o.surgeWeeks ?? 8;
  const minCount = o.surgeMinCount ?? 5;
  const sigmas = o.surgeSigmas ?? 3;
  const since = new Date(now.getTime() - (weeks * 7 + 1) * DAY);
  const rows = await sql<{ top: string; district_id: string; k: number; n: string }>`
    select split_part(s.path, '/', 2) as top, t.district_id, floor(t.age / 7)::int as k, count(*) as n
    from (select subject_id, district_id, extract(epoch from (${now}::timestamptz - accepted_at)) / 86400 as age
          from tickets where platform_id = ${platformId} and accepted_at > ${since} and accepted_at <= ${now}
            and district_id is not null and subject_id is not null and merged_into_id is null) t
    join subjects s on s.id = t.subject_id
    where mod(t.age::numeric, 7) < 1
    group by 1, 2, 3`.execute(db);
  const series = new Map<string, number[]>();
  for (const r of rows.rows) {
    if (r.k > weeks) continue;
    const key = `${r.top}:${r.district_id}`;
    const counts = series.get(key) ?? series.set(key, new Array<number>(weeks + 1).fill(0)).get(key)!;
    counts[r.k] = Number(r.n);
  }
  const found: { top: number; district: number; current: number; mean: number; sd: number; limit: number; baseline: number[] }[] = [];
  for (const [key, counts] of series) {
    const current = counts[0]!;
    if (current < minCount) continue;
    const baseline = counts.slice(1);
    const mean = baseline.reduce((s, v) => s + v, 0) / weeks;
    const sd = Math.sqrt(baseline.reduce((s, v) => s + (v - mean) ** 2, 0) / weeks);
    const limit = mean + sigmas * Math.max(sd, Math.sqrt(mean), 1);
    if (current <= limit) continue;
    const [top, district] = key.split(':').map(Number) as [number, number];
    found.push({ top, district, current, mean, sd, limit, baseline });
  }
  if (found.length === 0) return [];
  const [names, subjects, tickets] = await Promise.all([
    districtNames(db, platformId, found.map((f) => f.district)),
    db.selectFrom('subjects').select(['id', 'name']).where('platform_id', '=', platformId).where('id', 'in', found.map((f) => f.top)).execute(),
    db.selectFrom('tickets').innerJoin('subjects as s', 's.id', 'tickets.subject_id')
      .select(['tickets.id', 'tickets.district_id', 'tickets.accepted_at', sql<string>`split_part(s.path, '/', 2)`.as('top')])
      .where('tickets.platform_id', '=', platformId).where('tickets.accepted_at', '>', new Date(now.getTime() - DAY)).where('tickets.accepted_at', '<=', now)
      .where('tickets.district_id', 'in', found.map((f) => f.district)).where('tickets.merged_into_id', 'is', null).execute(),
  ]);
  const subjectName = new Map(subjects.map((s) => [Number(s.id), s.name]));
  return found.map((f): Candidate => {
    const members = tickets.filter((t) => Number(t.top) === f.top && Number(t.district_id) === f.district);
    const times = members.map((m) => new Date(m.accepted_at).getTime());
    const district = names.get(f.district) ?? '';
    const subject = subjectName.get(f.top) ?? '';
    const ratio = f.current / Math.max(f.mean, 1);
    // A jump to four times the usual (and twice the minimum) goes to the deputy mayor in charge.
    const level = ratio >= 4 && f.current >= 2 * minCount ? 2 : 3;
    return {
      key: `surge:${f.top}:${f.district}`, kind: 'surge', level, place: district, districtId: f.district, subjectId: f.top, ruleId: null,
      title: `${district}「${subject}」类诉求激增`,
      summary: `${district}近 24 小时「${subject}」类诉求 ${f.current} 件，前 ${weeks} 周同期平均 ${f.mean.toFixed(1)} 件（标准差 ${f.sd.toFixed(1)}），超过预警线 ${f.limit.toFixed(1)} 件，为平时的 ${ratio.toFixed(1)} 倍。`,
      facts: { current: f.current, mean: Math.round(f.mean * 100) / 100, sd: Math.round(f.sd * 100) / 100, limit: Math.round(f.limit * 100) / 100, weeks, baseline: f.baseline, ratio: Math.round(ratio * 100) / 100 },
      ticketIds: members.map((m) => Number(m.id)),
      firstAt: new Date(times.length ? Math.min(...times) : now.getTime()), lastAt: new Date(times.length ? Math.max(...times) : now.getTime()),
    };
  });
}

/** Sensitive rules: one query over the longest window of the active rules, every rule matched in SQL. */
async function sensitiveCandidates(db: Db, platformId: number, now: Date): Promise<Candidate[]> {
  const rules = await loadRules(db, platformId, true);
  if (rules.length === 0) return [];
  const longest = Math.max(...rules.map((r) => r.windowHours));
  const rows = await sql<{ rule_id: string; id: string; district_id: string | null; accepted_at: Date }>`
    select r.id as rule_id, t.id, t.district_id, t.accepted_at
    from warning_rules r
    join tickets t on t.platform_id = r.platform_id
      and t.accepted_at > ${now}::timestamptz - make_interval(hours => r.window_hours) and t.accepted_at <= ${now}
    where r.platform_id = ${platformId} and r.active
      and t.accepted_at > ${new Date(now.getTime() - longest * HOUR)} and t.merged_into_id is null
      and (exists (select 1 from unnest(r.keywords) kw where strpos(t.title, kw) > 0 or strpos(t.content, kw) > 0)
        or exists (select 1 from subjects ts join subjects rs on rs.id = any(r.subject_ids) and rs.platform_id = r.platform_id
                   where ts.id = t.subject_id and ts.path like rs.path || '%'))`.execute(db);
  const groups = new Map<string, typeof rows.rows>();
  for (const r of rows.rows) {
    const key = `${r.rule_id}:${r.district_id ?? 0}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  const names = await districtNames(db, platformId, rows.rows.map((r) => (r.district_id === null ? null : Number(r.district_id))));
  const out: Candidate[] = [];
  for (const [key, members] of groups) {
    const rule = rules.find((r) => r.id === Number(members[0]!.rule_id))!;
    if (members.length < rule.minCount) continue;
    const districtId = members[0]!.district_id === null ? null : Number(members[0]!.district_id);
    const district = districtId === null ? '' : names.get(districtId) ?? '';
    const times = members.map((m) => new Date(m.accepted_at).getTime());
    const where = district || '全市';
    out.push({
      key: `sensitive:${key}`, kind: 'sensitive', level: rule.level, place: district || null, districtId, subjectId: null, ruleId: rule.id,
      title: `${where}「${rule.name}」敏感事项`,
      summary: `${where}近 ${rule.windowHours} 小时出现「${rule.name}」类诉求 ${members.length} 件（规则：${rule.minCount} 件起预警，关键词 ${rule.keywords.join('、') || '—'}）。`,
      facts: { rule: rule.name, count: members.length, minCount: rule.minCount, windowHours: rule.windowHours, keywords: rule.keywords },
      ticketIds: members.map((m) => Number(m.id)), firstAt: new Date(Math.min(...times)), lastAt: new Date(Math.max(...times)),
    });
  }
  return out;
}

/**
 * Creates the warning, or updates the open one with the same key: new tickets are linked, figures
 * refreshed, and a raised level reaches its new recipients. A hotspot has no natural key (its
 * members change from run to run): it takes the key of the open hotspot warning holding at least
 * half of its tickets, or a new one named after its first ticket.
 */
export async function upsertWarning(db: Db, platformId: number, c: Candidate, now: Date): Promise<'created' | 'updated' | 'unchanged'> {
  return db.transaction().execute(async (tx) => {
    let key = c.key;
    if (c.kind === 'hotspot') {
      const overlap = await tx.selectFrom('warning_tickets as wt').innerJoin('warnings as w', 'w.id', 'wt.warning_id')
        .select(['w.key', (eb) => eb.fn.countAll<string>().as('n')])
        .where('wt.platform_id', '=', platformId).where('w.kind', '=', 'hotspot').where('w.status', '<>', 'closed').where('wt.ticket_id', 'in', c.ticketIds)
        .groupBy('w.key').orderBy('n', 'desc').limit(1).executeTakeFirst();
      key = overlap && Number(overlap.n) * 2 >= c.ticketIds.length ? overlap.key : `hotspot:${Math.min(...c.ticketIds)}`;
    }
    const open = await tx.selectFrom('warnings').selectAll().where('platform_id', '=', platformId).where('key', '=', key).where('status', '<>', 'closed').forUpdate().executeTakeFirst();
    if (!open) {
      const row = await tx.insertInto('warnings').values({
        platform_id: platformId, key, kind: c.kind, level: c.level, title: c.title, summary: c.summary, facts: JSON.stringify(c.facts), place: c.place,
        district_id: c.districtId, subject_id: c.subjectId, rule_id: c.ruleId, ticket_count: c.ticketIds.length, first_at: c.firstAt, last_at: c.lastAt,
        status: 'new', detected_at: now, updated_at: now, feedback_due: new Date(now.getTime() + FEEDBACK_DAYS[c.level] * DAY),
      }).returning('id').executeTakeFirstOrThrow();
      await linkTickets(tx, platformId, row.id, c.ticketIds);
      await addRecipients(tx, platformId, row.id, await resolveRecipients(tx, platformId, c.level, c.districtId, c.ticketIds));
      await tx.insertInto('warning_steps').values({ platform_id: platformId, warning_id: row.id, kind: 'detected', note: c.summary, actor_id: null, at: now }).execute();
      return 'created';
    }
    const linked = await tx.selectFrom('warning_tickets').select('ticket_id').where('platform_id', '=', platformId).where('warning_id', '=', open.id).execute();
    const have = new Set(linked.map((l) => Number(l.ticket_id)));
    const fresh = c.ticketIds.filter((id) => !have.has(id));
    const level = Math.min(open.level, c.level) as 1 | 2 | 3;
    if (fresh.length === 0 && level === open.level) return 'unchanged';
    await linkTickets(tx, platformId, open.id, fresh);
    const count = have.size + fresh.length;
    await tx.updateTable('warnings').set({
      level, summary: c.summary, facts: JSON.stringify(c.facts), ticket_count: count, updated_at: now,
      first_at: new Date(Math.min(new Date(open.first_at).getTime(), c.firstAt.getTime())), last_at: new Date(Math.max(new Date(open.last_at).getTime(), c.lastAt.getTime())),
    }).where('id', '=', open.id).execute();
    if (level !== open.level) await addRecipients(tx, platformId, open.id, await resolveRecipients(tx, platformId, level, c.districtId, c.ticketIds));
    const note = `新增 ${fresh.length} 件，共 ${count} 件${level !== open.level ? `；级别升为${['', '一', '二', '三'][level]}级` : ''}`;
    await tx.insertInto('warning_steps').values({ platform_id: platformId, warning_id: open.id, kind: 'updated', note, actor_id: null, at: now }).execute();
    return 'updated';
  });
}

async function linkTickets(tx: Db, platformId: number, warningId: number, ticketIds: readonly number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  await tx.insertInto('warning_tickets').values(ticketIds.map((ticket_id) => ({ platform_id: platformId, warning_id: warningId, ticket_id }))).onConflict((oc) => oc.doNothing()).execute();
}

async function addRecipients(tx: Db, platformId: number, warningId: number, userIds: readonly number[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.insertInto('warning_recipients').values(userIds.map((user_id) => ({ platform_id: platformId, warning_id: warningId, user_id }))).onConflict((oc) => oc.doNothing()).execute();
}
