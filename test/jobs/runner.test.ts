// The job runner on a real PostgreSQL: one leader among instances (a session advisory lock on its
// own connection), no overlapping runs, errors logged and survived, failover when the leader's
// connection dies, and the jobs `serve` runs.
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultJobs } from '../../src/jobs/index.js';
import { JobRunner, type Job, type JobLog } from '../../src/jobs/runner.js';
import { deleteExpiredSessions } from '../../src/jobs/sessions.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
const runners: JobRunner[] = [];

beforeAll(async () => {
  t = await testDatabase();
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

const NOW = new Date('2026-10-14T07:15:00Z');

function recorder() {
  const lines: { level: 'info' | 'error'; msg: string; obj: object }[] = [];
  const log: JobLog = {
    info: (obj, msg) => lines.push({ level: 'info', msg, obj }),
    error: (obj, msg) => lines.push({ level: 'error', msg, obj }),
  };
  return { lines, log };
}

function runner(jobs: Job[], log?: JobLog): JobRunner {
  const r = new JobRunner({ db: t.db, databaseUrl: t.url, clock: () => NOW, jobs, log: log ?? recorder().log });
  runners.push(r);
  return r;
}

const counting = (name: string, ran: string[]) => ({ name, intervalMs: 3_600_000, run: async () => void ran.push(name) });

describe('the job runner', () => {
  it('runs a job on one instance only: the other follows until the leader stops', async () => {
    const ran: string[] = [];
    const a = runner([counting('sweep', ran)]);
    const b = runner([counting('sweep', ran)]);
    expect(await a.runNow('sweep')).toBe('ran');
    expect(await b.runNow('sweep')).toBe('follower');
    expect(await a.runNow('sweep')).toBe('ran');
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    expect(ran).toEqual(['sweep', 'sweep']);
    await a.stop();
    expect(await a.runNow('sweep')).toBe('stopped');
    expect(await b.runNow('sweep')).toBe('ran');
    expect(b.isLeader).toBe(true);
  });

  it('takes over when the leader\'s connection dies; the old leader notices before it works', async () => {
    const ran: string[] = [];
    const { lines, log } = recorder();
    const a = runner([counting('a', ran)], log);
    const b = runner([counting('b', ran)]);
    expect(await a.runNow('a')).toBe('ran');
    // Kill the lock session the way a server restart or a network cut would.
    await sql`select pg_terminate_backend(pid, 5000) from pg_locks
      where locktype = 'advisory' and classid = hashtext('minsheng.jobs')::oid and granted and database = (select oid from pg_database where datname = current_database())`.execute(t.db);
    expect(await b.runNow('b')).toBe('ran');
    expect(await a.runNow('a')).toBe('follower');
    expect(ran).toEqual(['a', 'b']);
    expect(lines.some((l) => l.level === 'error' && /lock connection/.test(l.msg))).toBe(true);
    await b.stop();
    expect(await a.runNow('a')).toBe('ran');
  });

  it('never overlaps a run with itself', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const r = runner([{ name: 'slow', intervalMs: 3_600_000, run: () => gate }]);
    const first = r.runNow('slow');
    expect(await r.runNow('slow')).toBe('busy');
    release();
    expect(await first).toBe('ran');
    expect(await r.runNow('slow')).toBe('ran');
  });

  it('logs a failing job and goes on: the next run and the other jobs are unaffected', async () => {
    const { lines, log } = recorder();
    let fail = true;
    const ran: string[] = [];
    const r = runner([
      { name: 'flaky', intervalMs: 3_600_000, run: async () => { if (fail) throw new Error('boom'); ran.push('flaky'); } },
      counting('steady', ran),
    ], log);
    expect(await r.runNow('flaky')).toBe('failed');
    expect(lines.filter((l) => l.level === 'error')).toMatchObject([{ msg: 'job flaky failed', obj: { job: 'flaky', err: { message: 'boom' } } }]);
    expect(await r.runNow('steady')).toBe('ran');
    fail = false;
    expect(await r.runNow('flaky')).toBe('ran');
    expect(ran).toEqual(['steady', 'flaky']);
  });

  it('start() runs every job at once with the injected clock; stop() waits for it and schedules nothing more', async () => {
    const seen: Date[] = [];
    let first!: () => void;
    const started = new Promise<void>((resolve) => { first = resolve; });
    const r = runner([{ name: 'tick', intervalMs: 3_600_000, run: async ({ now }) => { seen.push(now); first(); return null; } }]);
    r.start();
    await started;
    await r.stop();
    expect(seen).toEqual([NOW]);
    expect(r.isLeader).toBe(false);
    // The lock is free again.
    const other = runner([counting('x', [])]);
    expect(await other.runNow('x')).toBe('ran');
  });

  it('refuses two jobs of one name and an unknown job', async () => {
    expect(() => runner([counting('a', []), counting('a', [])])).toThrow(/unique/);
    await expect(runner([counting('a', [])]).runNow('b')).rejects.toThrow(/unknown job/);
  });
});

describe('the jobs serve runs', () => {
  it('sweep, recompute and session clean-up each run cleanly on the demo city', async () => {
    const { lines, log } = recorder();
    const r = runner(defaultJobs(), log);
    for (const job of ['calendar-recompute', 'sla-sweep', 'session-sweep']) expect(await r.runNow(job), job).toBe('ran');
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('deletes expired sessions only, in batches', async () => {
    const { id: userId } = await t.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const session = (token: string, expires: string) => ({
      token_hash: token, user_id: userId, csrf_token: 'x', created_at: new Date('2026-10-01T00:00:00Z'), last_seen_at: new Date('2026-10-01T00:00:00Z'), expires_at: new Date(expires),
    });
    await t.db.insertInto('sessions').values([
      session('old-1', '2026-10-01T12:00:00Z'), session('old-2', '2026-10-02T12:00:00Z'), session('old-3', NOW.toISOString()), session('live', '2026-10-14T12:00:00Z'),
    ]).execute();
    expect(await deleteExpiredSessions(t.db, NOW, 2)).toBe(3);
    const left = await t.db.selectFrom('sessions').select('token_hash').where('token_hash', 'in', ['old-1', 'old-2', 'old-3', 'live']).execute();
    expect(left.map((s) => s.token_hash)).toEqual(['live']);
  });
});
