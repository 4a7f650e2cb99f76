// Writing a planned history in bulk: per batch one transaction of a few statements, each a
// multi-row INSERT … SELECT FROM unnest($1::type[], …), so a million tickets cost a few hundred
// round trips instead of tens of millions. Ids come from the tables' own sequences, reserved per
// batch (one nextval range per table), ticket numbers from ticket_counters reserved per day the same
// way intake takes one, and phone numbers are sealed (encrypted + keyed hash + mask) before any row
// leaves the process. Indexes stay; ANALYZE runs at the end. Search words are cut in worker threads
// (token-pool.ts) beside the plan and the writes, or on the main thread, or left for the
// search-backfill job (LoadOptions.search; docs/demo-data.md says what each costs).
import { availableParallelism } from 'node:os';
import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { loadRoutingRules } from '../dispatch/proposal.js';
import { loadWorkCalendar } from '../calendar.js';
import type { Vault } from '../privacy/vault.js';
import { getSetting } from '../settings.js';
import { loadPolicies } from '../tickets/sla.js';
import { searchDocument, searchVectorSql } from '../tickets/search-tokens.js';
import { configuredWordFiles, platformWords, tokenizerFor } from '../text/tokenizer.js';
import { readWordList } from '../../text/tokenizer.js';
import { demoCallId, type SimCall } from './call-plan.js';
import { TokenPool } from './token-pool.js';
import type { Role } from '../../domain/roles.js';
import type { RoutingRule } from '../../domain/routing.js';
import { Ref, type HistoryBatch, type SimAssignment, type SimEvent, type SimOrder, type SimTicket } from './history-plan.js';
import type { HistoryWorld } from './history-world.js';

/** Reads what the plan needs of a platform: calendar, policies, subjects, units, users, catalogue. */
export async function loadWorld(db: Db, platformId: number): Promise<HistoryWorld> {
  const platform = await db.selectFrom('platforms').select('calendar_version').where('id', '=', platformId).executeTakeFirstOrThrow();
  const [calendar, policies, subjects, units, users] = await Promise.all([
    loadWorkCalendar(db, platformId),
    loadPolicies(db, platformId),
    db.selectFrom('subjects').select(['id', 'parent_id', 'name', 'level', 'path']).where('platform_id', '=', platformId).where('active', '=', true)
      .orderBy('path').execute(),
    db.selectFrom('units').select(['id', 'parent_id', 'kind', 'code', 'name', 'path', 'boundary', 'address_keywords'])
      .where('platform_id', '=', platformId).where('active', '=', true).orderBy('depth').orderBy('sort_order').orderBy('id').execute(),
    db.selectFrom('users').select(['id', 'username', 'unit_id', 'roles']).where('platform_id', '=', platformId).where('active', '=', true).orderBy('id').execute(),
  ]);
  // The catalogue as the dispatch use case sees it, per subject (one query each; only when there is one).
  const rules = new Map<number, RoutingRule[]>();
  const anyRule = await db.selectFrom('dispatch_rules').select('id').where('platform_id', '=', platformId).where('active', '=', true).limit(1).executeTakeFirst();
  if (anyRule) {
    for (const s of subjects) rules.set(s.id, await loadRoutingRules(db, platformId, s.path));
  }
  return {
    platformId, calendar, calendarVersion: platform.calendar_version, policies,
    subjects: subjects.map((s) => ({ id: s.id, parentId: s.parent_id, name: s.name, level: s.level, path: s.path })),
    units: units.map((u) => ({
      id: u.id, parentId: u.parent_id, kind: u.kind, code: u.code, name: u.name, path: u.path,
      boundary: u.boundary as HistoryWorld['units'][number]['boundary'], addressKeywords: u.address_keywords,
    })),
    users: users.map((u) => ({ id: u.id, username: u.username, unitId: u.unit_id, roles: u.roles as Role[] })),
    rules,
    returnLimit: await getSetting(db, platformId, 'tickets.returnLimit', 3),
    reopenLimit: await getSetting(db, platformId, 'tickets.reopenLimit', 2),
  };
}

// ── Column lists: name, PostgreSQL type, value ────────────────────────────────────────────────

type Column<T> = [name: string, type: string, get: (row: T) => unknown];

/** Instants go to arrayLiteral as they are (it writes epoch milliseconds). */
const iso = (d: Date | null): Date | null => d;

interface Ids {
  ticket: (local: number) => number;
  assignment: (local: number) => number;
  order: (local: number) => number;
  number: (local: number) => string;
  citizen: (local: number) => number;
}

/** The tickets' search documents by plan-local id (searchDocument), cut before the batch's transaction; null when deferred. */
type SearchDocs = Map<number, string> | null;

function ticketColumns(ids: Ids, docs: SearchDocs): Column<SimTicket>[] {
  // Deferred: the column is left out, so search_tokens stays null for the backfill to fill.
  const search: Column<SimTicket>[] = docs === null ? [] : [['search_tokens', SEARCH_DOC, (t) => docs.get(t.local) ?? '']];
  return [
    ...search,
    ['id', 'int8', (t) => ids.ticket(t.local)], ['platform_id', 'int4', (t) => t.platform_id], ['number', 'text', (t) => ids.number(t.local)],
    ['channel', 'text', (t) => t.channel], ['type', 'text', (t) => t.type], ['urgency', 'text', (t) => t.urgency], ['subject_id', 'int8', (t) => t.subject_id],
    ['title', 'text', (t) => t.title], ['content', 'text', (t) => t.content], ['citizen_id', 'int8', (t) => (t.citizen === null ? null : ids.citizen(t.citizen))],
    ['citizen_name', 'text', (t) => t.citizen_name], ['confidential', 'bool', (t) => t.confidential], ['address', 'text', (t) => t.address],
    ['lng', 'float8', (t) => t.lng], ['lat', 'float8', (t) => t.lat], ['district_id', 'int8', (t) => t.district_id], ['street_id', 'int8', (t) => t.street_id],
    ['community_id', 'int8', (t) => t.community_id], ['grid_id', 'int8', (t) => t.grid_id], ['call_id', 'text', (t) => t.call_id], ['state', 'text', (t) => t.state],
    ['version', 'int4', (t) => t.version], ['suspended_from', 'text', (t) => t.suspended_from], ['suspended_at', 'timestamptz', (t) => iso(t.suspended_at)],
    ['sla_policy_id', 'int8', (t) => t.sla_policy_id], ['calendar_version', 'int4', (t) => t.calendar_version], ['due_at', 'timestamptz', (t) => iso(t.due_at)],
    ['due_warn_at', 'timestamptz', (t) => iso(t.due_warn_at)], ['sla_level', 'int2', (t) => t.sla_level], ['review_deadline', 'timestamptz', (t) => iso(t.review_deadline)],
    ['visit_deadline', 'timestamptz', (t) => iso(t.visit_deadline)], ['overdue', 'bool', (t) => t.overdue], ['supervised', 'bool', (t) => t.supervised],
    ['repeat', 'bool', (t) => t.repeat], ['hot', 'bool', (t) => t.hot], ['merged_into_id', 'int8', (t) => (t.mergedInto === null ? null : ids.ticket(t.mergedInto))],
    ['split_from_id', 'int8', (t) => t.split_from_id], ['source_unit_id', 'int8', (t) => t.source_unit_id], ['knowledge_article_id', 'int8', (t) => t.knowledge_article_id],
    ['answer', 'text', (t) => t.answer], ['first_time', 'bool', (t) => t.first_time], ['sendback_count', 'int4', (t) => t.sendback_count],
    ['reopen_count', 'int4', (t) => t.reopen_count], ['return_count', 'int4', (t) => t.return_count], ['urge_count', 'int4', (t) => t.urge_count],
    ['supervision_count', 'int4', (t) => t.supervision_count], ['visit_attempts', 'int4', (t) => t.visit_attempts], ['contacted', 'bool', (t) => t.contacted],
    ['resolved', 'bool', (t) => t.resolved], ['satisfaction', 'text', (t) => t.satisfaction], ['close_reason', 'text', (t) => t.close_reason],
    ['close_note', 'text', (t) => t.close_note], ['invalid_reason', 'text', (t) => t.invalid_reason], ['accepted_at', 'timestamptz', (t) => iso(t.accepted_at)],
    ['answered_at', 'timestamptz', (t) => iso(t.answered_at)], ['dispatched_at', 'timestamptz', (t) => iso(t.dispatched_at)],
    ['replied_at', 'timestamptz', (t) => iso(t.replied_at)], ['approved_at', 'timestamptz', (t) => iso(t.approved_at)],
    ['visited_at', 'timestamptz', (t) => iso(t.visited_at)], ['closed_at', 'timestamptz', (t) => iso(t.closed_at)],
    ['archived_at', 'timestamptz', (t) => iso(t.archived_at)], ['created_by', 'int8', (t) => t.created_by], ['idempotency_key', 'text', (t) => t.idempotency_key],
    ['idempotency_hash', 'text', (t) => t.idempotency_hash], ['updated_at', 'timestamptz', (t) => iso(t.updated_at)],
  ];
}

function assignmentColumns(ids: Ids): Column<SimAssignment>[] {
  return [
    ['id', 'int8', (a) => ids.assignment(a.local)], ['platform_id', 'int4', (a) => a.platform_id], ['ticket_id', 'int8', (a) => ids.ticket(a.ticket)],
    ['unit_id', 'int8', (a) => a.unit_id], ['parent_assignment_id', 'int8', (a) => (a.parent === null ? null : ids.assignment(a.parent))], ['role', 'text', (a) => a.role],
    ['state', 'text', (a) => a.state], ['pending', 'text', (a) => a.pending], ['pending_data', 'jsonb', (a) => (a.pending_data === null ? null : JSON.stringify(a.pending_data))],
    ['dispatched_at', 'timestamptz', (a) => iso(a.dispatched_at)], ['dispatched_by', 'int8', (a) => a.dispatched_by], ['dispatch_rule_id', 'int8', (a) => a.dispatch_rule_id],
    ['sign_minutes', 'int4', (a) => a.sign_minutes], ['sign_clock', 'bool', (a) => a.sign_clock], ['reply_minutes', 'int4', (a) => a.reply_minutes],
    ['reply_clock', 'bool', (a) => a.reply_clock], ['return_window_minutes', 'int4', (a) => a.return_window_minutes], ['extension_minutes', 'int4', (a) => a.extension_minutes],
    ['extension_count', 'int4', (a) => a.extension_count], ['sign_deadline', 'timestamptz', (a) => iso(a.sign_deadline)],
    ['reply_deadline', 'timestamptz', (a) => iso(a.reply_deadline)], ['return_deadline', 'timestamptz', (a) => iso(a.return_deadline)],
    ['sign_warn_at', 'timestamptz', (a) => iso(a.sign_warn_at)], ['reply_warn_at', 'timestamptz', (a) => iso(a.reply_warn_at)], ['sign_level', 'int2', (a) => a.sign_level],
    ['reply_level', 'int2', (a) => a.reply_level], ['signed_at', 'timestamptz', (a) => iso(a.signed_at)], ['signed_by', 'int8', (a) => a.signed_by],
    ['replied_at', 'timestamptz', (a) => iso(a.replied_at)], ['replied_by', 'int8', (a) => a.replied_by], ['reply_result', 'text', (a) => a.reply_result],
    ['reply_measures', 'text', (a) => a.reply_measures], ['reply_basis', 'text', (a) => a.reply_basis], ['contacted', 'bool', (a) => a.contacted],
    ['on_time', 'bool', (a) => a.on_time], ['signed_on_time', 'bool', (a) => a.signed_on_time], ['return_requested', 'bool', (a) => a.return_requested],
    ['urge_count', 'int4', (a) => a.urge_count], ['sendback_count', 'int4', (a) => a.sendback_count], ['closed_at', 'timestamptz', (a) => iso(a.closed_at)],
    ['updated_at', 'timestamptz', (a) => iso(a.updated_at)],
  ];
}

function orderColumns(ids: Ids): Column<SimOrder>[] {
  return [
    ['id', 'int8', (o) => ids.order(o.local)], ['platform_id', 'int4', (o) => o.platform_id], ['ticket_id', 'int8', (o) => ids.ticket(o.ticket)],
    ['unit_id', 'int8', (o) => o.unit_id], ['level', 'text', (o) => o.level], ['state', 'text', (o) => o.state], ['reason', 'text', (o) => o.reason],
    ['deadline', 'timestamptz', (o) => iso(o.deadline)], ['opened_by', 'int8', (o) => o.opened_by], ['opened_at', 'timestamptz', (o) => iso(o.opened_at)],
    ['answer', 'text', (o) => o.answer], ['answered_by', 'int8', (o) => o.answered_by], ['answered_at', 'timestamptz', (o) => iso(o.answered_at)],
    ['result', 'text', (o) => o.result], ['closed_by', 'int8', (o) => o.closed_by], ['closed_at', 'timestamptz', (o) => iso(o.closed_at)],
  ];
}

/** An event's data as JSON, with the plan's local references turned into database ids and numbers. */
export function eventJson(e: Pick<SimEvent, 'data' | 'refs'>, ids: Pick<Ids, 'ticket' | 'assignment' | 'order' | 'number'>): string {
  if (!e.refs) return JSON.stringify(e.data);
  return JSON.stringify(e.data, (_key, value: unknown) => {
    if (!(value instanceof Ref)) return value;
    switch (value.kind) {
      case 'ticket': return ids.ticket(value.local);
      case 'assignment': return ids.assignment(value.local);
      case 'order': return ids.order(value.local);
      case 'number': return ids.number(value.local);
    }
  });
}

function callColumns(ids: Ids): Column<SimCall>[] {
  return [
    ['platform_id', 'int4', () => null], ['call_id', 'text', (c) => demoCallId(ids.ticket(c.ticket), c.index)],
    ['offered_at', 'timestamptz', (c) => c.offered_at], ['answered_at', 'timestamptz', (c) => c.answered_at],
    ['wait_seconds', 'int4', (c) => c.wait_seconds], ['talk_seconds', 'int4', (c) => c.talk_seconds],
    ['ticket_id', 'int8', (c) => (c.answered ? ids.ticket(c.ticket) : null)],
  ];
}

/**
 * The calls of a history written through the use cases (the services path): one INSERT, the
 * tickets' database ids by plan-local id.
 */
export async function insertCalls(db: Db, platformId: number, calls: readonly SimCall[], ticketIds: ReadonlyMap<number, number>): Promise<number> {
  if (calls.length === 0) return 0;
  const ticket = (local: number) => {
    const id = ticketIds.get(local);
    if (id === undefined) throw new Error(`demo history: ticket ${local} of a call was not written`);
    return id;
  };
  const params: unknown[] = [];
  const text = unnestInsert('call_records', callColumns({ ticket } as Ids), calls, params, { platform_id: platformId });
  await db.executeQuery(CompiledQuery.raw(text, params));
  return calls.length;
}

function eventColumns(ids: Ids): Column<SimEvent>[] {
  return [
    ['platform_id', 'int4', () => null], ['ticket_id', 'int8', (e) => ids.ticket(e.ticket)],
    ['assignment_id', 'int8', (e) => (e.assignment === null ? null : ids.assignment(e.assignment))], ['at', 'timestamptz', (e) => iso(e.at)], ['type', 'text', (e) => e.type],
    ['actor_id', 'int8', (e) => e.actor_id], ['actor_unit_id', 'int8', (e) => e.actor_unit_id], ['from_state', 'text', (e) => e.from_state],
    ['to_state', 'text', (e) => e.to_state], ['data', 'jsonb', (e) => eventJson(e, ids)],
  ];
}

const QUOTED = /[\\"]/g;
/** A column written as search_tokens: the array carries search documents, the SELECT turns each into its tsvector. */
const SEARCH_DOC = 'search_doc';

/**
 * A PostgreSQL array literal for one column, built here rather than by the driver: numbers are
 * joined as they are, instants travel as epoch milliseconds (turned into timestamptz in SQL), and
 * only text is quoted and escaped. The driver's generic path quotes and escapes every element,
 * which was the largest cost of a million-ticket load after the database's own work.
 */
function arrayLiteral(type: string, values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (type === 'timestamptz') parts[i] = String((v as Date).getTime());
    else if (type === 'bool') parts[i] = v ? 't' : 'f';
    else if (type === 'text' || type === 'jsonb' || type === SEARCH_DOC) parts[i] = `"${(v as string).replace(QUOTED, '\\$&')}"`;
    else parts[i] = String(v);
  }
  return `{${parts.join(',')}}`;
}

/**
 * INSERT … SELECT FROM unnest(one array per column) as SQL text, its parameters appended to
 * `params`: all rows of a table in one statement, whatever their number.
 */
function unnestInsert<T>(table: string, columns: Column<T>[], rows: readonly T[], params: unknown[], fixed: Record<string, unknown> = {}): string {
  const selects: string[] = [];
  const arrays: string[] = [];
  const alias: string[] = [];
  for (const [name, type, get] of columns) {
    if (name in fixed) {
      params.push(fixed[name]);
      selects.push(`$${params.length}::${type}`);
      continue;
    }
    const values = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = get(rows[i]!);
    params.push(arrayLiteral(type, values));
    const n = params.length;
    arrays.push(type === 'timestamptz' ? `$${n}::float8[]` : type === SEARCH_DOC ? `$${n}::text[]` : `$${n}::${type}[]`);
    alias.push(`c${n}`);
    selects.push(type === 'timestamptz' ? `to_timestamp(u.c${n} / 1000.0)` : type === SEARCH_DOC ? searchVectorSql(`u.c${n}`) : `u.c${n}`);
  }
  return `insert into ${table} (${columns.map(([name]) => name).join(', ')}) select ${selects.join(', ')} from unnest(${arrays.join(', ')}) as u(${alias.join(', ')})`;
}

export interface LoadCounts {
  tickets: number;
  assignments: number;
  events: number;
  orders: number;
  citizens: number;
  /** Call records (answered and abandoned). */
  calls: number;
  batches: number;
  /** Milliseconds spent planning (pure), cutting search words (summed over the workers) and writing. */
  planMs: number;
  cutMs: number;
  writeMs: number;
  /** How the search words were written. */
  search: SearchWords;
  /** Ticket id range written, for the settle step. */
  firstTicketId: number | null;
  lastTicketId: number | null;
}

/**
 * Where the search words of bulk-loaded tickets are cut: 'workers' (worker threads, beside the plan
 * and the writes), 'inline' (the main thread, between plan batches) or 'defer' (not at all:
 * search_tokens stays null and the search-backfill job or `minsheng reindex` fills it later).
 */
export const SEARCH_WORDS = ['workers', 'inline', 'defer'] as const;
export type SearchWords = (typeof SEARCH_WORDS)[number];

export interface LoadOptions {
  /** Tickets per write transaction; plan batches are gathered up to this size. Default 5,000. */
  writeSize?: number;
  /** Default 'workers' (see SEARCH_WORDS). */
  search?: SearchWords;
  /** Worker threads for 'workers'; default defaultTokenWorkers(). */
  workers?: number;
  onBatch?: (done: LoadCounts) => void;
}

/**
 * One worker per core beyond the two the plan and the database keep busy, and at least one: on
 * the 2-core target machine a single worker, which takes the cutting off the planning thread.
 */
export const defaultTokenWorkers = (cores: number = availableParallelism()): number => Math.max(1, Math.min(4, cores - 2));

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The platform's words as tokenizerFor loads them, for the workers' own tokenizers. */
async function tokenizerWords(db: Db, platformId: number): Promise<string[]> {
  return [...(await platformWords(db, platformId)), ...configuredWordFiles().flatMap(readWordList)];
}

/**
 * Writes the batches, one transaction per `writeSize` tickets, so an interrupted load leaves whole
 * tickets. Three things overlap: the main thread plans the next tickets (the plan yields small
 * batches and the event loop turns between them), the workers cut the search words of the batch
 * that comes next, and the database writes the last one.
 */
export async function loadHistory(db: Db, vault: Vault, platformId: number, batches: Iterable<HistoryBatch>, options: LoadOptions = {}): Promise<LoadCounts> {
  const search = options.search ?? 'workers';
  const counts: LoadCounts = {
    tickets: 0, assignments: 0, events: 0, orders: 0, citizens: 0, calls: 0, batches: 0, planMs: 0, cutMs: 0, writeMs: 0, search,
    firstTicketId: null, lastTicketId: null,
  };
  const writeSize = options.writeSize ?? 5_000;
  const bypass = await mayBypassRowTriggers(db);
  const tokenizer = search === 'inline' ? await tokenizerFor(db, platformId) : null;
  const pool = search === 'workers' ? await TokenPool.start(await tokenizerWords(db, platformId), options.workers ?? defaultTokenWorkers()) : null;
  try {
    return await loadWith(db, vault, platformId, batches, options, counts, { bypass, writeSize, tokenizer, pool });
  } finally {
    await pool?.close();
  }
}

interface LoadTools {
  bypass: boolean;
  writeSize: number;
  tokenizer: Awaited<ReturnType<typeof tokenizerFor>> | null;
  pool: TokenPool | null;
}

async function loadWith(db: Db, vault: Vault, platformId: number, batches: Iterable<HistoryBatch>, options: LoadOptions, counts: LoadCounts, tools: LoadTools): Promise<LoadCounts> {
  const { bypass, writeSize, tokenizer, pool } = tools;
  const iterator = batches[Symbol.iterator]();
  let writing: Promise<void> | null = null;
  let gathered: HistoryBatch[] = [];
  let gatheredTickets = 0;
  /** The batch's search documents: cut now (inline), on their way (workers), or none (deferred). */
  const cut = (batch: HistoryBatch): Promise<SearchDocs> => {
    const t0 = performance.now();
    if (tokenizer) {
      const docs = new Map(batch.tickets.map((t) => [t.local, searchDocument(tokenizer, t)]));
      counts.cutMs += performance.now() - t0;
      return Promise.resolve(docs);
    }
    if (!pool) return Promise.resolve(null);
    return pool.cut(batch.tickets).then((list) => {
      counts.cutMs += (performance.now() - t0) * pool.size;
      return new Map(batch.tickets.map((t, i) => [t.local, list[i]!]));
    });
  };
  const flush = async () => {
    const batch = joinBatches(gathered);
    gathered = [];
    gatheredTickets = 0;
    // Cut while the database writes the last batch (searchable at once, like intake's tickets).
    const docs = cut(batch);
    docs.catch(() => {});
    if (writing) await writing;
    writing = docs.then(async (d) => {
      const started = performance.now();
      await writeBatch(db, vault, platformId, batch, d, counts, bypass);
      counts.writeMs += performance.now() - started;
      counts.batches++;
      options.onBatch?.(counts);
    });
    // A failed write must not wait for the plan to end to be noticed.
    writing.catch(() => {});
  };
  for (;;) {
    const t0 = performance.now();
    const next = iterator.next();
    counts.planMs += performance.now() - t0;
    if (next.done) break;
    gathered.push(next.value);
    gatheredTickets += next.value.tickets.length;
    if (gatheredTickets >= writeSize) await flush();
    await nextTurn();
  }
  if (gatheredTickets > 0) await flush();
  if (writing) await writing;
  return counts;
}

function joinBatches(list: HistoryBatch[]): HistoryBatch {
  if (list.length === 1) return list[0]!;
  // A caller seen in two plan batches is written once, as last seen.
  const citizens = new Map<number, HistoryBatch['citizens'][number]>();
  for (const b of list) for (const c of b.citizens) citizens.set(c.local, c);
  return {
    index: list[0]!.index,
    tickets: list.flatMap((b) => b.tickets), assignments: list.flatMap((b) => b.assignments), events: list.flatMap((b) => b.events),
    orders: list.flatMap((b) => b.orders), citizens: [...citizens.values()], calls: list.flatMap((b) => b.calls), steps: list.flatMap((b) => b.steps),
  };
}

/**
 * Row-by-row foreign-key triggers are most of the cost of a bulk insert (a dozen look-ups per
 * ticket, five per event). A superuser (the embedded server) may skip them for the load with
 * session_replication_role = replica, as pg_restore does; the batch's references are then checked
 * set-wise instead (see checkReferences): every id in a batch is either reserved or returned in
 * the batch's own transaction, or taken from the units, users, subjects and policies read at start.
 */
async function mayBypassRowTriggers(db: Db): Promise<boolean> {
  const r = await sql<{ superuser: boolean }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  return r.rows[0]?.superuser === true;
}

/** The units, users, subjects and policies a batch names: what the set-wise foreign-key check looks up. */
function referencedIds(batch: HistoryBatch): { units: number[]; users: number[]; subjects: number[]; policies: number[] } {
  const units = new Set<number>();
  const users = new Set<number>();
  const subjects = new Set<number>();
  const policies = new Set<number>();
  const add = (set: Set<number>, v: number | null) => { if (v !== null) set.add(v); };
  for (const t of batch.tickets) {
    for (const u of [t.district_id, t.street_id, t.community_id, t.grid_id, t.source_unit_id]) add(units, u);
    add(users, t.created_by);
    add(subjects, t.subject_id);
    add(policies, t.sla_policy_id);
  }
  for (const a of batch.assignments) {
    add(units, a.unit_id);
    for (const u of [a.dispatched_by, a.signed_by, a.replied_by]) add(users, u);
  }
  for (const e of batch.events) { add(units, e.actor_unit_id); add(users, e.actor_id); }
  for (const o of batch.orders) { add(units, o.unit_id); for (const u of [o.opened_by, o.answered_by, o.closed_by]) add(users, u); }
  return { units: [...units], users: [...users], subjects: [...subjects], policies: [...policies] };
}

async function writeBatch(db: Db, vault: Vault, platformId: number, batch: HistoryBatch, docs: SearchDocs, counts: LoadCounts, bypass: boolean): Promise<void> {
  // Sealed before the transaction: AES-GCM and HMAC are CPU work that should not hold locks.
  const sealed = batch.citizens.map((c) => ({ ...c, phone_enc: vault.encrypt(c.phone), phone_hash: vault.hash(c.phone) }));
  const perDay = new Map<string, number>();
  for (const t of batch.tickets) perDay.set(t.day, (perDay.get(t.day) ?? 0) + 1);
  const days = [...perDay.keys()];
  const refs = bypass ? referencedIds(batch) : null;
  await db.transaction().execute(async (tx) => {
    // One round trip takes everything the rows need from the database: ids from the tables'
    // sequences, each day's block of ticket numbers (as intake takes one), the citizens' ids by the
    // keyed hash of their phone (a number already known keeps its row, like upsertCitizen), and,
    // when row triggers are skipped, the check that every unit, user, subject and policy named
    // still exists. Demo data: no waiting for each commit's fsync (synchronous_commit off).
    const taken = await sql<{ r: Reserved }>`
      with settings as (
        -- A large GIN pending list (search tokens, H-SEARCH): merged into the index in big runs, not every 4 MB.
        select set_config('synchronous_commit', 'off', true) || set_config('gin_pending_list_limit', '65536', true) as s1,
          ${bypass ? sql`set_config('session_replication_role', 'replica', true)` : sql`''`} as s2
      ), counters as (
        insert into ticket_counters (platform_id, day, last)
        select ${platformId}, d, c from unnest(${days}::date[], ${days.map((d) => perDay.get(d)!)}::int[]) as x(d, c)
        on conflict (platform_id, day) do update set last = ticket_counters.last + excluded.last
        returning day, last
      ), people as (
        insert into citizens (platform_id, name, phone_enc, phone_hash, phone_mask, company, created_at, updated_at)
        select ${platformId}, * from unnest(${sealed.map((c) => c.name)}::text[], ${sealed.map((c) => c.phone_enc)}::text[],
          ${sealed.map((c) => c.phone_hash)}::text[], ${sealed.map((c) => c.phone_mask)}::text[], ${sealed.map((c) => c.company)}::text[],
          ${sealed.map((c) => c.created_at.toISOString())}::timestamptz[], ${sealed.map((c) => c.updated_at.toISOString())}::timestamptz[])
        on conflict (platform_id, phone_hash) where phone_hash is not null do update set
          name = coalesce(excluded.name, citizens.name), company = coalesce(excluded.company, citizens.company),
          updated_at = greatest(citizens.updated_at, excluded.updated_at)
        returning id, phone_hash
      )
      select json_build_object(
        'settings', (select s1 || s2 from settings),
        'tickets', (select coalesce(array_agg(nextval(pg_get_serial_sequence('tickets', 'id')) order by g), '{}') from generate_series(1, ${batch.tickets.length}) g),
        'assignments', (select coalesce(array_agg(nextval(pg_get_serial_sequence('assignments', 'id')) order by g), '{}') from generate_series(1, ${batch.assignments.length}) g),
        'orders', (select coalesce(array_agg(nextval(pg_get_serial_sequence('supervision_orders', 'id')) order by g), '{}') from generate_series(1, ${batch.orders.length}) g),
        'counters', (select coalesce(json_agg(json_build_array(day::text, last)), '[]') from counters),
        'citizens', (select coalesce(json_agg(json_build_array(phone_hash, id)), '[]') from people),
        'found', json_build_array(
          (select count(*) from units where id = any(${refs?.units ?? []}::bigint[])),
          (select count(*) from users where id = any(${refs?.users ?? []}::bigint[])),
          (select count(*) from subjects where id = any(${refs?.subjects ?? []}::bigint[])),
          (select count(*) from sla_policies where id = any(${refs?.policies ?? []}::bigint[])))
      ) as r`.execute(tx);
    const r = taken.rows[0]!.r;
    if (refs) {
      const expected = [refs.units.length, refs.users.length, refs.subjects.length, refs.policies.length];
      if (expected.some((n, i) => Number(r.found[i]) !== n)) {
        throw new Error('demo history: a unit, user, subject or policy the plan names no longer exists; run it again');
      }
    }
    const byLocal = (rows: readonly { local: number }[], reserved: readonly (number | string)[]) => {
      const m = new Map<number, number>();
      rows.forEach((row, i) => m.set(row.local, Number(reserved[i])));
      return m;
    };
    const nextOfDay = new Map(r.counters.map(([day, last]) => [day, Number(last) - perDay.get(day)!]));
    const numbers = new Map<number, string>();
    for (const t of batch.tickets) {
      const seq = nextOfDay.get(t.day)! + 1;
      nextOfDay.set(t.day, seq);
      numbers.set(t.local, t.day.replaceAll('-', '') + String(seq).padStart(4, '0'));
    }
    const byHash = new Map(r.citizens.map(([hash, id]) => [hash, Number(id)]));
    const need = <K, V>(m: Map<K, V>, what: string) => (k: K): V => {
      const v = m.get(k);
      if (v === undefined) throw new Error(`demo history: ${what} ${String(k)} is not in its batch`);
      return v;
    };
    const ids: Ids = {
      ticket: need(byLocal(batch.tickets, r.tickets), 'ticket'), assignment: need(byLocal(batch.assignments, r.assignments), 'assignment'),
      order: need(byLocal(batch.orders, r.orders), 'supervision order'), number: need(numbers, 'ticket number'),
      citizen: need(new Map(sealed.map((c) => [c.local, byHash.get(c.phone_hash)!])), 'citizen'),
    };
    // All four tables in one statement (data-modifying CTEs); events per ticket in time order (the
    // plan keeps each trail sorted), so their ids follow time. Foreign keys, when checked, are
    // checked at the end of the statement, so the order of the CTEs does not matter.
    const params: unknown[] = [];
    const parts = [
      ['t', unnestInsert('tickets', ticketColumns(ids, docs), batch.tickets, params)],
      ['a', batch.assignments.length ? unnestInsert('assignments', assignmentColumns(ids), batch.assignments, params) : null],
      ['o', batch.orders.length ? unnestInsert('supervision_orders', orderColumns(ids), batch.orders, params) : null],
    ].filter((p): p is [string, string] => p[1] !== null);
    if (batch.calls.length) parts.push(['c', unnestInsert('call_records', callColumns(ids), batch.calls, params, { platform_id: platformId })]);
    const events = unnestInsert('ticket_events', eventColumns(ids), batch.events, params, { platform_id: platformId });
    const text = `with ${parts.map(([name, q]) => `${name} as (${q})`).join(', ')} ${events}`;
    await tx.executeQuery(CompiledQuery.raw(text, params));
    for (const id of r.tickets.map(Number)) {
      counts.firstTicketId = Math.min(counts.firstTicketId ?? id, id);
      counts.lastTicketId = Math.max(counts.lastTicketId ?? id, id);
    }
  });
  counts.tickets += batch.tickets.length;
  counts.assignments += batch.assignments.length;
  counts.events += batch.events.length;
  counts.orders += batch.orders.length;
  counts.citizens += batch.citizens.length;
  counts.calls += batch.calls.length;
}

interface Reserved {
  tickets: (number | string)[];
  assignments: (number | string)[];
  orders: (number | string)[];
  counters: [string, number][];
  citizens: [string, number | string][];
  found: (number | string)[];
}

export async function analyzeTicketTables(db: Db): Promise<void> {
  for (const table of ['citizens', 'tickets', 'assignments', 'ticket_events', 'supervision_orders', 'ticket_counters', 'call_records']) {
    await sql`analyze ${sql.table(table)}`.execute(db);
  }
  // The search index's pending list, merged now rather than scanned by every search until autovacuum.
  await sql`select gin_clean_pending_list('tickets_search_tokens_idx'::regclass)`.execute(db);
}
