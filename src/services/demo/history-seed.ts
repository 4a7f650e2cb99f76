// `seed-demo --tickets N`: plan the history against the platform as it is, then write it through
// the use cases (N ≤ SERVICES_MAX) or in bulk. The deadline sweep's runs are part of the plan, up
// to `now`, so the lights, automatic urges and their events are there as a running server leaves them.
import type { Db } from '../../db/connection.js';
import { atLocal } from '../../domain/calendar/index.js';
import { DEFAULT_PLATFORM_ID } from '../../domain/platform.js';
import type { Vault } from '../privacy/vault.js';
import { rebuildRollups } from '../stats/rollup.js';
import { analyzeTicketTables, insertCalls, loadHistory, loadWorld, type LoadCounts, type SearchWords } from './history-load.js';
import { planHistory, type HistoryBatch } from './history-plan.js';
import { runSteps, SERVICES_MAX, type SweepFn } from './history-services.js';
import type { TextSource } from './texts.js';

export { SERVICES_MAX, type SweepFn };

/** The demo history's default seed: the same demo everywhere unless --seed says otherwise. */
export const DEMO_HISTORY_DEFAULT_SEED = 2017;
/** Tickets `npm start` writes on its first run (MINSHENG_DEMO_TICKETS). */
export const DEFAULT_DEMO_TICKETS = 3_000;

export interface SeedHistoryOptions {
  count: number;
  seed?: number;
  now?: Date;
  /** Where the history starts (default two years before `now`): N tickets spread from here to `now`. */
  from?: Date;
  texts?: TextSource | null;
  /** 'auto': the use cases up to SERVICES_MAX tickets, bulk above. */
  via?: 'auto' | 'services' | 'bulk';
  /** Tickets per write transaction of the bulk path (default 5,000). */
  writeSize?: number;
  /** How the bulk path writes search words (history-load.ts SEARCH_WORDS; default 'workers'). */
  search?: SearchWords;
  /** Worker threads cutting search words (default: defaultTokenWorkers()). */
  workers?: number;
  /** Rebuild the figures' rollups after the load (default true; benchmarks time it apart). */
  rebuildFigures?: boolean;
  platformId?: number;
  /** The deadline sweep the services path runs at the minutes the plan's lights rise (the CLI passes src/jobs' sweepDeadlines). */
  sweep: SweepFn;
  onProgress?: (done: LoadCounts) => void;
}

export interface SeedHistoryResult extends LoadCounts {
  via: 'services' | 'bulk';
  /** Plan and write, ANALYZE included; the rollups' rebuild apart. */
  totalMs: number;
  /** rebuildRollups after the load, so the figures count the new tickets. */
  rollupMs: number;
  /** Why the rebuild failed, if it did: the tickets stay written; `minsheng stats rebuild` tries again. */
  rollupError: string | null;
}

export async function seedHistory(db: Db, vault: Vault, options: SeedHistoryOptions): Promise<SeedHistoryResult> {
  const started = performance.now();
  const platformId = options.platformId ?? DEFAULT_PLATFORM_ID;
  const now = options.now ?? new Date();
  const world = await loadWorld(db, platformId);
  const via = options.via === 'services' || (options.via !== 'bulk' && options.count <= SERVICES_MAX) ? 'services' : 'bulk';
  const plan = planHistory(world, {
    count: options.count, seed: options.seed ?? DEMO_HISTORY_DEFAULT_SEED, now, from: options.from, texts: options.texts ?? null,
    // Small plan batches: the loader writes one while the next few are planned.
    batchSize: via === 'services' ? undefined : 500, keepSteps: via === 'services',
  });
  let counts: LoadCounts;
  if (via === 'services') {
    const t0 = performance.now();
    const batches: HistoryBatch[] = [...plan];
    const planMs = performance.now() - t0;
    const t1 = performance.now();
    const ids = await runSteps({ db, vault }, world, batches.flatMap((b) => b.steps), options.sweep);
    const calls = await insertCalls(db, platformId, batches.flatMap((b) => b.calls), ids.tickets);
    const ticketIds = [...ids.tickets.values()];
    counts = {
      tickets: ticketIds.length, assignments: ids.assignments.size, orders: ids.orders.size,
      events: batches.reduce((s, b) => s + b.events.length, 0), citizens: batches.reduce((s, b) => s + b.citizens.length, 0), calls,
      batches: batches.length, planMs, cutMs: 0, writeMs: performance.now() - t1, search: 'inline',
      firstTicketId: ticketIds.length ? Math.min(...ticketIds) : null, lastTicketId: ticketIds.length ? Math.max(...ticketIds) : null,
    };
  } else {
    counts = await loadHistory(db, vault, platformId, plan, { writeSize: options.writeSize, search: options.search, workers: options.workers, onBatch: options.onProgress });
  }
  if (via === 'bulk') await analyzeTicketTables(db);
  const totalMs = performance.now() - started;
  // The loaded tickets carry their historic updated_at, which the stats-rollup job's refresh (by
  // updated_at since its last run) would never see: every day is recomputed once, now.
  const t0 = performance.now();
  let rollupError: string | null = null;
  if (options.rebuildFigures !== false) {
    try {
      await rebuildRollups(db, platformId, new Date());
    } catch (e) {
      rollupError = (e as Error).message;
    }
  }
  return { ...counts, via, totalMs, rollupMs: performance.now() - t0, rollupError };
}

/** `--from YYYY-MM-DD`: the start of that day in Beijing time; an invalid date (not a day of the calendar) gives an Invalid Date. */
export function demoHistoryStart(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return new Date(NaN);
  try {
    return atLocal(day, '00:00');
  } catch {
    return new Date(NaN); // atLocal refuses a day the calendar does not have (2025-02-30)
  }
}

/** MINSHENG_DEMO_TICKETS: how many tickets the first start writes (0 for none). */
export function demoTicketCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MINSHENG_DEMO_TICKETS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_DEMO_TICKETS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`MINSHENG_DEMO_TICKETS must be a whole number ≥ 0, got ${raw}`);
  return n;
}
