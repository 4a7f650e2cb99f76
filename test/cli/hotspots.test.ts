// `minsheng hotspots`: the hot-issue table of a CSV, run as a real process (no database).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedPath } from '../support/shared.js';

const run = promisify(execFile);
const minsheng = (args: string[]) =>
  run('node', ['bin/minsheng.js', 'hotspots', ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

let dir = '';
let csv = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hotspots-'));
  csv = path.join(dir, 'board.csv');
  const rows = [
    ['1', 'u1', '白鹭湾小区电梯经常故障', '2026-03-02 09:00:00', '白鹭湾小区电梯经常故障，老人被困。', '0', '4'],
    ['2', 'u2', '白鹭湾小区电梯故障无人维修', '2026-03-03 10:00:00', '白鹭湾小区电梯坏了一周没人修。', '1', '2'],
    ['3', 'u3', '投诉白鹭湾小区电梯故障', '2026-03-04 11:00:00', '白鹭湾小区电梯故障频发，物业不管。', '0', '1'],
    ['4', 'u4', '白鹭湾小区电梯又故障了', '2026-03-05 12:00:00', '白鹭湾小区电梯又停了。', '0', '0'],
    ['5', 'v1', '梅林路夜间施工噪音', '2026-03-01 22:00:00', '梅林路工地夜间施工噪音很大。', '0', '0'],
    ['6', 'v2', '梅林路工地夜间施工扰民', '2026-03-10 23:00:00', '梅林路工地夜里施工，噪音扰民。', '0', '0'],
    ['7', 'v3', '梅林路施工噪音扰民', '2026-03-20 23:30:00', '梅林路工地施工噪音影响休息。', '0', '0'],
    ['8', 'w1', '咨询公积金提取', '2026-03-06 09:00:00', '公积金提取要带什么材料。', '0', '0'],
    ['9', 'w2', '社保卡补办', '2026-03-07 09:00:00', '社保卡丢了在哪里补办。', '0', '0'],
    ['10', 'w3', '菜市场卫生差', '2026-03-08 09:00:00', '东门菜市场污水横流。', '0', '0'],
  ];
  const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  writeFileSync(csv, ['留言编号,留言用户,留言主题,留言时间,留言详情,反对数,点赞数', ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n');
});

describe('minsheng hotspots', () => {
  it('prints the hot-issue table, then each hotspot\'s messages, and writes the table as CSV', async () => {
    const out = path.join(dir, 'top.csv');
    const r = await minsheng(['--csv', csv, '--text-columns', '留言主题,留言详情', '--time-column', '留言时间', '--top', '5',
      '--user-column', '留言用户', '--votes-columns', '点赞数,反对数', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('| 热度排名 | 问题ID | 热度指数 | 时间范围 | 地点/人群 | 问题描述 |');
    const rows = lines.filter((l) => /^\| \d+ \| \d+ \| [\d.]+ \| /.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| 1 \| 1 \| [\d.]+ \| 2026-03-02 至 2026-03-05 \| 白鹭湾小区/);
    expect(rows[1]).toMatch(/^\| 2 \| 2 \| [\d.]+ \| 2026-03-01 至 2026-03-20 \| 梅林路/);
    expect(r.stdout).toContain('| 问题ID | 留言编号 | 留言用户 | 留言主题 | 留言时间 | 点赞数 | 反对数 |');
    expect(r.stdout).toContain('| 1 | 1 | u1 | 白鹭湾小区电梯经常故障 | 2026-03-02 09:00:00 | 4 | 0 |');
    expect(r.stdout).not.toContain('公积金');
    const written = readFileSync(out, 'utf8');
    expect(written).toContain('热度排名,问题ID,热度指数,时间范围,地点/人群,问题描述');
    expect(written).toContain('1 2 3 4');
  });

  it('prints only the top N', async () => {
    const r = await minsheng(['--csv', csv, '--top', '1', '--user-column', '留言用户']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^\| \d+ \| \d+ \| [\d.]+ \| /.test(l))).toHaveLength(1);
    expect(r.stdout).not.toContain('梅林路');
  });

  it('fails with a message naming a column that is not in the file', async () => {
    const r = await minsheng(['--csv', csv, '--text-columns', '标题,留言详情']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('column "标题" is not in');
    const missing = await minsheng(['--csv', path.join(dir, 'none.csv')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/error: .*none\.csv/);
  });

  it('names the real board\'s hot issues on messages_with_votes.csv', async () => {
    const data = (f: string) => sharedPath(`data/teddy2020/${f}`);
    const r = await minsheng(['--csv', data('messages_with_votes.csv'), '--top', '5', '--user-column', '留言用户', '--votes-columns', '点赞数,反对数',
      '--words', data('place_names.txt'), data('place_names_admin.txt')]);
    expect(r.code).toBe(0);
    const top = r.stdout.split('\n').filter((l) => /^\| \d+ \| \d+ \| [\d.]+ \| /.test(l)).join('\n');
    for (const issue of ['丽发新城', '伊景园滨河苑', '魅力之城', '58车贷']) expect(top).toContain(issue);
  }, 120_000);
});
