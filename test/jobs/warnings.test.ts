// The `warnings` job as the runner calls it: finds a sensitive matter, and its rerun changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { defaultJobs } from '../../src/jobs/index.js';
import { testDatabase } from '../support/db.js';
import { HOUR, insertTickets, unitId } from '../services/warnings-fixtures.js';

let db: Db;
const NOW = new Date('2026-06-10T02:00:00Z');

beforeAll(async () => {
  db = (await testDatabase()).db;
});

describe('warnings job', () => {
  it('is one of the default jobs, every 10 minutes, and is safe to rerun', async () => {
    const job = defaultJobs().find((j) => j.name === 'warnings')!;
    expect(job.intervalMs).toBe(10 * 60_000);
    const d05 = await unitId(db, 'D05');
    await insertTickets(db, [{ title: '化工厂发生爆炸，浓烟很大', at: new Date(NOW.getTime() - HOUR), districtId: d05 }]);
    expect(await job.run({ db, now: NOW })).toEqual({ created: 1, updated: 0 });
    expect(await job.run({ db, now: NOW })).toBeNull();
    const [w] = await db.selectFrom('warnings').select(['kind', 'level', 'title']).execute();
    expect(w).toMatchObject({ kind: 'sensitive', level: 1 });
    expect(w!.title).toContain('安全生产事故');
  });
});
