// Live updates (GET /api/stream): a committed ticket change reaches the streams of the users who
// may see the ticket, and only theirs; a rolled-back change reaches no one.
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents } from '../../src/services/tickets/context.js';
import { TicketBus } from '../../src/services/tickets/bus.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, newTicket, unitIdByCode } from '../tickets/support.js';

interface Received {
  event: string;
  data: Record<string, unknown>;
}

/** An open SSE connection collecting what it receives. */
class Stream {
  readonly received: Received[] = [];
  status = 0;
  private req: http.ClientRequest | null = null;

  open(port: number, cookie?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = http.get({ host: '127.0.0.1', port, path: '/api/stream', headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) } }, (res) => {
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event) this.received.push({ event, data: data ? (JSON.parse(data) as Record<string, unknown>) : {} });
            if (event === 'ready') resolve();
          }
        });
        res.on('end', () => resolve());
        if (this.status !== 200) res.resume();
      });
      this.req.on('error', reject);
    });
  }

  tickets(): Received[] {
    return this.received.filter((r) => r.event === 'ticket');
  }

  close(): void {
    this.req?.destroy();
  }
}

let t: TestDatabase;
let bus: TicketBus;
let api: TestApp;
let port: number;
let operator: Session;
let dispatcher: Session;
let district: Session;
let otherDistrict: Session;
const streams: Stream[] = [];

async function stream(session?: Session): Promise<Stream> {
  const s = new Stream();
  streams.push(s);
  await s.open(port, session?.cookie);
  return s;
}

/** Waits until `check` holds: notices travel through PostgreSQL, so they arrive a moment after the response. */
async function eventually(check: () => void, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

beforeAll(async () => {
  t = await testDatabase();
  bus = new TicketBus(t.url);
  await bus.start();
  api = await testApp(t.db, { ticketBus: bus });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  [operator, dispatcher, district, otherDistrict] = await Promise.all([api.login('operator1'), api.login('dispatcher1'), api.login('h_d01'), api.login('h_d02')]);
});

afterAll(async () => {
  for (const s of streams) s.close();
  await bus.stop();
});

describe('GET /api/stream', () => {
  it('refuses a caller without a session', async () => {
    const s = await stream();
    expect(s.status).toBe(401);
  });

  it('tells the hotline office of a new ticket, and a unit only once the ticket is addressed to it', async () => {
    const office = await stream(dispatcher);
    const d01 = await stream(district);
    const d02 = await stream(otherDistrict);
    const ticket = await newTicket(operator);
    await eventually(() => expect(office.tickets()).toContainEqual({ event: 'ticket', data: { id: ticket.id, types: ['accepted'] } }));

    await act(dispatcher, ticket.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
    await eventually(() => expect(d01.tickets().map((r) => r.data)).toContainEqual({ id: ticket.id, types: ['dispatched'] }));
    await eventually(() => expect(office.tickets().map((r) => r.data.types)).toContainEqual(['dispatched']));
    await act(district, ticket.id, 'sign');
    await eventually(() => expect(d01.tickets().map((r) => r.data.types)).toContainEqual(['signed']));
    // The other district heard of none of it: not the intake, the dispatch or the signing.
    expect(d01.tickets().some((r) => r.data.types instanceof Array && r.data.types.includes('accepted'))).toBe(false);
    expect(d02.tickets()).toEqual([]);
  });

  it('says nothing of a change that was rolled back', async () => {
    const office = await stream(dispatcher);
    const ticket = await newTicket(operator);
    await eventually(() => expect(office.tickets().map((r) => r.data.id)).toContain(ticket.id));
    await expect(t.db.transaction().execute(async (tx) => {
      await appendEvents(tx, { id: ticket.id, platform_id: 1 }, { system: 'test', platformId: 1 }, api.clock.now(), [{ type: 'rolled_back_note' }]);
      throw new Error('abandon');
    })).rejects.toThrow('abandon');
    // A later, committed change arrives; the rolled-back one never did (notices arrive in commit order).
    const later = await newTicket(operator);
    await eventually(() => expect(office.tickets().map((r) => r.data.id)).toContain(later.id));
    expect(office.tickets().flatMap((r) => r.data.types as string[])).not.toContain('rolled_back_note');
  });
});

describe('a lost connection', () => {
  it('the bus connects again and the streams hear later changes', async () => {
    const office = await stream(dispatcher);
    const killed = await sql<{ n: number }>`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'minsheng-bus' and datname = current_database()) x`.execute(t.db);
    expect(killed.rows[0]!.n).toBe(1);
    await eventually(() => expect(bus.connected).toBe(false));
    await eventually(() => expect(bus.connected).toBe(true), 10_000);
    const later = await newTicket(operator);
    await eventually(() => expect(office.tickets().map((r) => r.data.id)).toContain(later.id));
  });
});

describe('without a bus', () => {
  it('answers 503 instead of a stream that never speaks', async () => {
    const plain = await testApp(t.db);
    const session = await plain.login('dispatcher1');
    const res = await session.get('/api/stream');
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toContain('实时更新');
  });
});
