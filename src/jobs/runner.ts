// The job runner: named jobs on an interval, run in-process by `minsheng serve`, and run by one
// instance only when several app instances share a database.
//
// Leadership is a session-level advisory lock (pg_try_advisory_lock) held on a dedicated
// connection of its own, not a pool connection and not a per-run transaction lock:
//  - Sticky: the leader keeps the lock while its connection lives, so each job runs once per
//    interval across the cluster. A per-run xact lock only stops runs from overlapping: with N
//    instances every job would still run N times per interval.
//  - Failover needs nothing of ours: when the leader dies or its connection drops, PostgreSQL
//    ends the session and releases the lock; another instance takes it on its next tick.
//  - Its own pg.Client, with an 'error' listener: a pool client held for hours is checked out,
//    and pg-pool removes its error listener from checked-out clients, so a server restart would
//    raise an unhandled 'error' event and crash the process.
//  - Every run first checks the lock connection (one `select 1`): a leader cut off from the
//    server finds out before it works, gives the lock up and lets another instance lead.
// Session locks do not survive a transaction-pooling PgBouncer; connect the runner directly.
// The jobs themselves are idempotent and lock rows with SKIP LOCKED, so a brief overlap while a
// lost leader notices is harmless.
import pg from 'pg';
import type { Db } from '../db/connection.js';

export interface JobContext {
  db: Db;
  now: Date;
}

export interface Job {
  name: string;
  /** Pause between the end of one run and the start of the next: runs never overlap. */
  intervalMs: number;
  /** Returns a summary to log, or null when there was nothing to do (a quiet minute logs nothing). */
  run(ctx: JobContext): Promise<unknown>;
}

/** What the runner logs with; pino's (Fastify's `app.log`) fits. */
export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type RunOutcome = 'ran' | 'failed' | 'busy' | 'follower' | 'stopped';

export interface RunnerOptions {
  db: Db;
  /** The lock connection is opened from this URL (the pool's own clients are not used for it). */
  databaseUrl: string;
  clock: () => Date;
  jobs: readonly Job[];
  log?: JobLog;
  /** The advisory-lock key is (hashtext(lockName), 0); advisory locks are per database. */
  lockName?: string;
}

export const JOBS_LOCK_NAME = 'minsheng.jobs';

const consoleLog: JobLog = {
  info: () => {},
  error: (obj, msg) => console.error(`[minsheng] ${msg}`, obj),
};

export class JobRunner {
  private readonly jobs: Map<string, Job>;
  private readonly log: JobLog;
  private readonly lockName: string;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<RunOutcome>>();
  /** The dedicated connection the lock is tried and held on (kept while following, too). */
  private client: pg.Client | null = null;
  private leading = false;
  private checking: Promise<boolean> | null = null;
  private stopped = false;
  private started = false;

  constructor(private readonly options: RunnerOptions) {
    this.jobs = new Map(options.jobs.map((j) => [j.name, j]));
    if (this.jobs.size !== options.jobs.length) throw new Error('job names must be unique');
    this.log = options.log ?? consoleLog;
    this.lockName = options.lockName ?? JOBS_LOCK_NAME;
  }

  /** Runs every job once now, then each again `intervalMs` after its previous run ended. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    for (const job of this.jobs.values()) this.schedule(job, 0);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * One run of a job, if this instance leads and the job is not already running. Errors are
   * logged and reported as 'failed', never thrown: a failing job must not stop the others.
   */
  async runNow(name: string): Promise<RunOutcome> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    if (this.stopped) return 'stopped';
    if (this.running.has(name)) return 'busy';
    const run = this.runOnce(job);
    this.running.set(name, run);
    try {
      return await run;
    } finally {
      this.running.delete(name);
    }
  }

  /** Stops scheduling, waits for runs in flight, and gives the lock up (before the pool closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
    await this.checking?.catch(() => false);
    await this.disconnect(true);
  }

  private schedule(job: Job, delay: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(job.name);
      void this.runNow(job.name).finally(() => this.schedule(job, job.intervalMs));
    }, delay);
    // The jobs alone must not keep a process alive (a CLI command, a test).
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private async runOnce(job: Job): Promise<RunOutcome> {
    if (!(await this.ensureLeader())) return this.stopped ? 'stopped' : 'follower';
    const started = Date.now();
    try {
      const result = await job.run({ db: this.options.db, now: this.options.clock() });
      if (result != null) this.log.info({ job: job.name, ms: Date.now() - started, result }, `job ${job.name} done`);
      return 'ran';
    } catch (err) {
      this.log.error({ job: job.name, err }, `job ${job.name} failed`);
      return 'failed';
    }
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.stopped) return false;
    // Jobs tick independently; one check at a time serves them all.
    this.checking ??= this.checkLeadership().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** Leading: the lock connection still answers. Following: try the lock (again) on it. */
  private async checkLeadership(): Promise<boolean> {
    try {
      const client = this.client ?? (await this.connect());
      if (this.leading) {
        await client.query('select 1');
        return true;
      }
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1), 0) as ok', [this.lockName]);
      this.leading = rows[0]?.ok === true;
      if (this.leading) this.log.info({ lock: this.lockName }, 'job runner: leading');
      return this.leading;
    } catch (err) {
      this.log.error({ err, wasLeading: this.leading }, 'job runner: the lock connection failed; not leading until it is back');
      await this.disconnect(false);
      return false;
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'minsheng-jobs', keepAlive: true });
    // Without a listener a dropped connection would be an unhandled 'error' event; the next check
    // fails on the dead client and gives leadership up.
    // A server shutting down (57P01, as when the embedded server stops with the process) is no error.
    client.on('error', (err: Error & { code?: string }) => {
      if (this.stopped || err.code === '57P01') this.log.info({ code: err.code }, 'job runner: lock connection closed by the server');
      else this.log.error({ err }, 'job runner: lock connection error');
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  private async disconnect(unlock: boolean): Promise<void> {
    const client = this.client;
    const leading = this.leading;
    this.client = null;
    this.leading = false;
    if (!client) return;
    // Ending the session releases the lock anyway; the explicit unlock just says so at once.
    if (unlock && leading) await client.query('select pg_advisory_unlock(hashtext($1), 0)', [this.lockName]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Each platform's id: the jobs do their work platform by platform. */
export async function platformIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('platforms').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}
