// Ticket intake through the HTTP API (Fastify on a real socket, a signed-in operator, concurrent
// requests) beside the raw multi-row INSERT of the same rows (citizens, tickets, accepted events)
// on the same database: the ratio says what validation, sessions, location look-up, per-ticket
// transactions and HTTP cost, and survives a noisy machine better than either rate alone.
import { sql } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { localDate } from '../src/domain/calendar/index.js';
import { DEFAULT_PLATFORM_ID } from '../src/domain/platform.js';
import { loadWorld } from '../src/services/demo/history-load.js';
import { phoneOf, planHistory, type SimCitizen, type SimTicket } from '../src/services/demo/history-plan.js';
import { maskPhone } from '../src/domain/privacy.js';
import { benchDatabase, DEMO_PASSWORD, perSecond, writeResult } from './support.js';

export interface IntakeBenchOptions {
  n?: number;
  concurrency?: number;
}

const say = (line: string) => console.log(`[bench intake] ${line}`);

interface Row {
  ticket: SimTicket;
  citizen: SimCitizen | null;
}

const bodyOf = ({ ticket: t, citizen }: Row) => ({
  channel: t.channel, type: t.type, urgency: t.urgency, subjectId: t.subject_id, title: t.title, content: t.content,
  citizen: citizen && { name: citizen.name, phone: citizen.phone, confidential: t.confidential },
  location: t.address === null ? null : { address: t.address, lng: t.lng, lat: t.lat },
});

export async function benchIntake(options: IntakeBenchOptions = {}): Promise<void> {
  const n = options.n ?? 2_000;
  const concurrency = options.concurrency ?? 8;
  const warmup = Math.min(200, Math.max(20, Math.round(n / 10)));
  const bench = await benchDatabase(say);
  try {
    const { db, vault } = bench;
    // The same tickets as the demo history makes (channels, subjects, places, callers), as they were
    // when taken in: the plan's rows before their lives went on are what intake writes.
    const world = await loadWorld(db, DEFAULT_PLATFORM_ID);
    const rows: Row[] = [];
    for (const batch of planHistory(world, { count: n + warmup, seed: 42, now: new Date(), batchSize: 1_000 })) {
      const citizens = new Map(batch.citizens.map((c) => [c.local, c]));
      for (const t of batch.tickets) rows.push({ ticket: t, citizen: t.citizen === null ? null : citizens.get(t.citizen)! });
    }

    // (a) Through the API.
    const app = await buildApp({ db, vault, clock: () => new Date(), cookieSecure: false, sessionHours: 12, loginRateLimit: 1000, logLevel: 'warn' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator1', password: DEMO_PASSWORD }),
      });
      if (!login.ok) throw new Error(`log-in failed: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
      const post = async (row: Row): Promise<number> => {
        const started = performance.now();
        const res = await fetch(`${base}/api/tickets`, { method: 'POST', headers, body: JSON.stringify(bodyOf(row)) });
        if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        return performance.now() - started;
      };
      const run = async (list: Row[]): Promise<number[]> => {
        const latencies: number[] = [];
        let next = 0;
        await Promise.all(Array.from({ length: concurrency }, async () => {
          while (next < list.length) latencies.push(await post(list[next++]!));
        }));
        return latencies;
      };
      say(`warm-up: ${warmup} intakes`);
      await run(rows.slice(n));
      say(`${n} intakes through POST /api/tickets, ${concurrency} at a time`);
      const t0 = performance.now();
      const latencies = await run(rows.slice(0, n));
      const apiMs = performance.now() - t0;
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! * 10) / 10;

      // (b) The raw INSERT of the same rows: the callers (other numbers, sealed the same way), the
      // tickets and their accepted events, 500 tickets to a multi-row statement, numbers per day.
      const now = new Date();
      const day = localDate(now);
      const sealed = rows.slice(0, n).map((r, i) => {
        if (!r.citizen) return null;
        const phone = phoneOf(0x5a5a, i);
        return { name: r.citizen.name, phone_enc: vault.encrypt(phone), phone_hash: vault.hash(phone), phone_mask: maskPhone(phone) };
      });
      say(`${n} tickets by raw multi-row INSERT`);
      const t1 = performance.now();
      for (let start = 0; start < n; start += 500) {
        const chunk = rows.slice(start, Math.min(n, start + 500));
        await db.transaction().execute(async (tx) => {
          const people = chunk.map((_, i) => sealed[start + i]).filter((c): c is NonNullable<typeof c> => c !== null);
          const ids = new Map<string, number>();
          if (people.length) {
            const inserted = await tx.insertInto('citizens')
              .values(people.map((c) => ({ platform_id: DEFAULT_PLATFORM_ID, ...c, created_at: now, updated_at: now })))
              .onConflict((oc) => oc.columns(['platform_id', 'phone_hash']).where('phone_hash', 'is not', null).doUpdateSet({ updated_at: now }))
              .returning(['id', 'phone_hash']).execute();
            for (const r of inserted) ids.set(r.phone_hash!, r.id);
          }
          const { last } = await tx.insertInto('ticket_counters').values({ platform_id: DEFAULT_PLATFORM_ID, day, last: chunk.length })
            .onConflict((oc) => oc.columns(['platform_id', 'day']).doUpdateSet({ last: sql`ticket_counters.last + ${chunk.length}` }))
            .returning('last').executeTakeFirstOrThrow();
          const tickets = await tx.insertInto('tickets').values(chunk.map(({ ticket: t }, i) => ({
            platform_id: DEFAULT_PLATFORM_ID, number: day.replaceAll('-', '') + String(last - chunk.length + i + 1).padStart(4, '0'),
            channel: t.channel, type: t.type, urgency: t.urgency, subject_id: t.subject_id, title: t.title, content: t.content,
            citizen_id: sealed[start + i] ? ids.get(sealed[start + i]!.phone_hash)! : null, citizen_name: t.citizen_name, confidential: t.confidential,
            address: t.address, lng: t.lng, lat: t.lat, district_id: t.district_id, street_id: t.street_id, community_id: t.community_id, grid_id: t.grid_id,
            state: 'dispatching', accepted_at: now, created_by: t.created_by, source_unit_id: t.source_unit_id, updated_at: now,
          }))).returning('id').execute();
          await tx.insertInto('ticket_events').values(chunk.map(({ ticket: t }, i) => ({
            platform_id: DEFAULT_PLATFORM_ID, ticket_id: tickets[i]!.id, at: now, type: 'accepted', actor_id: t.created_by, to_state: 'dispatching',
            data: JSON.stringify({ channel: t.channel, type: t.type, urgency: t.urgency, subjectId: t.subject_id, confidential: t.confidential,
              area: { districtId: t.district_id, streetId: t.street_id, communityId: t.community_id, gridId: t.grid_id, method: t.grid_id ? 'point' : 'none' } }),
          }))).execute();
        });
      }
      const rawMs = performance.now() - t1;

      const api = perSecond(n, apiMs);
      const raw = perSecond(n, rawMs);
      const ratio = Math.round((api / raw) * 10_000) / 10_000;
      const result = {
        n, concurrency, warmup, postgres: bench.serverVersion,
        api: { ms: Math.round(apiMs), ticketsPerSecond: api, latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) } },
        raw: { ms: Math.round(rawMs), ticketsPerSecond: raw, rowsPerStatement: 500 },
        ratio,
      };
      const line = `intake ${n} tickets: API ${api}/s (p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, ${concurrency} concurrent) vs raw INSERT ${raw}/s: `
        + `ratio ${ratio} (the API at ${(ratio * 100).toFixed(1)}% of the raw rate)`;
      say(line);
      say(`written to ${writeResult('intake', result, line)}`);
    } finally {
      await app.close();
    }
  } finally {
    await bench.close();
  }
}
