// `minsheng seed-demo` at city scale (issue 6): --from spreads the tickets over a chosen span,
// --defer-search leaves the search words to the backfill, calls are written, the figures rebuilt;
// and wrong options are refused before any database is touched.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeStats } from '../../src/services/stats/stats.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

const run = promisify(execFile);
let t: TestDatabase;

const minsheng = (args: string[], url: string) =>
  run('node', ['bin/minsheng.js', ...args], { env: { ...process.env, DATABASE_URL: url, MINSHENG_DATA_KEY: Buffer.alloc(32, 3).toString('base64') }, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

beforeAll(async () => {
  t = await testDatabase();
});

describe('seed-demo --from, --defer-search', () => {
  it('refuses a --from that is no day, or not before --now, and --defer-search with --search-workers', async () => {
    // A URL nothing listens on: the refusals come before the database is opened.
    const nowhere = 'postgres://nobody:nothing@127.0.0.1:1/none';
    const cases: [string[], RegExp][] = [
      [['--tickets', '10', '--from', '2025-02-30'], /--from must be a date YYYY-MM-DD, got "2025-02-30"/],
      [['--tickets', '10', '--from', '2025-1-1'], /--from must be a date/],
      [['--tickets', '10', '--from', '2026-02-01', '--now', '2026-01-01T00:00:00+08:00'], /--from \(2026-02-01\) must be before --now/],
      [['--tickets', '10', '--defer-search', '--search-workers', '2'], /--defer-search and --search-workers do not go together/],
      [['--tickets', '10', '--search-workers', 'two'], /--search-workers must be a whole number/],
    ];
    const results = await Promise.all(cases.map(([args]) => minsheng(['seed-demo', ...args], nowhere)));
    cases.forEach(([args, message], i) => {
      expect(results[i]!.code, args.join(' ')).not.toBe(0);
      expect(results[i]!.stderr, args.join(' ')).toMatch(message);
    });
  }, 60_000);

  it('spreads the tickets over --from … --now, writes their calls, rebuilds the figures and defers the search words', async () => {
    const r = await minsheng(['seed-demo', '--tickets', '300', '--from', '2025-06-01', '--now', '2025-07-01T00:00:00+08:00', '--defer-search'], t.url);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/demo history: 300 tickets .*\d+ calls\) .* via bulk load/);
    expect(r.stdout).toMatch(/figures rebuilt in \d+\.\d s/);
    expect(r.stdout).toContain('search words deferred');
    const span = await sql<{ first: string; last: string; untokenised: number; calls: number; received: number }>`select
      min(to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as first, max(to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as last,
      count(*) filter (where search_tokens is null)::int as untokenised,
      (select count(*)::int from call_records) as calls,
      count(*) filter (where state not in ('invalid', 'merged'))::int as received
      from tickets where accepted_at >= '2025-06-01T00:00:00+08:00' and accepted_at < '2025-07-01T00:00:00+08:00'`.execute(t.db);
    const row = span.rows[0]!;
    expect(row.first >= '2025-06-01' && row.last <= '2025-06-30').toBe(true);
    expect(row.untokenised).toBe(300);
    expect(row.calls).toBeGreaterThan(100);
    // The figures (from the rollups, rebuilt by seed-demo) count every received ticket of June.
    const figures = await computeStats(t.db, { system: 'test', platformId: 1 }, { from: '2025-06-01', to: '2025-06-30', figures: ['received'] }, new Date());
    expect(figures.source).toBe('rollup');
    expect(row.received).toBeGreaterThan(280);
    expect(figures.total.figures.received?.value).toBe(row.received);
  }, 60_000);
});
