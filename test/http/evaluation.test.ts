// The evaluation API: templates for administrators at the platform root only (audited, 400 naming
// the field, 409 on a stale version), compute and publish, and who reads which score: leaders and
// supervisors every unit, a unit only its own published score and explanation.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../src/domain/evaluation/index.js';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { insertTicket, pickUnits } from '../services/evaluation-fixtures.js';

const NOW = new Date('2026-04-02T02:00:00Z');
let t: TestDatabase;
let api: TestApp;
let units: Awaited<ReturnType<typeof pickUnits>>;
let deptHandler = '';

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  api.clock.set(NOW);
  units = await pickUnits(t.db);
  deptHandler = `h_${units.dept.code.toLowerCase()}`;
  await insertTicket(t.db, { accepted: '2026-03-04T10:00:00+08:00', assignments: [{ unitId: units.dept.id, deadline: '2026-03-20T18:00:00+08:00' }] });
  await insertTicket(t.db, { accepted: '2026-03-04T10:00:00+08:00', assignments: [{ unitId: units.street.id, deadline: '2026-03-21T18:00:00+08:00' }] });
  // Free the demo's members for this file's template.
  const admin = await api.login('admin');
  for (const tpl of (await admin.get('/api/evaluation/templates')).json().templates as { code: string }[]) {
    expect((await admin.send('DELETE', `/api/evaluation/templates/${tpl.code}`)).statusCode).toBe(204);
  }
});

const body = { name: '市直与县区考评', body: DEFAULT_TEMPLATE, units: [] as { unitId: number; keyUnit: boolean }[] };

describe('templates', () => {
  it('only administrators at the platform root manage them', async () => {
    for (const who of ['leader1', 'supervisor1', 'dispatcher1', deptHandler]) {
      const s = await api.login(who);
      expect((await s.get('/api/evaluation/templates')).statusCode, who).toBe(403);
      expect((await s.send('POST', '/api/evaluation/templates', { ...body, code: 'x' })).statusCode, who).toBe(403);
    }
  });

  it('creates, versions on save, refuses a stale version and a taken code, and audits', async () => {
    const admin = await api.login('admin');
    const units2 = [{ unitId: units.district.id, keyUnit: false }, { unitId: units.dept.id, keyUnit: true }];
    const created = await admin.send('POST', '/api/evaluation/templates', { ...body, code: 'main', units: units2 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'main', version: 1, units: [{ unitId: units.district.id }, { unitId: units.dept.id, keyUnit: true }] });
    expect((await admin.send('POST', '/api/evaluation/templates', { ...body, code: 'main' })).statusCode).toBe(409);
    const saved = await admin.send('PUT', '/api/evaluation/templates/main', { ...body, units: units2, version: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, versions: [2, 1] });
    const stale = await admin.send('PUT', '/api/evaluation/templates/main', { ...body, units: units2, version: 1 });
    expect(stale.statusCode).toBe(409);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'evaluation.template%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['evaluation.template_create', 'evaluation.template_update']));
  });

  it('answers bad templates with a 400 naming the field in Chinese and English', async () => {
    const admin = await api.login('admin');
    const cases: [unknown, string][] = [
      [{ ...body, code: 'Bad Code' }, 'code'],
      [{ ...body, code: 'b', body: { ...DEFAULT_TEMPLATE, indicators: [{ key: 'nope', weight: 10, target: 90, floor: 50, curve: 'linear' }] } }, 'body.indicators.0.key'],
      [{ ...body, code: 'b', body: { ...DEFAULT_TEMPLATE, indicators: [{ key: 'onTimeRate', weight: 10, target: 190, floor: 50, curve: 'linear' }] } }, 'body.indicators.0.target'],
      [{ ...body, code: 'b', body: { ...DEFAULT_TEMPLATE, indicators: [{ key: 'onTimeRate', weight: 10, target: 90, floor: 50, curve: 'cubic' }] } }, 'body.indicators.0.curve'],
      [{ ...body, code: 'b', body: { ...DEFAULT_TEMPLATE, indicators: [{ key: 'onTimeRate', weight: 80, target: 90, floor: 50, curve: 'linear' }, { key: 'closureRate', weight: 30, target: 90, floor: 50, curve: 'linear' }] } }, 'body.indicators'],
      [{ ...body, code: 'b', units: [{ unitId: units.dept.id, keyUnit: false }] }, 'units'],
    ];
    for (const [payload, field] of cases) {
      const res = await admin.send('POST', '/api/evaluation/templates', payload);
      expect(res.statusCode, field).toBe(400);
      const f = res.json().error.fields[0];
      expect(f.field, res.body).toBe(field);
      expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(f.message_en).toMatch(/[a-z]/i);
    }
  });
});

describe('a month', () => {
  it('is computed and published by administrators only', async () => {
    const leader = await api.login('leader1');
    expect((await leader.send('POST', '/api/evaluation/main/months/2026-03/compute')).statusCode).toBe(403);
    const admin = await api.login('admin');
    expect((await admin.send('POST', '/api/evaluation/main/months/2026-13/compute')).json().error.fields[0].field).toBe('month');
    expect((await admin.send('POST', '/api/evaluation/main/months/2026-05/compute')).statusCode).toBe(400);
    expect((await admin.send('POST', '/api/evaluation/nope/months/2026-03/compute')).statusCode).toBe(404);
    const res = await admin.send('POST', '/api/evaluation/main/months/2026-03/compute');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ units: 2, items: 2, templateVersion: 2 });
  });

  it('shows leaders every unit, and a unit nothing until it is published, then only its own', async () => {
    const leader = await api.login('leader1');
    const all = await leader.get('/api/evaluation/main/months/2026-03/scores');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items.map((i: { unitId: number }) => i.unitId).sort()).toEqual([units.district.id, units.dept.id].sort());
    const unit = await api.login(deptHandler);
    expect((await unit.get('/api/evaluation/main/months/2026-03/scores')).statusCode).toBe(404);
    expect((await unit.get('/api/evaluation/periods')).json().templates).toEqual([]);
    const admin = await api.login('admin');
    expect((await admin.send('POST', '/api/evaluation/main/months/2026-03/publish')).statusCode).toBe(200);
    expect((await admin.send('POST', '/api/evaluation/main/months/2026-03/compute')).statusCode).toBe(409);
    const own = await unit.get('/api/evaluation/main/months/2026-03/scores');
    expect(own.json().items.map((i: { unitId: number }) => i.unitId)).toEqual([units.dept.id]);
    expect((await unit.get('/api/evaluation/periods')).json().templates[0].months).toEqual([{ month: '2026-03', state: 'published' }]);
    const mine = await unit.get(`/api/evaluation/main/months/2026-03/scores/${units.dept.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: { kind: string }) => i.kind)).toEqual(['overdue']);
    const theirs = await unit.get(`/api/evaluation/main/months/2026-03/scores/${units.district.id}`);
    expect(theirs.statusCode).toBe(403);
    const district = await api.login('ua_d01');
    expect((await district.get('/api/evaluation/main/months/2026-03/scores')).json().items.map((i: { unitId: number }) => i.unitId)).toEqual([units.district.id]);
    expect((await district.get(`/api/evaluation/main/months/2026-03/scores/${units.district.id}`)).json().items.map((i: { kind: string }) => i.kind)).toEqual(['overdue']);
  });

  it('exports the ranking and gives the lists to the office and its leaders only', async () => {
    const admin = await api.login('admin');
    const csv = await admin.get('/api/evaluation/main/months/2026-03/export');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('排名');
    expect(csv.body.split('\n').filter((l) => l.trim()).length).toBe(3);
    const xlsx = await admin.get('/api/evaluation/main/months/2026-03/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await admin.get('/api/evaluation/main/months/2026-03/export?format=rtf')).json().error.fields[0].field).toBe('format');
    expect((await (await api.login(deptHandler)).get('/api/evaluation/summary?month=2026-03')).statusCode).toBe(403);
    const summary = await (await api.login('leader1')).get('/api/evaluation/summary?month=2026-03');
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().templates[0].ranking).toHaveLength(2);
    const bad = await admin.get('/api/evaluation/summary');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('month');
  });

  it('bonuses and annual scores are the administrators\', and a published month takes no bonus', async () => {
    const admin = await api.login('admin');
    const published = await admin.send('POST', '/api/evaluation/main/months/2026-03/bonuses', { unitId: units.dept.id, category: 'innovation', reason: '创新', points: 1 });
    expect(published.statusCode).toBe(409);
    const bad = await admin.send('POST', '/api/evaluation/main/months/2026-04/bonuses', { unitId: units.dept.id, category: 'innovation', reason: '', points: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['points', 'reason']);
    expect((await (await api.login('leader1')).send('PUT', '/api/evaluation/main/years/2026/annual/scores', { entries: [] })).statusCode).toBe(403);
    const put = await admin.send('PUT', '/api/evaluation/main/years/2026/annual/scores', { entries: [{ unitId: units.dept.id, annualScore: 95, onSiteScore: 90 }] });
    expect(put.statusCode, put.body).toBe(200);
    const computed = await admin.send('POST', '/api/evaluation/main/years/2026/annual/compute');
    const items = computed.json().items as { unitId: number; months: number; incomplete: boolean; composite: number | null }[];
    expect(items.find((i) => i.unitId === units.dept.id)).toMatchObject({ months: 1, incomplete: false });
    // No annual score entered for the district yet: its composite stands on the months alone, flagged.
    expect(items.find((i) => i.unitId === units.district.id)).toMatchObject({ months: 1, incomplete: true });
    const own = await (await api.login(deptHandler)).get('/api/evaluation/main/years/2026/annual');
    expect(own.json().items.map((i: { unitId: number }) => i.unitId)).toEqual([units.dept.id]);
  });
});
