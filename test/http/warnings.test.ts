// The warnings API: who sees and may act on a warning (404 out of sight, 403 for the wrong person),
// bilingual 400s naming the field, the letter's content, and the administrators' rules.
import { beforeAll, describe, expect, it } from 'vitest';
import { detectWarnings } from '../../src/services/warnings/detect.js';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { HOUR, insertTickets, unitId } from '../services/warnings-fixtures.js';

let t: TestDatabase;
let api: TestApp;
let level1 = 0;
let level3 = 0;
const numbers: string[] = [];

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  const now = api.clock.now();
  const [d02, d03] = await Promise.all(['D02', 'D03'].map((c) => unitId(t.db, c))) as [number, number];
  const ids = await insertTickets(t.db, [0, 1, 2].map((i) => ({ title: `工业园门口工人群体聚集讨要说法（${i}）`, at: new Date(now.getTime() - (1 + i) * HOUR), districtId: d02 })));
  await insertTickets(t.db, Array.from({ length: 10 }, (_, i) => ({ title: `广场舞音响噪音扰民${i}`, at: new Date(now.getTime() - (1 + i) * HOUR), districtId: d03 })));
  numbers.push(...(await t.db.selectFrom('tickets').select('number').where('id', 'in', ids).orderBy('id').execute()).map((r) => r.number));
  await detectWarnings(t.db, 1, now);
  const rows = await t.db.selectFrom('warnings').select(['id', 'level', 'kind']).where('kind', '=', 'sensitive').execute();
  level1 = Number(rows.find((r) => r.level === 1)!.id);
  level3 = Number(rows.find((r) => r.level === 3)!.id);
});

describe('GET /api/warnings', () => {
  it('shows a leader the warnings addressed to them, the office and supervisors all, others none', async () => {
    const ids = async (username: string, query = '') => {
      const res = await (await api.login(username)).get(`/api/warnings${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: number }[]).map((i) => i.id);
    };
    expect(await ids('leader1')).toContain(level1);
    expect(await ids('leader1')).not.toContain(level3);
    expect(await ids('ua_d03')).toContain(level3);
    expect(await ids('ua_d03')).not.toContain(level1);
    expect(await ids('leader_d02')).toEqual([]);
    expect(await ids('supervisor1')).toEqual(expect.arrayContaining([level1, level3]));
    expect(await ids('dispatcher1', '?level=1')).toEqual([level1]);
    expect(await ids('dispatcher1', '?kind=surge')).toEqual([]);
    expect(await ids('dispatcher1', '?status=new&open=true')).toEqual(expect.arrayContaining([level1, level3]));
  });

  it('answers a bad filter with a 400 naming it in Chinese and English', async () => {
    const s = await api.login('dispatcher1');
    for (const q of ['level=5', 'status=done', 'kind=fire', 'pageSize=1000']) {
      const res = await s.get(`/api/warnings?${q}`);
      expect(res.statusCode, q).toBe(400);
      const err = res.json().error;
      expect(err.fields[0].field).toBe(q.split('=')[0]);
      expect(err.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
      expect(err.fields[0].message_en).toMatch(/[a-z]/i);
    }
  });
});

describe('acting on a warning', () => {
  it('hides a warning from whoever may not see it (404) and refuses acknowledgement by a non-recipient (403)', async () => {
    const stranger = await api.login('leader_d02');
    expect((await stranger.get(`/api/warnings/${level1}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/warnings/${level1}/letter`)).statusCode).toBe(404);
    expect((await stranger.send('POST', `/api/warnings/${level1}/ack`)).statusCode).toBe(404);
    expect((await stranger.send('POST', `/api/warnings/${level1}/close`, { conclusion: '已处理' })).statusCode).toBe(404);
    const office = await api.login('supervisor1');
    const ack = await office.send('POST', `/api/warnings/${level1}/ack`);
    expect(ack.statusCode).toBe(403);
    expect(ack.json().error.message).toContain('接收人');
    const handler = await api.login('ua_d03');
    expect((await handler.get(`/api/warnings/${level1}`)).statusCode).toBe(404);
    expect((await handler.send('POST', `/api/warnings/${level3}/close`, { conclusion: '' })).statusCode).toBe(400);
    expect((await handler.get('/api/warnings/999999')).statusCode).toBe(404);
    expect((await handler.get('/api/warnings/abc')).statusCode).toBe(400);
  });

  it('takes a leader through acknowledge → follow-up → close, with 400s and 409s on the way', async () => {
    const leader = await api.login('leader1');
    const detail = await leader.get(`/api/warnings/${level1}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ level: 1, levelLabel: '一级', status: 'new', mine: true, mayAcknowledge: true, ticketCount: 3, ticketsHidden: 0 });
    expect(detail.json().tickets.map((x: { number: string }) => x.number).sort()).toEqual([...numbers].sort());
    expect(detail.json().daily.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(3);

    const ack = await leader.send('POST', `/api/warnings/${level1}/ack`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    const again = await leader.send('POST', `/api/warnings/${level1}/ack`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.state).toBe('acknowledged');

    const empty = await leader.send('POST', `/api/warnings/${level1}/follow-ups`, { note: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0]).toMatchObject({ field: 'note', message: '请填写跟进情况', message_en: 'the note is required' });
    expect((await leader.send('POST', `/api/warnings/${level1}/follow-ups`, { note: 'x', extra: 1 })).statusCode).toBe(400);
    const follow = await leader.send('POST', `/api/warnings/${level1}/follow-ups`, { note: '已责成区政府和公安分局到场处置' });
    expect(follow.statusCode).toBe(200);
    expect(follow.json().status).toBe('following');

    const noConclusion = await leader.send('POST', `/api/warnings/${level1}/close`, {});
    expect(noConclusion.statusCode).toBe(400);
    expect(noConclusion.json().error.fields[0].field).toBe('conclusion');
    const close = await leader.send('POST', `/api/warnings/${level1}/close`, { conclusion: '现场已疏导，工资已协调发放' });
    expect(close.statusCode).toBe(200);
    expect(close.json().steps.map((s: { kind: string }) => s.kind)).toEqual(['detected', 'acknowledged', 'follow_up', 'closed']);
    expect((await leader.send('POST', `/api/warnings/${level1}/follow-ups`, { note: '补充' })).statusCode).toBe(409);
    expect((await (await api.login('leader1')).get('/api/warnings?status=closed')).json().items.map((i: { id: number }) => i.id)).toEqual([level1]);
  });
});

describe('POST /api/warnings/detect', () => {
  it('runs the detection for the hotline office and refuses a leader or a unit; a rerun duplicates nothing', async () => {
    for (const u of ['leader1', 'ua_d03']) expect((await (await api.login(u)).send('POST', '/api/warnings/detect')).statusCode, u).toBe(403);
    const office = await api.login('dispatcher1');
    // The level-1 warning was closed above: its tickets are still in the window, so it is raised again, once.
    const first = await office.send('POST', '/api/warnings/detect');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 1, updated: 0, sensitive: 2 });
    const before = await t.db.selectFrom('warnings').select('id').execute();
    const again = await office.send('POST', '/api/warnings/detect');
    expect(again.json()).toMatchObject({ created: 0, updated: 0 });
    expect(await t.db.selectFrom('warnings').select('id').execute()).toHaveLength(before.length);
  });
});

describe('GET /api/warnings/:id/letter', () => {
  it('is an A4 print page: title 关于…的预警函, number, recipients, figures, the tickets, requested actions, deadline, issuer, date', async () => {
    const res = await (await api.login('leader1')).get(`/api/warnings/${level1}/letter`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toMatch(/<h1>关于.*「群体事件」敏感事项的预警函<\/h1>/);
    expect(html).toMatch(/民声预警〔2026〕\d+号/);
    expect(html).toContain('一级预警');
    expect(html).toContain('市领导一');
    expect(html).toContain('size: A4');
    for (const n of numbers) expect(html).toContain(n);
    expect(html).toContain('工作要求');
    expect(html).toMatch(/反馈期限：2026年11月\d+日/);
    expect(html).toContain('12345政务服务便民热线办公室');
    expect(html).toContain('<b>3</b> 件');
    // Titles are escaped, never markup.
    expect(html).not.toMatch(/<script/i);
  });
});

describe('/api/warning-rules', () => {
  it('is for administrators only', async () => {
    for (const u of ['leader1', 'supervisor1', 'ua_d03']) {
      expect((await (await api.login(u)).get('/api/warning-rules')).statusCode, u).toBe(403);
      expect((await (await api.login(u)).send('PUT', '/api/warning-rules', { rules: [] })).statusCode, u).toBe(403);
    }
  });

  it('lists the defaults and saves an edited list; bad rules are 400s naming the field', async () => {
    const admin = await api.login('admin');
    const res = await admin.get('/api/warning-rules');
    expect(res.statusCode).toBe(200);
    const rules = res.json().rules as { id: number; name: string; level: number; minCount: number; keywords: string[] }[];
    expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(['群体事件', '安全生产事故', '讨薪欠薪', '停水', '停电', '噪音扰民', '交通堵塞']));
    const bad = await admin.send('PUT', '/api/warning-rules', { rules: [{ ...rules[0], minCount: 0 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('rules.0.minCount');
    const noWords = await admin.send('PUT', '/api/warning-rules', { rules: [{ name: '空规则', keywords: [], subjectIds: [], minCount: 1, windowHours: 24, level: 3, active: true }] });
    expect(noWords.statusCode).toBe(400);
    expect(noWords.json().error.fields[0].field).toBe('rules.0.keywords');
    const edited = [...rules.map((r) => (r.name === '噪音扰民' ? { ...r, minCount: 20 } : r)),
      { name: '燃气异味', keywords: ['燃气味', '煤气味'], subjectIds: [], minCount: 2, windowHours: 12, level: 1, active: true }];
    const saved = await admin.send('PUT', '/api/warning-rules', { rules: edited });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = saved.json().rules as typeof rules;
    expect(after.find((r) => r.name === '噪音扰民')!.minCount).toBe(20);
    expect(after.find((r) => r.name === '燃气异味')).toMatchObject({ level: 1, minCount: 2, keywords: ['燃气味', '煤气味'] });
    // Left out → switched off, not deleted (past warnings name it).
    const fewer = await admin.send('PUT', '/api/warning-rules', { rules: after.filter((r) => r.name !== '交通堵塞') });
    expect(fewer.statusCode).toBe(200);
    expect((fewer.json().rules as { name: string; active: boolean }[]).filter((r) => r.name.startsWith('交通堵塞')).map((r) => r.active)).toEqual([false]);
  });
});
