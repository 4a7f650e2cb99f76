// 屡办不成 / 反复投诉 (DOMAIN.md §9, seed 002): the same matter from the same caller, or about the same
// place, N or more times within D days (settings repeats.minCount, repeats.windowDays) is flagged:
// the tickets join one repeat group, each gets the event `flagged_repeat`, and supervision lists
// the groups. Checked in the intake transaction, and by a job for tickets that arrive otherwise
// (bulk imports, splits). "The same matter" is judged against the new ticket: the same subject
// when both have one, else content words alike at or above repeats.textSimilarity (cosine).
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { notFound } from '../../domain/errors.js';
import { TICKET_STATE_LABELS, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Ticket } from '../../db/schema.js';
import { bagOf, boxAround, cosine, distanceMetres, normalizeAddress, samePlace } from '../../text/similarity.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import { getSetting } from '../settings.js';
import { tokenizerFor } from '../text/tokenizer.js';
import { appendEvents, ticketVisibleTo, type Doer } from '../tickets/context.js';

export interface RepeatSettings {
  minCount: number;
  windowDays: number;
  textSimilarity: number;
}

export const REPEAT_DEFAULTS: RepeatSettings = { minCount: 3, windowDays: 30, textSimilarity: 0.4 };

export async function repeatSettings(db: Db, platformId: number): Promise<RepeatSettings> {
  const [minCount, windowDays, textSimilarity] = await Promise.all([
    getSetting(db, platformId, 'repeats.minCount', REPEAT_DEFAULTS.minCount),
    getSetting(db, platformId, 'repeats.windowDays', REPEAT_DEFAULTS.windowDays),
    getSetting(db, platformId, 'repeats.textSimilarity', REPEAT_DEFAULTS.textSimilarity),
  ]);
  return { minCount, windowDays, textSimilarity };
}

/** Map points closer than this are one place (a building, a crossing). */
export const SAME_PLACE_METRES = 100;
/**
 * pg_trgm word similarity that makes an address a candidate for "the same place" (then judged by
 * samePlace): the share of the typed address's trigrams found in one stretch of a stored address,
 * so 滨江路88号 finds 青澜市青江区滨江路88号幸福小区 where plain similarity would not.
 */
export const ADDRESS_TRIGRAM = 0.6;
const DAY_MS = 86_400_000;
/** Enough words of a long message to compare matters; the rest is detail. */
export const COMPARED_CHARS = 300;
const MAX_CANDIDATES = 200;

/**
 * Runs `fn` with pg_trgm's `%>` threshold at `value` for this transaction only (set_config local),
 * so the GIN index on addresses prunes at the rule's own threshold.
 */
export async function withTrigramThreshold<T>(tx: Db, value: number, fn: () => Promise<T>): Promise<T> {
  await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(value)}, true)`.execute(tx);
  return fn();
}

/** An address as the trigram search takes it: normalised, without the city and district a caller may or may not say. */
export const addressProbe = (address: string | null | undefined): string | null => {
  const probe = address ? normalizeAddress(address) : '';
  return [...probe].length >= 4 ? probe : null;
};

export const textOf = (t: { title: string; content: string }): string => `${t.title} ${t.content.slice(0, COMPARED_CHARS)}`;

type Row = Pick<Ticket, 'id' | 'title' | 'content' | 'subject_id' | 'citizen_id' | 'address' | 'lng' | 'lat' | 'accepted_at' | 'repeat_group_id'>;

/** What the rule decided for one ticket; null when it is not (yet) a repeat. */
export interface RepeatFlag {
  groupId: number;
  count: number;
  basis: 'caller' | 'place';
}

/**
 * The repeat rule for one ticket (see the head of this file), inside the caller's transaction.
 * Earlier tickets in the window only: the job checks imported tickets oldest first, so a group
 * forms at its Nth ticket, as it does at intake. Marks the ticket checked either way.
 */
export async function checkRepeat(tx: Db, ticket: Ticket, doer: Doer, now: Date, tokenizer: Tokenizer, settings: RepeatSettings): Promise<{ ticket: Ticket; flag: RepeatFlag | null }> {
  const checked = await tx.updateTable('tickets').set({ repeat_checked_at: now }).where('id', '=', ticket.id).returningAll().executeTakeFirstOrThrow();
  if (ticket.state === 'invalid' || (ticket.citizen_id === null && !ticket.address && ticket.lng === null)) return { ticket: checked, flag: null };
  const since = new Date(ticket.accepted_at.getTime() - settings.windowDays * DAY_MS);
  const rows = await candidates(tx, ticket, since);

  let words: Map<string, number> | null = null;
  const sameMatter = (c: Row): boolean => {
    if (ticket.subject_id !== null && c.subject_id === ticket.subject_id) return true;
    words ??= bagOf(tokenizer.words(textOf(ticket)));
    return cosine(words, bagOf(tokenizer.words(textOf(c)))) >= settings.textSimilarity;
  };
  const byCaller: Row[] = [];
  const byPlace: Row[] = [];
  for (const c of rows) {
    const caller = ticket.citizen_id !== null && c.citizen_id === ticket.citizen_id;
    const place = isSamePlace(ticket, c);
    if ((!caller && !place) || !sameMatter(c)) continue;
    if (caller) byCaller.push(c);
    if (place) byPlace.push(c);
  }
  const basis = byCaller.length + 1 >= settings.minCount ? 'caller' : byPlace.length + 1 >= settings.minCount ? 'place' : null;
  if (!basis) return { ticket: checked, flag: null };
  const members = basis === 'caller' ? byCaller : byPlace;

  // Join the group one of them already has (the oldest), or start one.
  const existing = members.map((m) => m.repeat_group_id).filter((g): g is number => g !== null);
  const first = members.reduce((a, b) => (a.accepted_at <= b.accepted_at ? a : b));
  const groupId = existing.length > 0 ? Math.min(...existing) : (await tx.insertInto('repeat_groups').values({
    platform_id: ticket.platform_id, basis, citizen_id: basis === 'caller' ? ticket.citizen_id : null,
    address: ticket.address ?? first.address, subject_id: ticket.subject_id ?? first.subject_id, title: first.title,
    ticket_count: 1, first_at: first.accepted_at, last_at: ticket.accepted_at, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow()).id;
  // Tickets already in another group stay there: a ticket belongs to one group.
  const joining = [ticket.id, ...members.filter((m) => m.repeat_group_id === null).map((m) => m.id)];
  await tx.updateTable('tickets').set({ repeat: true, repeat_group_id: groupId }).where('id', 'in', joining).where('repeat_group_id', 'is', null).execute();
  const stats = await tx.selectFrom('tickets').where('repeat_group_id', '=', groupId)
    .select([(eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('accepted_at').as('first'), (eb) => eb.fn.max('accepted_at').as('last')])
    .executeTakeFirstOrThrow();
  const count = Number(stats.n);
  await tx.updateTable('repeat_groups').set({ ticket_count: count, first_at: stats.first as Date, last_at: stats.last as Date, updated_at: now }).where('id', '=', groupId).execute();
  await tx.updateTable('tickets').set({ repeat_count: count }).where('repeat_group_id', '=', groupId).execute();
  const data = { groupId, count, basis, basisLabel: BASIS_LABELS[basis] };
  // Each ticket that joined gets its event (a group is a handful of tickets, so a handful of inserts).
  for (const id of joining) await appendEvents(tx, { id, platform_id: ticket.platform_id }, doer, now, [{ type: 'flagged_repeat', data }]);
  const updated = await tx.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
  return { ticket: updated, flag: { groupId, count, basis } };
}

export const BASIS_LABELS = { caller: '同一来电人', place: '同一地点' } as const;

function isSamePlace(a: Pick<Row, 'address' | 'lng' | 'lat'>, b: Pick<Row, 'address' | 'lng' | 'lat'>): boolean {
  if (a.address && b.address && samePlace(a.address, b.address)) return true;
  return a.lng !== null && a.lat !== null && b.lng !== null && b.lat !== null && distanceMetres(a.lng, a.lat, b.lng, b.lat) <= SAME_PLACE_METRES;
}

/** Earlier tickets of the window from the same caller or about the same place, through their indexes. */
async function candidates(tx: Db, t: Ticket, since: Date): Promise<Row[]> {
  const base = () => tx.selectFrom('tickets')
    .select(['id', 'title', 'content', 'subject_id', 'citizen_id', 'address', 'lng', 'lat', 'accepted_at', 'repeat_group_id'])
    .where('platform_id', '=', t.platform_id).where('id', '!=', t.id).where('state', '!=', 'invalid')
    .where('accepted_at', '>=', since).where('accepted_at', '<=', t.accepted_at)
    .orderBy('accepted_at', 'desc').limit(MAX_CANDIDATES);
  const parts: Promise<Row[]>[] = [];
  if (t.citizen_id !== null) parts.push(base().where('citizen_id', '=', t.citizen_id).execute());
  if (t.lng !== null && t.lat !== null) {
    const { dLng, dLat } = boxAround(t.lng, t.lat, SAME_PLACE_METRES);
    parts.push(base().where('lng', 'is not', null).where('lat', 'is not', null)
      .where(sql<boolean>`point(lng, lat) <@ box(point(${t.lng - dLng}, ${t.lat - dLat}), point(${t.lng + dLng}, ${t.lat + dLat}))`).execute());
  }
  const rows = (await Promise.all(parts)).flat();
  const probe = addressProbe(t.address);
  if (probe) {
    rows.push(...await withTrigramThreshold(tx, ADDRESS_TRIGRAM, () => base().where('address', 'is not', null).where(sql<boolean>`address %> ${probe}`).execute()));
  }
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** The intake hook (src/services/tickets/intake.ts): the rule for the ticket just registered, in its transaction. */
export async function checkRepeatAtIntake(db: Db, tx: Db, ticket: Ticket, doer: Doer, now: Date): Promise<Ticket> {
  const [tokenizer, settings] = await Promise.all([tokenizerFor(db, ticket.platform_id), repeatSettings(tx, ticket.platform_id)]);
  return (await checkRepeat(tx, ticket, doer, now, tokenizer, settings)).ticket;
}

/**
 * The job's pass: tickets of the window the rule has not seen (imports, splits), oldest first, each
 * in a transaction of its own, skipped if another runner holds it. Returns how many it checked and flagged.
 */
export async function checkUnchecked(db: Db, platformId: number, now: Date, limit = 500): Promise<{ checked: number; flagged: number }> {
  const settings = await repeatSettings(db, platformId);
  const since = new Date(now.getTime() - settings.windowDays * DAY_MS);
  const ids = await db.selectFrom('tickets').select('id').where('platform_id', '=', platformId).where('repeat_checked_at', 'is', null)
    .where('accepted_at', '>=', since).orderBy('accepted_at').orderBy('id').limit(limit).execute();
  if (ids.length === 0) return { checked: 0, flagged: 0 };
  const tokenizer = await tokenizerFor(db, platformId);
  let checked = 0;
  let flagged = 0;
  for (const { id } of ids) {
    await db.transaction().execute(async (tx) => {
      const ticket = await tx.selectFrom('tickets').selectAll().where('id', '=', id).where('repeat_checked_at', 'is', null).forUpdate().skipLocked().executeTakeFirst();
      if (!ticket) return;
      const out = await checkRepeat(tx, ticket, { system: 'repeats', platformId }, now, tokenizer, settings);
      checked += 1;
      if (out.flag) flagged += 1;
    });
  }
  return { checked, flagged };
}

export interface RepeatGroupView {
  id: number;
  basis: 'caller' | 'place';
  basisLabel: string;
  count: number;
  /** The caller's masked phone (138****5678) for a caller group; never the number. */
  callerPhone: string | null;
  address: string | null;
  subjectName: string | null;
  title: string;
  firstAt: string;
  lastAt: string;
  /** The group's tickets the caller may see, oldest first. */
  tickets: { id: number; number: string; title: string; state: string; stateLabel: string; acceptedAt: string }[];
}

/** Groups with at least one ticket the actor may see. */
function groupsInScope(db: Db, actor: Actor) {
  return db.selectFrom('repeat_groups as g').where('g.platform_id', '=', actor.platformId)
    .where(({ exists, selectFrom }) => exists(selectFrom('tickets').select(sql`1`.as('one')).whereRef('tickets.repeat_group_id', '=', 'g.id').where(ticketVisibleTo(actor))));
}

async function present(db: Db, actor: Actor, groups: { id: number; basis: 'caller' | 'place'; citizen_id: number | null; address: string | null; subject_id: number | null; title: string; ticket_count: number; first_at: Date; last_at: Date }[]): Promise<RepeatGroupView[]> {
  if (groups.length === 0) return [];
  const citizenIds = [...new Set(groups.map((g) => g.citizen_id).filter((x): x is number => x !== null))];
  const subjectIds = [...new Set(groups.map((g) => g.subject_id).filter((x): x is number => x !== null))];
  const [tickets, citizens, subjects] = await Promise.all([
    db.selectFrom('tickets').select(['id', 'number', 'title', 'state', 'accepted_at', 'repeat_group_id'])
      .where('repeat_group_id', 'in', groups.map((g) => g.id)).where(ticketVisibleTo(actor)).orderBy('accepted_at').orderBy('id').execute(),
    citizenIds.length ? db.selectFrom('citizens').select(['id', 'phone_mask']).where('id', 'in', citizenIds).execute() : [],
    subjectIds.length ? db.selectFrom('subjects').select(['id', 'name']).where('id', 'in', subjectIds).execute() : [],
  ]);
  const phones = new Map(citizens.map((c) => [c.id, c.phone_mask]));
  const names = new Map(subjects.map((s) => [s.id, s.name]));
  return groups.map((g) => ({
    id: g.id, basis: g.basis, basisLabel: BASIS_LABELS[g.basis], count: g.ticket_count,
    callerPhone: g.citizen_id !== null ? phones.get(g.citizen_id) ?? null : null, address: g.address,
    subjectName: g.subject_id !== null ? names.get(g.subject_id) ?? null : null, title: g.title,
    firstAt: g.first_at.toISOString(), lastAt: g.last_at.toISOString(),
    tickets: tickets.filter((t) => t.repeat_group_id === g.id).map((t) => ({
      id: t.id, number: t.number, title: t.title, state: t.state, stateLabel: TICKET_STATE_LABELS[t.state as TicketState] ?? t.state, acceptedAt: t.accepted_at.toISOString(),
    })),
  }));
}

const GROUP_COLUMNS = ['g.id', 'g.basis', 'g.citizen_id', 'g.address', 'g.subject_id', 'g.title', 'g.ticket_count', 'g.first_at', 'g.last_at'] as const;

/** 屡办不成 for supervision: groups newest first (by their latest ticket), paged, in the actor's scope. */
export async function listRepeatGroups(db: Db, actor: Actor, f: { page: number; pageSize: number }): Promise<{ total: number; items: RepeatGroupView[] }> {
  const scoped = groupsInScope(db, actor);
  const [{ total }, rows] = await Promise.all([
    scoped.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    scoped.select(GROUP_COLUMNS).orderBy('g.last_at', 'desc').orderBy('g.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
  ]);
  return { total: Number(total), items: await present(db, actor, rows) };
}

export async function getRepeatGroup(db: Db, actor: Actor, id: number): Promise<RepeatGroupView> {
  const row = await groupsInScope(db, actor).select(GROUP_COLUMNS).where('g.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('屡办不成记录', 'repeat group');
  return (await present(db, actor, [row]))[0]!;
}
