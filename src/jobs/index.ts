// The jobs `minsheng serve` runs, and how often. Each works platform by platform and is safe to
// rerun or to run beside the use cases (see each file).
import type { Db } from '../db/connection.js';
import { recomputeForCalendar } from './calendar-recompute.js';
import { checkUnchecked } from '../services/repeats/repeats.js';
import { JobRunner, platformIds, type Job, type JobLog } from './runner.js';
import { deleteExpiredSessions } from './sessions.js';
import { sweepDeadlines } from './sla-sweep.js';
import { sweepWarnings } from './warnings.js';
import { searchBackfillJob } from './search-backfill.js';
import { trainModelsJob } from './train-models.js';
import { statsRollupJob } from './stats-rollup.js';
import { evaluationMonthlyJob } from './evaluation-monthly.js';
import { reportDeliveryJob } from './report-delivery.js';

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
    // 屡办不成 for tickets that did not come through intake (bulk imports, splits): intake checks its own.
    name: 'repeat-check',
    intervalMs: 5 * MINUTE,
    async run({ db, now }) {
      const counts = { checked: 0, flagged: 0 };
      for (const id of await platformIds(db)) {
        const r = await checkUnchecked(db, id, now);
        counts.checked += r.checked;
        counts.flagged += r.flagged;
      }
      return worthLogging(counts);
    },
  },
  {
    // Hotspots, surges and sensitive matters (docs/warnings.md); ten minutes keeps a level-1 matter
    // within the quarter hour and the clustering of a week's tickets off the minute timers.
    name: 'warnings',
    intervalMs: 10 * MINUTE,
    async run({ db, now }) {
      const r = await sweepWarnings(db, now);
      return worthLogging({ created: r.created, updated: r.updated });
    },
  },
  {
    name: 'session-sweep',
    intervalMs: 60 * MINUTE,
    async run({ db, now }) {
      return worthLogging({ deleted: await deleteExpiredSessions(db, now) });
    },
  },
  // Suggestion models, once a night after 02:00 Shanghai (src/jobs/train-models.ts).
  trainModelsJob(),
  // Figures' rollup tables: the days that changed since the last run (src/jobs/stats-rollup.ts).
  statsRollupJob(),
  // Search tokens for tickets without (after migration 0010, or a bulk path that did not cut them).
  searchBackfillJob(),
  // Last month's evaluation draft, on the first days of a month (src/jobs/evaluation-monthly.ts).
  evaluationMonthlyJob(),
  // Scheduled reports: what fired since the last delivery (src/jobs/report-delivery.ts).
  reportDeliveryJob(),
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
