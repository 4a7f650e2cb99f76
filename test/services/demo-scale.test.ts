// The demo history at city scale (issue 6): search words cut in worker threads are the words the
// main thread cuts, a deferred load leaves them to the backfill, which writes the same; the call
// records beside the phone tickets have hotline-like 接通率 and 15秒接通率; --from spreads the
// tickets over the chosen span and the figures' rollups are rebuilt after the load.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM_ID } from '../../src/domain/platform.js';
import { abandonShare, hourLoad, within15Share } from '../../src/services/demo/call-plan.js';
import { defaultTokenWorkers, loadHistory, loadWorld, type SearchWords } from '../../src/services/demo/history-load.js';
import { planHistory, type HistoryBatch } from '../../src/services/demo/history-plan.js';
import { demoHistoryStart, seedHistory } from '../../src/services/demo/history-seed.js';
import type { HistoryWorld } from '../../src/services/demo/history-world.js';
import { reindexTickets } from '../../src/services/tickets/search-tokens.js';
import { computeStats } from '../../src/services/stats/stats.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testVault } from '../support/template.js';

const NOW = new Date('2026-11-20T10:00:00Z');

let t: TestDatabase;
let world: HistoryWorld;

beforeAll(async () => {
  t = await testDatabase();
  world = await loadWorld(t.db, DEFAULT_PLATFORM_ID);
});

const plan = (count: number, seed: number): HistoryBatch[] => [...planHistory(world, { count, seed, now: NOW, batchSize: 100 })];

/** The loaded tickets' search_tokens as text, in plan order (ids follow the plan within a load). */
async function tokensOf(first: number | null, last: number | null): Promise<(string | null)[]> {
  const rows = await sql<{ v: string | null }>`select search_tokens::text as v from tickets where id between ${first} and ${last} order by id`.execute(t.db);
  return rows.rows.map((r) => r.v);
}

describe('search words of a bulk load', () => {
  it('worker threads cut the words the main thread cuts; deferred, the backfill writes the same', async () => {
    const batches = plan(240, 5);
    const load = (search: SearchWords) => loadHistory(t.db, testVault, DEFAULT_PLATFORM_ID, batches, { search, workers: 2, writeSize: 100 });
    const inline = await load('inline');
    const workers = await load('workers');
    const deferred = await load('defer');
    expect([inline.search, workers.search, deferred.search]).toEqual(['inline', 'workers', 'defer']);
    const expected = await tokensOf(inline.firstTicketId, inline.lastTicketId);
    expect(expected).toHaveLength(240);
    expect(expected.every((v) => v !== null && v.length > 0)).toBe(true);
    expect(await tokensOf(workers.firstTicketId, workers.lastTicketId)).toEqual(expected);
    expect(workers.cutMs).toBeGreaterThan(0);
    const before = await tokensOf(deferred.firstTicketId, deferred.lastTicketId);
    expect(before.every((v) => v === null)).toBe(true);
    const filled = await reindexTickets(t.db, DEFAULT_PLATFORM_ID);
    expect(filled.written).toBe(240);
    expect(await tokensOf(deferred.firstTicketId, deferred.lastTicketId)).toEqual(expected);
  });

  it('one worker on two cores, more on bigger machines, never more than four', () => {
    expect([1, 2, 3, 4, 8, 64].map(defaultTokenWorkers)).toEqual([1, 1, 1, 2, 4, 4]);
  });
});

describe('call records', () => {
  it('every phone ticket has its answered call, abandoned calls beside; rates like a hotline\'s, lower at the peak', async () => {
    const batches = plan(3_000, 21);
    const planned = batches.flatMap((b) => b.calls);
    const r = await loadHistory(t.db, testVault, DEFAULT_PLATFORM_ID, batches, { search: 'defer' });
    expect(r.calls).toBe(planned.length);
    const rows = await sql<{ call_id: string; offered_at: Date; answered_at: Date | null; wait_seconds: number; talk_seconds: number; ticket_id: string | null; channel: string | null; accepted_at: Date | null }>`
      select c.call_id, c.offered_at, c.answered_at, c.wait_seconds, c.talk_seconds, c.ticket_id, t.channel, t.accepted_at
      from call_records c left join tickets t on t.id = c.ticket_id
      where c.offered_at >= (select min(accepted_at) - interval '1 hour' from tickets where id between ${r.firstTicketId} and ${r.lastTicketId})
        and (c.ticket_id is null or c.ticket_id between ${r.firstTicketId} and ${r.lastTicketId})`.execute(t.db);
    const answered = rows.rows.filter((c) => c.answered_at !== null);
    const phoneTickets = await sql<{ n: number }>`select count(*)::int as n from tickets where id between ${r.firstTicketId} and ${r.lastTicketId} and channel = 'phone'`.execute(t.db);
    expect(answered).toHaveLength(phoneTickets.rows[0]!.n);
    expect(answered.every((c) => c.channel === 'phone' && c.answered_at!.getTime() <= c.accepted_at!.getTime()
      && c.answered_at!.getTime() - c.offered_at.getTime() === c.wait_seconds * 1000 && c.talk_seconds >= 30)).toBe(true);
    const abandoned = rows.rows.filter((c) => c.answered_at === null);
    expect(abandoned.length).toBeGreaterThan(0);
    expect(abandoned.every((c) => c.ticket_id === null && c.talk_seconds === 0 && c.wait_seconds > 0)).toBe(true);
    expect(new Set(rows.rows.map((c) => c.call_id)).size).toBe(rows.rows.length);

    // 接通率 = answered ÷ offered, 15秒接通率 = answered within 15 s ÷ answered (docs/figures.md).
    const rates = (calls: typeof planned) => {
      const a = calls.filter((c) => c.answered);
      return { answer: a.length / calls.length, answer15: a.filter((c) => c.wait_seconds <= 15).length / a.length };
    };
    const all = rates(planned);
    expect(all.answer).toBeGreaterThan(0.9);
    expect(all.answer).toBeLessThan(0.97);
    expect(all.answer15).toBeGreaterThan(0.8);
    expect(all.answer15).toBeLessThan(0.9);
    const hour = (d: Date) => (d.getUTCHours() + 8) % 24;
    const peak = rates(planned.filter((c) => [9, 10, 11, 14, 15, 16].includes(hour(c.offered_at))));
    const quiet = rates(planned.filter((c) => [0, 1, 2, 3, 4, 5, 6, 22, 23].includes(hour(c.offered_at))));
    expect(peak.answer).toBeLessThan(quiet.answer);
    expect(peak.answer15).toBeLessThan(quiet.answer15);
    // The hour shape itself: 97% / 90% answered, 90% / 80% within 15 s, from the quietest hour to the busiest.
    const load = hourLoad([0, 5, 10]);
    expect(load).toEqual([0, 0.5, 1]);
    expect([abandonShare(0), abandonShare(1)].map((x) => Math.round(x * 100))).toEqual([3, 10]);
    expect([within15Share(0), within15Share(1)].map((x) => Math.round(x * 100))).toEqual([90, 80]);
  });

  it('the use cases path writes the plan\'s calls too, each answered one on its ticket', async () => {
    const fresh = await testDatabase();
    const r = await seedHistory(fresh.db, testVault, { count: 40, seed: 3, now: NOW, via: 'services', sweep: sweepDeadlines });
    expect(r.via).toBe('services');
    const calls = await fresh.db.selectFrom('call_records').leftJoin('tickets', 'tickets.id', 'call_records.ticket_id')
      .select(['call_records.answered_at', 'call_records.ticket_id', 'tickets.channel']).execute();
    expect(calls).toHaveLength(r.calls);
    const phone = await fresh.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).where('channel', '=', 'phone').executeTakeFirstOrThrow();
    expect(calls.filter((c) => c.answered_at !== null)).toHaveLength(Number(phone.n));
    expect(calls.every((c) => (c.answered_at === null) === (c.ticket_id === null) && (c.ticket_id === null || c.channel === 'phone'))).toBe(true);
  });
});

describe('a history over a chosen span', () => {
  it('--from spreads the tickets from that day to now, and the rollups count them at once', async () => {
    const fresh = await testDatabase();
    const from = demoHistoryStart('2025-01-01');
    const now = demoHistoryStart('2026-01-01');
    const r = await seedHistory(fresh.db, testVault, { count: 600, seed: 9, from, now, via: 'bulk', search: 'inline', sweep: sweepDeadlines });
    expect(r.tickets).toBe(600);
    expect(r.rollupMs).toBeGreaterThanOrEqual(0);
    const span = await sql<{ first: Date; last: Date; months: number }>`select min(accepted_at) as first, max(accepted_at) as last,
      count(distinct date_trunc('month', accepted_at at time zone 'Asia/Shanghai'))::int as months from tickets`.execute(fresh.db);
    expect(span.rows[0]!.first.getTime()).toBeGreaterThanOrEqual(from.getTime());
    expect(span.rows[0]!.last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(span.rows[0]!.months).toBe(12);
    // The figures read the rollups (the default source) and count the loaded tickets at once.
    const rolled = await computeStats(fresh.db, { system: 'test', platformId: DEFAULT_PLATFORM_ID }, { from: '2025-01-01', to: '2025-12-31', figures: ['received'] }, now);
    expect(rolled.source).toBe('rollup');
    const raw = await sql<{ n: number }>`select count(*)::int as n from tickets where state not in ('invalid', 'merged')`.execute(fresh.db);
    expect(raw.rows[0]!.n).toBeGreaterThan(550);
    expect(rolled.total.figures.received?.value).toBe(raw.rows[0]!.n);
    expect(rolled.rollupAt).not.toBeNull();
  });

  it('reads --from as a day of the calendar in Beijing time', () => {
    expect(demoHistoryStart('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    for (const bad of ['2025-02-30', '2025-1-1', '01/01/2025', '']) expect(Number.isNaN(demoHistoryStart(bad).getTime()), bad).toBe(true);
  });
});
