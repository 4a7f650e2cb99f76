// `minsheng report …`, run as a real process against the test database: the file is written in the
// format asked, the time taken is printed, and a malformed period is refused before the database opens.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.js';

const run = promisify(execFile);
let t: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), 'minsheng-report-'));

const minsheng = (args: string[]) =>
  run('node', ['bin/minsheng.js', ...args], { env: { ...process.env, DATABASE_URL: t.url }, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

beforeAll(async () => {
  t = await testDatabase();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('minsheng report', () => {
  it('writes the units tables as Excel and the monthly report as HTML, with the time taken', async () => {
    const xlsx = path.join(dir, 'units.xlsx');
    const r = await minsheng(['report', 'units', '--from', '2026-10-01', '--to', '2026-10-31', '--format', 'xlsx', '--out', xlsx]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/承办单位办件情况: .*units\.xlsx \(xlsx, \d+ bytes/);
    expect(r.stdout).toMatch(/time: \d+ ms in all — rollups \d+ ms .*content \d+ ms, xlsx \d+ ms/);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');

    const html = path.join(dir, 'monthly.html');
    const m = await minsheng(['report', 'monthly', '--month', '2026-10', '--format', 'html', '--out', html]);
    expect(m.code, m.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('2026年10月运行情况月报');
  });

  it('refuses a malformed period, naming the option', async () => {
    const month = await minsheng(['report', 'monthly', '--month', '2026-13']);
    expect(month.code).not.toBe(0);
    expect(month.stderr).toContain('--month must be a month YYYY-MM');
  });
});
