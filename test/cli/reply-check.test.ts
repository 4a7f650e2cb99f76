// `minsheng reply-check`, run as a real process on a small hand-written export (no database).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const minsheng = (args: string[]) =>
  run('node', ['bin/minsheng.js', ...args], { env: { ...process.env, MINSHENG_WORD_FILES: '' }, timeout: 60_000 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

const CSV = `留言编号,留言用户,留言主题,留言时间,留言详情,答复意见,答复时间
101,U1,滨江花园小区夜间施工噪音扰民,2026-05-01 22:10:00,"滨江花园小区旁边的工地每天晚上十一点以后还在施工，噪音很大，影响休息。","经调查核实，滨江花园小区旁的工地因赶工期夜间施工。区城管执法局已于5月8日派员到现场，责令施工单位停止夜间施工，并依据《环境噪声污染防治法》对其处以2万元罚款。5月9日已电话联系诉求人告知处理结果。",2026-05-10 09:00:00
102,U2,望江路路灯不亮,2026-05-02 20:00:00,望江路路灯坏了一个多月，晚上出行不便。,正在办理中。,2026-05-03 09:00:00
103,U3,学校门口占道经营,2026-05-03 08:00:00,"学校门口每天早上有摊贩占道经营，堵塞交通。","网友：您好！留言已收悉",2026-05-04 09:00:00
`;

// Each case starts the CLI as a process (a few seconds each on a busy 2-core machine).
const SLOW = 120_000;

let dir: string;
let input: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reply-check-'));
  input = path.join(dir, 'messages.csv');
  writeFileSync(input, CSV);
});

describe('minsheng reply-check', () => {
  it('writes one row of scores per message and prints a summary', async () => {
    const out = path.join(dir, 'scores.csv');
    const r = await minsheng(['reply-check', '--csv', input, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 replies scored in [\d.]+ s/);
    expect(r.stdout).toMatch(/mean relevance 0\.\d{3}, completeness 0\.\d{3}, explanation 0\.\d{3}/);
    expect(r.stdout).toContain('flagged 疑似敷衍 (perfunctory): 2 (66.7%)');
    const rows = parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['留言编号', 'relevance', 'completeness', 'explanation', 'flags']);
    expect(rows.map((x) => x['留言编号'])).toEqual(['101', '102', '103']);
    for (const row of rows) {
      for (const k of ['relevance', 'completeness', 'explanation']) {
        expect(row[k]).toMatch(/^[01]\.\d{3}$/);
        expect(Number(row[k])).toBeGreaterThanOrEqual(0);
        expect(Number(row[k])).toBeLessThanOrEqual(1);
      }
    }
    const [good, inProgress, received] = rows;
    expect(Number(good!.relevance)).toBeGreaterThan(0.5);
    expect(Number(good!.completeness)).toBe(1);
    expect(good!.flags).toBe('');
    expect(inProgress!.flags!.split('|')).toEqual(expect.arrayContaining(['in_progress', 'no_contact', 'perfunctory']));
    expect(received!.flags!.split('|')).toEqual(expect.arrayContaining(['acknowledged_only', 'too_short', 'perfunctory']));
    expect(Number(inProgress!.completeness)).toBeLessThan(Number(good!.completeness));
  }, SLOW);

  it('reads other column names when told', async () => {
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'id,request,answer\nA1,小区门口垃圾满溢无人清理,已安排环卫工人清理垃圾，现已清理完毕，并已电话告知诉求人。\n');
    const out = path.join(dir, 'other-scores.csv');
    const r = await minsheng(['reply-check', '--csv', other, '--out', out, '--text-columns', 'request', '--reply-column', 'answer', '--id-column', 'id']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('id,relevance,completeness,explanation,flags');
    expect(readFileSync(out, 'utf8')).toMatch(/\nA1,0\.\d{3},0\.850,/); // result, measures and contact; no basis
  }, SLOW);

  it('refuses a missing column or file with a message and a non-zero exit', async () => {
    const out = path.join(dir, 'never.csv');
    const badColumn = await minsheng(['reply-check', '--csv', input, '--out', out, '--reply-column', '回复']);
    expect(badColumn.code).not.toBe(0);
    expect(badColumn.stderr).toContain('has no column "回复"');
    expect(badColumn.stderr).toContain('答复意见'); // the columns it does have
    const noFile = await minsheng(['reply-check', '--csv', path.join(dir, 'nope.csv'), '--out', out]);
    expect(noFile.code).not.toBe(0);
    expect(noFile.stderr).toContain('cannot read --csv');
  }, SLOW);

  it('refuses a bad threshold and a missing --out', async () => {
    const out = path.join(dir, 'never.csv');
    const badThreshold = await minsheng(['reply-check', '--csv', input, '--out', out, '--threshold', '2']);
    expect(badThreshold.code).not.toBe(0);
    expect(badThreshold.stderr).toContain('--threshold');
    const noOut = await minsheng(['reply-check', '--csv', input]);
    expect(noOut.code).not.toBe(0);
    expect(noOut.stderr).toContain('--out');
  }, SLOW);
});
