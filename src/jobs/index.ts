// The jobs `minsheng serve` runs, and how often. Each works platform by platform and is safe to
// rerun or to run beside the use cases (see each file).
import type { Db } from '../db/connection.js';
import { recomputeForCalendar } from './calendar-recompute.js';
import { JobRunner, platformIds, type Job, type JobLog } from './runner.js';
import { deleteExpiredSessions } from './sessions.js';
import { sweepDeadlines } from './sla-sweep.js';

const MINUTE = 60_000;

/** A summary worth logging, or null for a quiet run. */
const worthLogging = (counts: Record<string, number>): Record<string, number> | null =>
  Object.values(counts).some((n) => n > 0) ? counts : null;

export const defaultJobs = (): Job[] => [
  {
    name: 'calendar-recompute',
    intervalMs: MINUTE,
    async run({ db, now }) {
      const counts = { tickets: 0, moved: 0 };
      for (const id of await platformIds(db)) {
        const r = await recomputeForCalendar(db, id, now);
        counts.tickets += r.tickets;
        counts.moved += r.moved;
      }
      return worthLogging(counts);
    },
  },
  {
    // A minute is well inside the shortest warning (特急 sign: 30 min, yellow at 22.5).
    name: 'sla-sweep',
    intervalMs: MINUTE,
    async run({ db, now }) {
      const counts = { warned: 0, overdue: 0, tickets: 0 };
      for (const id of await platformIds(db)) {
        const r = await sweepDeadlines(db, id, now);
        counts.warned += r.warned;
        counts.overdue += r.overdue;
        counts.tickets += r.tickets;
      }
      return worthLogging(counts);
    },
  },
  {
    name: 'session-sweep',
    intervalMs: 60 * MINUTE,
    async run({ db, now }) {
      return worthLogging({ deleted: await deleteExpiredSessions(db, now) });
    },
  },
];

export interface StartJobsOptions {
  db: Db;
  databaseUrl: string;
  clock: () => Date;
  log?: JobLog;
  jobs?: Job[];
}

/** Starts the runner (every job runs once now, then on its interval); `stop()` it on shutdown. */
export function startJobs(options: StartJobsOptions): JobRunner {
  const runner = new JobRunner({ db: options.db, databaseUrl: options.databaseUrl, clock: options.clock, log: options.log, jobs: options.jobs ?? defaultJobs() });
  runner.start();
  return runner;
}
