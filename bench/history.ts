// The demo history's bulk load (seed-demo --tickets N above 200): tickets per second from plan to
// committed rows, with the events, assignments, citizens and calls that come with them; per way of
// writing the search words (history-load.ts SEARCH_WORDS), each on a fresh database, the deferred
// one followed by the backfill that fills its words. Beside wall time, the CPU seconds of this
// process and of the database: on a shared 2-core machine they say what a run cost.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { SEARCH_WORDS, type SearchWords } from '../src/services/demo/history-load.js';
import { seedHistory } from '../src/services/demo/history-seed.js';
import { textSourceFromCsv } from '../src/services/demo/texts.js';
import { rebuildRollups } from '../src/services/stats/rollup.js';
import { reindexTickets } from '../src/services/tickets/search-tokens.js';
import { cpuMeter } from './cpu.js';
import { benchDatabase, perSecond, writeResult } from './support.js';

export interface HistoryBenchOptions {
  n?: number;
  /** Comma-separated ways of writing search words (default 'workers'). */
  search?: string;
  /** A CSV of real messages for the ticket texts (default: the built-in templates). */
  texts?: string;
}

const say = (line: string) => console.log(`[bench history] ${line}`);

export async function benchHistory(options: HistoryBenchOptions = {}): Promise<void> {
  const n = options.n ?? 100_000;
  const modes = (options.search ?? 'workers').split(',').map((m) => m.trim()) as SearchWords[];
  for (const m of modes) if (!SEARCH_WORDS.includes(m)) throw new Error(`--history-search: ${m} is not one of ${SEARCH_WORDS.join(', ')}`);
  const texts = options.texts ? textSourceFromCsv(readFileSync(options.texts, 'utf8'), { columns: ['留言主题', '留言详情'] }) : null;
  const runs = [];
  for (const search of modes) runs.push(await oneLoad(n, search, texts, options.texts ?? null));
  const line = `history ${n.toLocaleString('en')} tickets (${runs[0]!.events.toLocaleString('en')} events, ${runs[0]!.calls.toLocaleString('en')} calls`
    + `${options.texts ? `, texts ${path.basename(options.texts)}` : ''}) bulk-loaded: `
    + runs.map((r) => `${r.search} ${r.ticketsPerSecond}/s in ${r.ms.total / 1000} s (CPU node ${r.cpu.node} s, postgres ${r.cpu.postgres ?? '?'} s)`
      + (r.backfill ? ` + backfill ${r.backfill.ms / 1000} s` : '')).join('; ')
    + `; figures rebuilt in ${runs[0]!.ms.rollup / 1000} s`;
  say(line);
  say(`written to ${writeResult('history', { n, texts: options.texts ?? null, runs }, line)}`);
}

async function oneLoad(n: number, search: SearchWords, texts: ReturnType<typeof textSourceFromCsv> | null, textsFile: string | null) {
  const bench = await benchDatabase(say);
  try {
    const dataDir = (await sql<{ d: string }>`select current_setting('data_directory') as d`.execute(bench.db)).rows[0]!.d;
    say(`${n.toLocaleString('en')} tickets of history, bulk-loaded, search words: ${search}${textsFile ? `, texts ${textsFile}` : ''}`);
    let said = Date.now();
    const meter = cpuMeter(dataDir);
    const r = await seedHistory(bench.db, bench.vault, {
      count: n, via: 'bulk', now: new Date(), sweep: sweepDeadlines, search, texts, rebuildFigures: false,
      onProgress: (c) => {
        if (Date.now() - said < 10_000) return;
        said = Date.now();
        say(`  ${c.tickets.toLocaleString('en')} written`);
      },
    });
    const cpu = meter();
    const t0 = performance.now();
    const rollupError = await rebuildRollups(bench.db, 1, new Date()).then(() => null, (e: Error) => e.message);
    const rollupMs = Math.round(performance.now() - t0);
    if (rollupError) say(`  figures NOT rebuilt: ${rollupError}`);
    let backfill: { ms: number; written: number; cpu: ReturnType<typeof meter> } | null = null;
    if (search === 'defer') {
      const again = cpuMeter(dataDir);
      const b = await reindexTickets(bench.db, 1);
      backfill = { ms: Math.round(b.ms), written: b.written, cpu: again() };
      say(`  backfill: ${b.written.toLocaleString('en')} tickets' search words in ${(b.ms / 1000).toFixed(1)} s`);
    }
    const size = await sql<{ bytes: string }>`select pg_database_size(current_database())::text as bytes`.execute(bench.db);
    const result = {
      n, search, postgres: bench.serverVersion, tickets: r.tickets, events: r.events, assignments: r.assignments, orders: r.orders, citizens: r.citizens, calls: r.calls,
      ms: { total: Math.round(r.totalMs), plan: Math.round(r.planMs), cut: Math.round(r.cutMs), write: Math.round(r.writeMs), rollup: rollupMs },
      cpu, backfill, rollupError,
      ticketsPerSecond: perSecond(r.tickets, r.totalMs), eventsPerSecond: perSecond(r.events, r.totalMs),
      databaseMiB: Math.round(Number(size.rows[0]!.bytes) / 2 ** 20),
      millionEstimateSeconds: Math.round((r.totalMs / 1000) * (1_000_000 / Math.max(1, r.tickets))),
    };
    say(`${search}: ${(r.totalMs / 1000).toFixed(1)} s, ${result.ticketsPerSecond}/s (planning ${(r.planMs / 1000).toFixed(1)} s, cutting ${(r.cutMs / 1000).toFixed(1)} s, `
      + `writing ${(r.writeMs / 1000).toFixed(1)} s, overlapped); CPU node ${cpu.node} s, postgres ${cpu.postgres} s; figures rebuilt in ${(rollupMs / 1000).toFixed(1)} s`);
    return result;
  } finally {
    await bench.close();
  }
}
