// The demo history's bulk load (seed-demo --tickets N above 200): tickets per second from plan to
// committed rows, with the events, assignments and citizens that come with them.
import { sql } from 'kysely';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { seedHistory } from '../src/services/demo/history-seed.js';
import { benchDatabase, perSecond, writeResult } from './support.js';

export interface HistoryBenchOptions {
  n?: number;
}

const say = (line: string) => console.log(`[bench history] ${line}`);

export async function benchHistory(options: HistoryBenchOptions = {}): Promise<void> {
  const n = options.n ?? 100_000;
  const bench = await benchDatabase(say);
  try {
    say(`${n.toLocaleString('en')} tickets of history, bulk-loaded`);
    let said = Date.now();
    const r = await seedHistory(bench.db, bench.vault, {
      count: n, via: 'bulk', now: new Date(), sweep: sweepDeadlines,
      onProgress: (c) => {
        if (Date.now() - said < 10_000) return;
        said = Date.now();
        say(`  ${c.tickets.toLocaleString('en')} written`);
      },
    });
    const size = await sql<{ bytes: string }>`select pg_database_size(current_database())::text as bytes`.execute(bench.db);
    const result = {
      n, postgres: bench.serverVersion, tickets: r.tickets, events: r.events, assignments: r.assignments, orders: r.orders, citizens: r.citizens,
      ms: { total: Math.round(r.totalMs), plan: Math.round(r.planMs), write: Math.round(r.writeMs) },
      ticketsPerSecond: perSecond(r.tickets, r.totalMs), eventsPerSecond: perSecond(r.events, r.totalMs),
      databaseMiB: Math.round(Number(size.rows[0]!.bytes) / 2 ** 20),
      millionEstimateSeconds: Math.round((r.totalMs / 1000) * (1_000_000 / Math.max(1, r.tickets))),
    };
    const line = `history ${n.toLocaleString('en')} tickets (${r.events.toLocaleString('en')} events) bulk-loaded in ${(r.totalMs / 1000).toFixed(1)} s: `
      + `${result.ticketsPerSecond}/s tickets, ${result.eventsPerSecond}/s events (planning ${(r.planMs / 1000).toFixed(1)} s overlapped with writing)`;
    say(line);
    say(`written to ${writeResult('history', result, line)}`);
  } finally {
    await bench.close();
  }
}
