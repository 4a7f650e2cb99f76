// Warnings on a real database: surges against their weekly baseline, sensitive rules at their
// count, hotspots among tickets, recipients by level, no duplicate on a rerun, and the steps
// acknowledge → follow up → close. Time is the injected `now`.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { detectWarnings } from '../../src/services/warnings/detect.js';
import { putRules, loadRules } from '../../src/services/warnings/rules.js';
import { acknowledgeWarning, closeWarning, followUpWarning, getWarning, listWarnings } from '../../src/services/warnings/warnings.js';
import { testDatabase } from '../support/db.js';
import { actor, DAY, HOUR, insertTickets, unitId, userId, VARIED } from './warnings-fixtures.js';

let db: Db;
let d01 = 0, d02 = 0, d03 = 0, d04 = 0;
let top = 0, leaf = 0;
const NOW = new Date('2026-06-10T02:00:00Z'); // 10:00 in Shanghai, a Wednesday

const recipientsOf = async (key: string) => {
  const w = await db.selectFrom('warnings').select('id').where('key', '=', key).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('warning_recipients').innerJoin('users', 'users.id', 'warning_recipients.user_id').select('users.username')
    .where('warning_id', '=', w.id).orderBy('users.username').execute();
  return rows.map((r) => r.username);
};
const openWarnings = (kind: string) => db.selectFrom('warnings').selectAll().where('kind', '=', kind as 'surge').where('status', '<>', 'closed').execute();

beforeAll(async () => {
  db = (await testDatabase()).db;
  [d01, d02, d03, d04] = await Promise.all(['D01', 'D02', 'D03', 'D04'].map((c) => unitId(db, c))) as [number, number, number, number];
  const topRow = await db.selectFrom('subjects').select(['id', 'path']).where('level', '=', 1).orderBy('id').executeTakeFirstOrThrow();
  top = Number(topRow.id);
  leaf = Number((await db.selectFrom('subjects').select('id').where('path', 'like', `${topRow.path}%`).where('level', '>', 1).orderBy('id').executeTakeFirstOrThrow()).id);
});

describe('surge detection', () => {
  it('raises a surge when the last 24 hours exceed the same hours of the past 8 weeks, not when the baseline is as busy', async () => {
    const specs = [];
    // D01: two tickets in the same hours of each of the past 8 weeks, twelve in the last 24 hours.
    for (let k = 1; k <= 8; k++) for (let i = 0; i < 2; i++) specs.push({ title: VARIED[(k + i) % VARIED.length]!, at: new Date(NOW.getTime() - k * 7 * DAY - (3 + i) * HOUR), districtId: d01, subjectId: leaf });
    for (let i = 0; i < 12; i++) specs.push({ title: VARIED[i]!, at: new Date(NOW.getTime() - (1 + i) * HOUR), districtId: d01, subjectId: leaf });
    // Outside the windows (a Sunday three days ago): not part of the baseline, not current.
    for (let i = 0; i < 20; i++) specs.push({ title: VARIED[i % VARIED.length]!, at: new Date(NOW.getTime() - 3 * DAY - i * HOUR), districtId: d01, subjectId: leaf });
    // D02: ten a week as usual, twelve now: within mean + 3·√mean.
    for (let k = 1; k <= 8; k++) for (let i = 0; i < 10; i++) specs.push({ title: VARIED[i]!, at: new Date(NOW.getTime() - k * 7 * DAY - (1 + i) * HOUR), districtId: d02, subjectId: leaf });
    for (let i = 0; i < 12; i++) specs.push({ title: VARIED[i + 5]!, at: new Date(NOW.getTime() - (1 + i) * HOUR), districtId: d02, subjectId: leaf });
    await insertTickets(db, specs);

    await detectWarnings(db, 1, NOW);
    const surges = await openWarnings('surge');
    expect(surges.map((s) => s.key)).toEqual([`surge:${top}:${d01}`]);
    const [s] = surges;
    expect(s!.ticket_count).toBe(12);
    expect(s!.facts).toMatchObject({ current: 12, mean: 2, sd: 0, weeks: 8, baseline: [2, 2, 2, 2, 2, 2, 2, 2] });
    // mean 2, sd 0 → limit 2 + 3·max(0, √2, 1) = 6.24; 12 is six times the usual → level 2.
    expect((s!.facts as { limit: number }).limit).toBeCloseTo(2 + 3 * Math.SQRT2, 2);
    expect(s!.level).toBe(2);
    expect(s!.subject_id).toBe(top);
    // Level 2 → the district's leader (the deputy in charge there).
    expect(await recipientsOf(s!.key)).toEqual(['leader_d01']);
  });

  it('does not fire with fewer tickets than the minimum, however quiet the baseline', async () => {
    await insertTickets(db, [0, 1, 2, 3].map((i) => ({ title: VARIED[i]!, at: new Date(NOW.getTime() - (2 + i) * HOUR), districtId: d04, subjectId: leaf })));
    await detectWarnings(db, 1, NOW);
    expect((await openWarnings('surge')).map((s) => s.key)).not.toContain(`surge:${top}:${d04}`);
  });
});

describe('sensitive rules', () => {
  it('fires at the rule\'s count, with the rule\'s level and recipients (level 1 → the city\'s leaders)', async () => {
    const mass = (i: number) => ({ title: `工地门口有群体聚集讨要说法${i}`, at: new Date(NOW.getTime() - (1 + i) * HOUR), districtId: d02 });
    await insertTickets(db, [mass(0), mass(1)]);
    await detectWarnings(db, 1, NOW);
    const key = `sensitive:${(await loadRules(db, 1)).find((r) => r.name === '群体事件')!.id}:${d02}`;
    expect(await db.selectFrom('warnings').select('id').where('key', '=', key).execute()).toHaveLength(0);
    await insertTickets(db, [mass(2)]);
    await detectWarnings(db, 1, NOW);
    const [w] = await db.selectFrom('warnings').selectAll().where('key', '=', key).execute();
    expect(w!.level).toBe(1);
    expect(w!.ticket_count).toBe(3);
    expect(await recipientsOf(key)).toEqual(['leader1']);
  });

  it('routes level 3 to the departments: the district\'s unit administrators when no unit holds the tickets', async () => {
    const noise = (i: number) => ({ title: `夜间噪音扰民第${i}次`, at: new Date(NOW.getTime() - (1 + i) * HOUR), districtId: d03 });
    await insertTickets(db, Array.from({ length: 10 }, (_, i) => noise(i)));
    await detectWarnings(db, 1, NOW);
    const rule = (await loadRules(db, 1)).find((r) => r.name === '噪音扰民')!;
    const key = `sensitive:${rule.id}:${d03}`;
    const [w] = await db.selectFrom('warnings').selectAll().where('key', '=', key).execute();
    expect(w!.level).toBe(3);
    expect(await recipientsOf(key)).toEqual(['ua_d03']);
  });

  it('follows the administrators\' edits: a lowered count fires, a switched-off rule does not', async () => {
    const admin = await actor(db, 'admin');
    const rules = await loadRules(db, 1);
    const wage = rules.find((r) => r.name === '讨薪欠薪')!;
    await insertTickets(db, [{ title: '公司拖欠工资三个月', at: new Date(NOW.getTime() - HOUR), districtId: d04 }, { title: '工地欠薪不发', at: new Date(NOW.getTime() - 2 * HOUR), districtId: d04 }]);
    await detectWarnings(db, 1, NOW);
    const key = `sensitive:${wage.id}:${d04}`;
    expect(await db.selectFrom('warnings').select('id').where('key', '=', key).execute()).toHaveLength(0);
    await putRules(db, admin, rules.map((r) => (r.id === wage.id ? { ...r, minCount: 2 } : r)), NOW);
    await detectWarnings(db, 1, NOW);
    expect(await db.selectFrom('warnings').select('level').where('key', '=', key).execute()).toEqual([{ level: 2 }]);
  });
});

describe('hotspots among tickets', () => {
  it('clusters one compound\'s tickets into one warning, named by place, and a rerun adds to it instead of duplicating', async () => {
    const park = (i: number, d = 0) => ({ title: `青柳花园小区物业乱收停车费${'！'.repeat(i % 3)}`, content: `青柳花园小区物业擅自上涨停车费，业主不满（${i}）`, at: new Date(NOW.getTime() - d * DAY - i * HOUR), districtId: d01 });
    await insertTickets(db, [0, 1, 2, 3, 4].map((i) => park(i, 1)));
    await detectWarnings(db, 1, NOW);
    // (The earlier tests' tickets make hotspots of their own: 夜间噪音扰民 ×10 in D03 …)
    const compound = async () => (await openWarnings('hotspot')).filter((w) => w.place?.includes('青柳花园'));
    const hot = await compound();
    expect(hot).toHaveLength(1);
    expect(hot[0]!.place).toContain('青柳花园小区');
    expect(hot[0]!.title).toContain('诉求集中');
    expect(hot[0]!.ticket_count).toBe(5);
    expect(hot[0]!.level).toBe(3);

    // Same data, same time: nothing changes.
    const again = await detectWarnings(db, 1, NOW);
    expect(again.created).toBe(0);
    expect(again.updated).toBe(0);
    // A sixth ticket: the same warning grows, with an 'updated' step.
    await insertTickets(db, [park(5)]);
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const third = await detectWarnings(db, 1, later);
    expect(third.created).toBe(0);
    const after = await compound();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(hot[0]!.id);
    expect(after[0]!.ticket_count).toBe(6);
    const steps = await db.selectFrom('warning_steps').select('kind').where('warning_id', '=', hot[0]!.id).orderBy('id').execute();
    expect(steps.map((s) => s.kind)).toEqual(['detected', 'updated']);
    // And no other warning of any kind was duplicated by the reruns.
    const keys = (await db.selectFrom('warnings').select('key').where('status', '<>', 'closed').execute()).map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('acknowledge, follow up, close', () => {
  it('lets a recipient acknowledge, anyone who sees it follow up, and closes with a conclusion, each step recorded and audited', async () => {
    const w = (await openWarnings('surge'))[0]!;
    const id = Number(w.id);
    const leader = await actor(db, 'leader_d01');
    const other = await actor(db, 'leader_d02');
    const office = await actor(db, 'dispatcher1');
    // Not a recipient and not the office: the warning does not exist for them.
    await expect(getWarning(db, other, id)).rejects.toMatchObject({ status: 404 });
    expect((await listWarnings(db, other, { page: 1, pageSize: 50 })).items.map((i) => i.id)).not.toContain(id);
    // The office sees it but may not acknowledge for the recipient.
    expect((await getWarning(db, office, id)).mayAcknowledge).toBe(false);
    await expect(acknowledgeWarning(db, office, id, NOW)).rejects.toMatchObject({ status: 403 });

    const mine = await listWarnings(db, leader, { page: 1, pageSize: 50 });
    expect(mine.items.find((i) => i.id === id)).toMatchObject({ mine: true, status: 'new', levelLabel: '二级' });
    const acked = await acknowledgeWarning(db, leader, id, new Date(NOW.getTime() + HOUR));
    expect(acked.status).toBe('acknowledged');
    await expect(acknowledgeWarning(db, leader, id, NOW)).rejects.toMatchObject({ status: 409 });
    await expect(followUpWarning(db, leader, id, '  ', NOW)).rejects.toMatchObject({ status: 400 });
    const followed = await followUpWarning(db, leader, id, '已责成区城管局现场核查', new Date(NOW.getTime() + 2 * HOUR));
    expect(followed.status).toBe('following');
    const closed = await closeWarning(db, leader, id, '经核查为集中报修，已全部处理', new Date(NOW.getTime() + 3 * HOUR));
    expect(closed).toMatchObject({ status: 'closed', conclusion: '经核查为集中报修，已全部处理' });
    expect(closed.steps.map((s) => s.kind)).toEqual(['detected', 'acknowledged', 'follow_up', 'closed']);
    expect(closed.steps.slice(1).every((s) => s.actorName !== null)).toBe(true);
    await expect(closeWarning(db, leader, id, '再次办结', NOW)).rejects.toMatchObject({ status: 409 });
    const audits = await db.selectFrom('audit_log').select('action').where('target_type', '=', 'warning').where('target_id', '=', String(id)).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['warnings.acknowledge', 'warnings.follow_up', 'warnings.close']);
    expect((await db.selectFrom('warnings').select(['acknowledged_by', 'closed_by']).where('id', '=', id).executeTakeFirstOrThrow()))
      .toEqual({ acknowledged_by: await userId(db, 'leader_d01'), closed_by: await userId(db, 'leader_d01') });

    // Closed, the same surge may be raised again as a new warning on the next run.
    await detectWarnings(db, 1, NOW);
    const reopened = await openWarnings('surge');
    expect(reopened.map((r) => r.key)).toContain(w.key);
    expect(reopened.find((r) => r.key === w.key)!.id).not.toBe(w.id);
  });
});
