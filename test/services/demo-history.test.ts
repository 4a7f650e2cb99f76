// The demo history (seed-demo --tickets): every planned life replays through the state machine and
// the SLA functions; the bulk loader writes what the plan holds; the use cases, fed the plan's
// steps, write the very same rows; and no plaintext phone number reaches the database.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { pausesFrom } from '../../src/domain/sla/policy.js';
import {
  isAllowedFrom, nextState, visitCloses, type Outcome, type Satisfaction, type TicketAction, type TicketState,
} from '../../src/domain/tickets/machine.js';
import { DEFAULT_PLATFORM_ID } from '../../src/domain/platform.js';
import type { Ref, SimAssignment, SimEvent, SimTicket } from '../../src/services/demo/history-engine.js';
import { eventJson, loadHistory, loadWorld } from '../../src/services/demo/history-load.js';
import { planHistory, type HistoryBatch } from '../../src/services/demo/history-plan.js';
import { runSteps } from '../../src/services/demo/history-services.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import type { HistoryWorld } from '../../src/services/demo/history-world.js';
import { assignmentDeadlineColumns } from '../../src/services/tickets/deadlines.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { readFileSync } from 'node:fs';
import { scrubPhones, textSourceFromCsv } from '../../src/services/demo/texts.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sharedPath } from '../support/shared.js';
import { testVault } from '../support/template.js';

// A Friday evening in Shanghai, after the template's seed time: the history runs up to here.
const NOW = new Date('2026-11-20T10:00:00Z');
const MOBILE = /1[3-9]\d{9}/;

let t: TestDatabase;
let world: HistoryWorld;

beforeAll(async () => {
  t = await testDatabase();
  world = await loadWorld(t.db, DEFAULT_PLATFORM_ID);
});

const plan = (count: number, seed: number, keepSteps = false): HistoryBatch[] =>
  [...planHistory(world, { count, seed, now: NOW, batchSize: 1_000, keepSteps })];

// Which action an event records, for the events that do not move the ticket.
const ACTION_OF: Record<string, TicketAction> = {
  dispatched: 'dispatch', signed: 'sign', replied: 'reply', return_requested: 'request-return', return_decided: 'decide-return',
  extension_requested: 'request-extension', extension_decided: 'decide-extension', suspend_requested: 'suspend', suspend_decided: 'suspend',
  suspended: 'suspend', resumed: 'resume', reviewed: 'review', visited: 'visit', reopened: 'reopen', closed: 'close', answered: 'answer',
  invalidated: 'invalidate', merged: 'merge', urged: 'urge', redispatched: 'redispatch', supervision_opened: 'supervise',
  supervision_answered: 'supervise', supervision_closed: 'supervise',
};

/** Replays one ticket's trail through nextState; returns the problems found. */
function replay(ticket: SimTicket, events: SimEvent[], assignments: Map<number, SimAssignment>): string[] {
  const problems: string[] = [];
  let state: TicketState | null = null;
  let beforeSuspend: TicketState | null = null;
  let last = 0;
  for (const e of events) {
    if (e.at.getTime() < last) problems.push(`${e.type} out of time order`);
    last = e.at.getTime();
    if (e.type === 'accepted') {
      if (state !== null || e.to_state !== 'dispatching') problems.push('accepted is not the first event');
      state = e.to_state;
      continue;
    }
    // A duplicate's note on its master, and the deadline sweep's lights and urges: no action of the machine.
    if (e.type === 'merged_from' || (e.data as { system?: string }).system === 'sla-sweep') continue;
    if (state === null) { problems.push(`${e.type} before acceptance`); continue; }
    const action = ACTION_OF[e.type];
    if (!action) { problems.push(`unknown event ${e.type}`); continue; }
    if (!isAllowedFrom(state, action)) problems.push(`${e.type}: ${action} not allowed from ${state}`);
    if (e.to_state === null) continue;
    if (e.from_state !== state) problems.push(`${e.type}: from ${e.from_state}, but the ticket was ${state}`);
    const a = e.assignment === null ? undefined : assignments.get(e.assignment);
    const unit = { primary: a?.role === 'primary', topLevel: a?.parent === null };
    const data = e.data as { approve?: boolean; contacted?: boolean; resolved?: boolean | null; satisfaction?: Satisfaction | null };
    let outcome: Outcome | undefined;
    switch (action) {
      case 'sign': outcome = { action, ...unit }; break;
      case 'reply': outcome = { action, ...unit }; break;
      case 'decide-return': outcome = { action, approve: data.approve === true, ...unit }; break;
      case 'review': outcome = { action, approve: data.approve === true }; break;
      case 'visit': outcome = { action, closes: visitCloses({ contacted: data.contacted === true, resolved: data.resolved ?? undefined, satisfaction: data.satisfaction ?? undefined }) }; break;
      case 'suspend': outcome = { action, approved: true }; beforeSuspend = state; break;
      case 'resume': outcome = { action, from: beforeSuspend ?? 'handling' }; break;
      default: outcome = undefined;
    }
    const expected = nextState(state, action, outcome);
    if (expected !== e.to_state) problems.push(`${e.type}: ${state} → ${e.to_state}, the machine says ${expected}`);
    state = e.to_state;
  }
  if (state !== ticket.state) problems.push(`trail ends in ${state}, the ticket is ${ticket.state}`);
  return problems;
}

describe('the planned history', () => {
  let batches: HistoryBatch[];
  /** The same checks on a history whose rare paths are common (returns, suspensions, supervision …). */
  let varied: HistoryBatch[];
  beforeAll(() => {
    batches = plan(2_000, 7);
    varied = [...planHistory(world, { count: 1_000, seed: 13, now: NOW, from: new Date(NOW.getTime() - 120 * 86_400_000), variety: 8 })];
  });

  it('is the same for the same seed, and different for another', () => {
    const again = plan(200, 7);
    const first = plan(200, 7);
    const other = plan(200, 8);
    const key = (b: HistoryBatch[]) => JSON.stringify(b.flatMap((x) => x.events.map((e) => [e.ticket, e.type, e.at.getTime(), e.to_state])));
    expect(key(again)).toBe(key(first));
    expect(key(other)).not.toBe(key(first));
  });

  it('replays through the state machine: every transition is legal and each trail ends in the ticket\'s state', () => {
    const tickets = batches.flatMap((b) => b.tickets);
    expect(tickets).toHaveLength(2_000);
    for (const history of [batches, varied]) {
      const assignments = new Map(history.flatMap((b) => b.assignments).map((a) => [a.local, a]));
      const byTicket = new Map<number, SimEvent[]>();
      for (const e of history.flatMap((b) => b.events)) {
        const list = byTicket.get(e.ticket) ?? [];
        list.push(e);
        byTicket.set(e.ticket, list);
      }
      const problems = history.flatMap((b) => b.tickets).flatMap((tk) => replay(tk, byTicket.get(tk.local) ?? [], assignments).map((p) => `ticket ${tk.local}: ${p}`));
      expect(problems.slice(0, 20)).toEqual([]);
    }
    // Lives cut at `now` leave tickets open in the working states; most are long closed.
    const states = new Set(tickets.map((x) => x.state));
    for (const s of ['closed', 'handling', 'invalid']) expect(states).toContain(s);
    expect(tickets.every((x) => x.accepted_at <= NOW && x.updated_at <= NOW)).toBe(true);
  });

  it('has deadlines the SLA functions compute, and on-time flags that agree with them', () => {
    checkDeadlines(varied);
    checkDeadlines(batches);
  });

  function checkDeadlines(batches: HistoryBatch[]): void {
    const events = batches.flatMap((b) => b.events);
    const byTicket = new Map<number, SimEvent[]>();
    for (const e of events) byTicket.set(e.ticket, [...(byTicket.get(e.ticket) ?? []), e]);
    const all = batches.flatMap((b) => b.assignments);
    const byLocal = new Map(all.map((a) => [a.local, a]));
    let checked = 0;
    for (const a of all) {
      const trail = byTicket.get(a.ticket)!;
      // Deadlines are recomputed, with the pauses so far, when a resume moves them (the event lists
      // the assignments it moved) and when an extension is granted.
      const recomputed = trail.filter((e) => (e.type === 'resumed' && (e.data.deadlines as { assignmentId: Ref }[]).some((d) => d.assignmentId.local === a.local))
        || (e.type === 'extension_decided' && e.assignment === a.local && (e.data as { approve: boolean }).approve)).map((e) => e.at);
      const until = recomputed.length ? recomputed[recomputed.length - 1]! : a.dispatched_at;
      const pauses = pausesFrom(trail.filter((e) => e.at <= until), until);
      let parent = a.parent === null ? null : byLocal.get(a.parent)!;
      if (parent && trail.some((e) => e.type === 'extension_decided' && e.assignment === parent!.local && (e.data as { approve: boolean }).approve)) parent = null;
      if (a.parent !== null && parent === null) continue;
      const expected = assignmentDeadlineColumns(world.calendar, a, 0.75, pauses, parent);
      expect({ sign: a.sign_deadline, reply: a.reply_deadline, ret: a.return_deadline, signWarn: a.sign_warn_at, replyWarn: a.reply_warn_at }, `assignment ${a.local}`)
        .toEqual({ sign: expected.sign_deadline, reply: expected.reply_deadline, ret: expected.return_deadline, signWarn: expected.sign_warn_at, replyWarn: expected.reply_warn_at });
      if (a.replied_at) expect(a.on_time, `assignment ${a.local} on time`).toBe(a.replied_at <= a.reply_deadline);
      if (a.signed_at) expect(a.signed_on_time, `assignment ${a.local} signed on time`).toBe(a.signed_at <= a.sign_deadline);
      checked++;
    }
    expect(checked).toBeGreaterThan(batches.reduce((s, b) => s + b.tickets.length, 0));
    // The replied events say the same as the rows.
    for (const e of events.filter((x) => x.type === 'replied')) {
      const a = byLocal.get(e.assignment!)!;
      expect((e.data as { onTime: boolean }).onTime).toBe(e.at <= (e.data as { replyDeadline: Date }).replyDeadline);
      if (a.replied_at?.getTime() === e.at.getTime()) expect((e.data as { onTime: boolean }).onTime).toBe(a.on_time);
    }
  }

  it('follows the seeds: channels, satisfaction, on-time replies, growth year on year', () => {
    const tickets = batches.flatMap((b) => b.tickets);
    const share = (p: (x: SimTicket) => boolean, of = tickets) => of.filter(p).length / of.length;
    expect(share((x) => x.channel === 'phone')).toBeGreaterThan(0.47);
    expect(share((x) => x.channel === 'phone')).toBeLessThan(0.59);
    expect(share((x) => x.channel === 'grid')).toBeGreaterThan(0.4);
    expect(share((x) => x.channel === 'grid')).toBeLessThan(0.52);
    const rated = tickets.filter((x) => x.satisfaction !== null);
    expect(share((x) => x.satisfaction === 'satisfied', rated)).toBeGreaterThan(0.75);
    expect(share((x) => x.satisfaction === 'unsatisfied', rated)).toBeLessThan(0.1);
    const replied = batches.flatMap((b) => b.assignments).filter((a) => a.on_time !== null && a.role === 'primary' && a.parent === null);
    const onTime = replied.filter((a) => a.on_time).length / replied.length;
    expect(onTime).toBeGreaterThan(0.85);
    expect(onTime).toBeLessThan(0.99);
    const year = 365.25 * 86_400_000;
    const lastYear = tickets.filter((x) => NOW.getTime() - x.accepted_at.getTime() < year).length;
    const yearBefore = tickets.length - lastYear;
    expect(lastYear).toBeGreaterThan(yearBefore);
    const events = new Set(batches.flatMap((b) => b.events.map((e) => e.type)));
    for (const type of ['dispatched', 'signed', 'replied', 'reviewed', 'visited', 'closed', 'return_decided', 'extension_decided', 'reopened', 'supervision_opened', 'urged', 'redispatched', 'answered']) {
      expect(events, type).toContain(type);
    }
  });
});

describe('texts from a CSV of real messages', () => {
  it('match rows to subjects by their label, read a BOM, and mask any mobile number', () => {
    const source = textSourceFromCsv(readFileSync(sharedPath('data/teddy2020/messages_labeled_sample.csv'), 'utf8'), { columns: ['留言主题', '留言详情'] });
    expect(source.rows.length).toBeGreaterThan(400);
    expect([...source.byLabel.keys()]).toContain('城乡建设');
    // One message appears in the file twice, under two labels: a content stands for all its labels.
    const byContent = new Map<string, Set<string | null>>();
    for (const r of source.rows) byContent.set(r.content, (byContent.get(r.content) ?? new Set()).add(r.label));
    const history = [...planHistory(world, { count: 400, seed: 4, now: NOW, texts: source })];
    const names = new Map(world.subjects.map((x) => [x.id, x.name]));
    const parents = new Map(world.subjects.map((x) => [x.id, x.parentId]));
    const path = (id: number | null): string[] => (id === null ? [] : [...path(parents.get(id) ?? null), names.get(id)!]);
    let labelled = 0;
    for (const tk of history.flatMap((b) => b.tickets)) {
      const labels = byContent.get(tk.content);
      expect(labels, `ticket ${tk.local}'s text comes from the file`).toBeDefined();
      const onPath = path(tk.subject_id).filter((n) => source.byLabel.has(n));
      if (onPath.length) {
        expect(onPath.some((n) => labels!.has(n)), `ticket ${tk.local}: ${onPath} vs ${[...labels!]}`).toBe(true);
        labelled++;
      }
    }
    expect(labelled).toBeGreaterThan(50);
    const bom = textSourceFromCsv('\ufeff留言主题,留言详情,一级标签\n路灯不亮,请联系13812345678处理,城乡建设\n', { columns: ['留言主题', '留言详情'] });
    expect(bom.rows).toEqual([{ title: '路灯不亮', content: '请联系138****5678处理', label: '城乡建设' }]);
    expect(scrubPhones('电话13812345678，座机0571-88888888')).toBe('电话138****5678，座机0571-88888888');
    expect(() => textSourceFromCsv('a,b\n1,2\n', { columns: ['留言主题', '留言详情'] })).toThrow(/留言主题/);
  });
});

describe('writing the history', () => {
  it('the bulk loader writes every planned row, numbered per day', async () => {
    const batches = plan(500, 11);
    const before = await counts(t);
    const result = await loadHistory(t.db, testVault, DEFAULT_PLATFORM_ID, batches);
    const after = await counts(t);
    const sum = (f: (b: HistoryBatch) => number) => batches.reduce((s, b) => s + f(b), 0);
    expect(after.tickets - before.tickets).toBe(500);
    expect(after.assignments - before.assignments).toBe(sum((b) => b.assignments.length));
    expect(after.events - before.events).toBe(sum((b) => b.events.length));
    expect(after.orders - before.orders).toBe(sum((b) => b.orders.length));
    expect(after.citizens - before.citizens).toBe(new Set(batches.flatMap((b) => b.citizens.map((c) => c.phone))).size);
    expect(result.tickets).toBe(500);
    const numbers = await sql<{ n: string; day: string }>`select number as n, to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYYMMDD') as day from tickets`.execute(t.db);
    expect(numbers.rows.every((r) => r.n.startsWith(r.day))).toBe(true);
    // The load may skip row-by-row foreign-key triggers (as a superuser); every reference holds all the same.
    const fks = await sql<{ tbl: string; col: string; ref: string; refcol: string }>`
      select c.conrelid::regclass::text as tbl, a.attname as col, c.confrelid::regclass::text as ref, r.attname as refcol
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute r on r.attrelid = c.confrelid and r.attnum = c.confkey[1]
      where c.contype = 'f' and c.conrelid::regclass::text in ('tickets', 'assignments', 'ticket_events', 'citizens', 'supervision_orders')`.execute(t.db);
    expect(fks.rows.length).toBeGreaterThan(20);
    for (const fk of fks.rows) {
      const bad = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(fk.tbl)} x
        where x.${sql.ref(fk.col)} is not null and not exists (select 1 from ${sql.table(fk.ref)} y where y.${sql.ref(fk.refcol)} = x.${sql.ref(fk.col)})`.execute(t.db);
      expect(bad.rows[0]!.n, `${fk.tbl}.${fk.col} → ${fk.ref}`).toBe(0);
    }
    const counter = await sql<{ bad: number }>`select count(*)::int as bad from ticket_counters c
      where c.last < (select count(*) from tickets t where to_char(t.accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') = c.day::text)`.execute(t.db);
    expect(counter.rows[0]!.bad).toBe(0);
  });

  it('the use cases, fed the plan\'s steps, write the very rows the plan holds', async () => {
    const fresh = await testDatabase();
    const w = await loadWorld(fresh.db, DEFAULT_PLATFORM_ID);
    // 60 tickets in six weeks, rare paths made common: every use case and many open states.
    const batches = [...planHistory(w, { count: 60, seed: 13, now: NOW, from: new Date(NOW.getTime() - 45 * 86_400_000), variety: 8, keepSteps: true })];
    const types = new Set(batches.flatMap((b) => b.events.map((e) => e.type)));
    for (const type of ['dispatched', 'signed', 'replied', 'reviewed', 'visited', 'closed', 'return_requested', 'return_decided', 'extension_requested',
      'extension_decided', 'suspend_requested', 'suspended', 'resumed', 'reopened', 'supervision_opened', 'supervision_answered', 'supervision_closed',
      'urged', 'redispatched', 'answered', 'invalidated', 'merged', 'merged_from', 'deadline_warned', 'deadline_overdue']) expect(types, type).toContain(type);
    const ids = await runSteps({ db: fresh.db, vault: testVault }, w, batches.flatMap((b) => b.steps), sweepDeadlines);
    const refs = {
      ticket: (l: number) => ids.tickets.get(l)!, assignment: (l: number) => ids.assignments.get(l)!, order: (l: number) => ids.orders.get(l)!,
      number: (l: number) => ids.numbers.get(l)!,
    };
    const tickets = batches.flatMap((b) => b.tickets);
    expect(ids.tickets.size).toBe(60);
    const rows = new Map((await fresh.db.selectFrom('tickets').selectAll().execute()).map((r) => [r.id, r]));
    for (const tk of tickets) {
      const row = rows.get(refs.ticket(tk.local))!;
      const { local: _l, day, citizen: _c, mergedInto, repeat_checked_at: _planChecked, ...columns } = tk;
      // Not part of the plan: search_tokens, which the loader and intake derive from the text alike, and
      // repeat_checked_at, set by intake's own repeat check and left null by the loader for the repeat-check job.
      const { id: _id, citizen_id: _cid, number, merged_into_id: mergedId, search_tokens: _tokens, repeat_checked_at: _checked, ...actual } = row as typeof row & { search_tokens?: unknown };
      expect(actual, `ticket ${tk.local}`).toEqual(columns);
      expect(number.startsWith(day.replaceAll('-', ''))).toBe(true);
      expect(mergedId).toBe(mergedInto === null ? null : refs.ticket(mergedInto));
    }
    const assignments = new Map((await fresh.db.selectFrom('assignments').selectAll().execute()).map((r) => [r.id, r]));
    for (const a of batches.flatMap((b) => b.assignments)) {
      const row = assignments.get(refs.assignment(a.local))!;
      const { local: _l, ticket, parent, ...columns } = a;
      // The reply's quality scores (issue 5 §6) are the reply use case's own reading of the text; the plan
      // leaves them null (docs/reply-quality.md: bulk-loaded history is not scored).
      const { id: _id, ticket_id: ticketId, parent_assignment_id: parentId, reply_relevance: _r, reply_completeness: _c, reply_explanation: _e, reply_flags: _f, ...actual } = row;
      const { reply_relevance: _pr, reply_completeness: _pc, reply_explanation: _pe, reply_flags: _pf, ...plannedColumns } = columns;
      expect(actual, `assignment ${a.local}`).toEqual(plannedColumns);
      expect(ticketId).toBe(refs.ticket(ticket));
      expect(parentId).toBe(parent === null ? null : refs.assignment(parent));
    }
    // Each ticket's trail, in id order, event for event.
    const events = await fresh.db.selectFrom('ticket_events').selectAll().orderBy('id').execute();
    const planned = batches.flatMap((b) => b.events);
    expect(events).toHaveLength(planned.length);
    const trail = <T extends { ticket_id: number }>(rows: T[], id: number) => rows.filter((e) => e.ticket_id === id);
    for (const tk of tickets) {
      const withoutQuality = (data: unknown) => {
        if (!data || typeof data !== 'object' || !('quality' in data)) return data;
        const { quality: _q, ...rest } = data as Record<string, unknown>;
        return rest;
      };
      const actual = trail(events, refs.ticket(tk.local)).map((e) => ({
        at: e.at, type: e.type, assignment: e.assignment_id, actor: e.actor_id, unit: e.actor_unit_id, from: e.from_state, to: e.to_state, data: withoutQuality(e.data),
      }));
      const expected = planned.filter((e) => e.ticket === tk.local).map((e) => ({
        at: e.at, type: e.type, assignment: e.assignment === null ? null : refs.assignment(e.assignment), actor: e.actor_id, unit: e.actor_unit_id,
        from: e.from_state, to: e.to_state, data: JSON.parse(eventJson(e, refs)),
      }));
      expect(actual, `events of ticket ${tk.local}`).toEqual(expected);
    }
    const orders = await fresh.db.selectFrom('supervision_orders').selectAll().execute();
    expect(orders).toHaveLength(batches.reduce((s, b) => s + b.orders.length, 0));
    for (const o of batches.flatMap((b) => b.orders)) {
      const row = orders.find((r) => r.id === refs.order(o.local))!;
      const { local: _l, ticket, ...columns } = o;
      const { id: _id, ticket_id: ticketId, ...actual } = row;
      expect(actual).toEqual(columns);
      expect(ticketId).toBe(refs.ticket(ticket));
    }
  });

  it('seedHistory takes the services path for a small history, and every state is a legal one', async () => {
    const fresh = await testDatabase();
    const r = await seedHistory(fresh.db, testVault, { count: 30, seed: 3, now: NOW, sweep: sweepDeadlines });
    expect(r.via).toBe('services');
    const states = await fresh.db.selectFrom('tickets').select('state').execute();
    expect(states).toHaveLength(30);
    const legal = ['accepted', 'answered', 'dispatching', 'assigned', 'handling', 'replied', 'visiting', 'closed', 'archived', 'suspended', 'merged', 'invalid'];
    expect(states.every((s) => legal.includes(s.state))).toBe(true);
    await expectNoPlaintextPhone(fresh);
  });

  it('no plaintext phone number anywhere: citizens hold only the sealed number, its hash and its mask', async () => {
    await expectNoPlaintextPhone(t);
    const citizens = await t.db.selectFrom('citizens').select(['phone_enc', 'phone_hash', 'phone_mask']).execute();
    expect(citizens.length).toBeGreaterThan(100);
    for (const c of citizens) {
      expect(c.phone_mask).toMatch(/^1[3-9]\d\*{4}\d{4}$/);
      expect(testVault.decrypt(c.phone_enc!)).toMatch(/^1[3-9]\d{9}$/);
      expect(testVault.hash(testVault.decrypt(c.phone_enc!))).toBe(c.phone_hash);
    }
  });
});

async function counts(db: TestDatabase) {
  const n = async (table: 'tickets' | 'assignments' | 'ticket_events' | 'supervision_orders' | 'citizens') =>
    Number((await db.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { tickets: await n('tickets'), assignments: await n('assignments'), events: await n('ticket_events'), orders: await n('supervision_orders'), citizens: await n('citizens') };
}

/** Every text of citizens, tickets, assignments and events, as PostgreSQL renders the rows. */
async function expectNoPlaintextPhone(db: TestDatabase): Promise<void> {
  for (const table of ['citizens', 'tickets', 'assignments', 'ticket_events', 'supervision_orders']) {
    const rows = await sql<{ row: string }>`select x::text as row from ${sql.table(table)} x`.execute(db.db);
    const hit = rows.rows.find((r) => MOBILE.test(r.row));
    expect(hit?.row.match(MOBILE)?.[0], `${table} holds a mobile number`).toBeUndefined();
  }
}
