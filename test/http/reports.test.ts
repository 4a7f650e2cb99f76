// The reports API: a report on demand in the caller's scope (document and files), 400s naming the
// field, schedules for administrators only (audited), and the delivery job: a due schedule gives
// one delivery with one recipient row per user, never twice; recipients download, anyone else 404.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliverReports } from '../../src/jobs/report-delivery.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { seedHistory } from '../../src/services/demo/history-seed.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testVault } from '../support/template.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;
let leader: Session;
let operator: Session;
let rootId: number;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  const now = api.clock.now();
  await seedHistory(t.db, testVault, { count: 300, seed: 4, from: new Date('2026-06-01T00:00:00Z'), now, via: 'bulk', search: 'inline', sweep: sweepDeadlines });
  [admin, leader, operator] = await Promise.all(['admin', 'leader1', 'operator1'].map((u) => api.login(u))) as [Session, Session, Session];
  rootId = Number((await t.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id);
}, 120_000);

const fieldsOf = (body: string): string[] => (JSON.parse(body).error.fields ?? []).map((f: { field: string }) => f.field);

describe('a report on demand', () => {
  it('gives a leader the monthly report as content', async () => {
    const res = await leader.get('/api/reports/document?kind=monthly&month=2026-10');
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json();
    expect(doc.title).toContain('2026年10月运行情况月报');
    expect(doc.period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    const lead = doc.blocks.find((b: { kind: string; text?: string }) => b.kind === 'paragraph' && b.text?.startsWith('2026年10月，'));
    const received = (await sql<{ n: number }>`select count(*)::int as n from tickets where state not in ('invalid', 'merged')
      and accepted_at >= '2026-10-01T00:00:00+08:00' and accepted_at < '2026-11-01T00:00:00+08:00'`.execute(t.db)).rows[0]!.n;
    expect(received).toBeGreaterThan(0);
    expect(lead.text).toContain(`共受理问题${received}件`);
  });

  it('downloads the units tables as Word, and the report as HTML inline for the screen', async () => {
    const res = await leader.get('/api/reports/file?kind=units&from=2026-09-01&to=2026-10-31&format=docx');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const html = await leader.get('/api/reports/file?kind=weekly&week=2026-10-14&format=html');
    expect(html.statusCode).toBe(200);
    expect(String(html.headers['content-disposition'])).toMatch(/^inline;/);
    expect(html.body).toContain('2026年第42周');
  });

  it('refuses bad input with 400 naming the field, and people who may not read figures with 403', async () => {
    expect(fieldsOf((await leader.get('/api/reports/document?kind=monthly')).body)).toEqual(['month']);
    expect(fieldsOf((await leader.get('/api/reports/document?kind=monthly&month=2026-13')).body)).toEqual(['month']);
    expect(fieldsOf((await leader.get('/api/reports/document?kind=yearly&year=2026')).body)).toEqual(['kind']);
    expect(fieldsOf((await leader.get('/api/reports/document?kind=units&from=2026-10-31&to=2026-10-01')).body)).toEqual(['to']);
    expect(fieldsOf((await leader.get('/api/reports/file?kind=annual&year=2026&format=exe')).body)).toEqual(['format']);
    // A district's leader: the units of their district, never another district's.
    const districtLeader = await api.login('leader_d02');
    const [d02, d03] = await Promise.all(['D02', 'D03'].map(async (code) => Number((await t.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id))) as [number, number];
    expect((await districtLeader.get(`/api/reports/document?kind=units&from=2026-10-01&to=2026-10-31&parentUnitId=${d03}`)).statusCode).toBe(403);
    const own = await districtLeader.get('/api/reports/document?kind=units&from=2026-10-01&to=2026-10-31');
    expect(own.statusCode, own.body).toBe(200);
    const children = await t.db.selectFrom('units').select('id').where('parent_id', '=', d02).execute();
    const rows = own.json().blocks.filter((b: { kind: string }) => b.kind === 'table').reduce((n: number, b: { rows: unknown[] }) => n + b.rows.length, 0);
    expect(rows).toBe(children.length);
    const handler = await api.login((await t.db.selectFrom('users').select('username').where(sql<boolean>`roles = '{handler}'`).orderBy('id').executeTakeFirstOrThrow()).username);
    expect((await handler.get('/api/reports/document?kind=annual&year=2026')).statusCode).toBe(403);
  });
});

describe('schedules and delivery', () => {
  let scheduleId = 0;
  const body = (over: Record<string, unknown> = {}) => ({
    name: '月报（领导）', kind: 'monthly', formats: ['docx', 'html'], cadence: 'monthly', day: 1, hour: 8,
    recipientUserIds: [leader.user.id], recipientRoles: ['supervisor'], recipientUnitId: rootId, ...over,
  });

  it('lets administrators alone create and edit schedules, refusing bad input field by field', async () => {
    expect((await operator.send('POST', '/api/reports/schedules', body())).statusCode).toBe(403);
    expect((await leader.get('/api/reports/schedules')).statusCode).toBe(403);
    expect(fieldsOf((await admin.send('POST', '/api/reports/schedules', body({ day: 30 }))).body)).toEqual(['day']);
    expect(fieldsOf((await admin.send('POST', '/api/reports/schedules', body({ cadence: 'weekly' }))).body)).toEqual(['cadence']);
    expect(fieldsOf((await admin.send('POST', '/api/reports/schedules', body({ recipientUserIds: [], recipientRoles: [] }))).body)).toEqual(['recipientUserIds']);
    expect(fieldsOf((await admin.send('POST', '/api/reports/schedules', body({ formats: [] }))).body)).toEqual(['formats']);
    expect(fieldsOf((await admin.send('POST', '/api/reports/schedules', body({ hour: 24 }))).body)).toEqual(['hour']);
    const created = await admin.send('POST', '/api/reports/schedules', body());
    expect(created.statusCode, created.body).toBe(200);
    scheduleId = created.json().id;
    expect(created.json().nextAt).toBe('2026-12-01T00:00:00.000Z');
    expect((await admin.send('POST', '/api/reports/schedules', body())).statusCode).toBe(409);
    const edited = await admin.send('PUT', `/api/reports/schedules/${scheduleId}`, body({ hour: 9 }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().hour).toBe(9);
    expect((await admin.send('PUT', '/api/reports/schedules/999999', body())).statusCode).toBe(404);
    const audited = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_type', '=', 'report_schedule').orderBy('id').execute();
    expect(audited.map((a) => a.action)).toEqual(['report_schedule.create', 'report_schedule.update']);
    expect((audited[1]!.details as { before: { hour: number } }).before.hour).toBe(8);
    const list = await admin.get('/api/reports/schedules');
    expect(list.json().items.map((s: { id: number }) => s.id)).toEqual([scheduleId]);
  });

  it('delivers a due report once, to each recipient, who alone may download it', async () => {
    // Created on 3 November: the 1 November firing predates it, so nothing is due yet.
    expect(await deliverReports(t.db, api.clock.now())).toBeNull();
    api.clock.set(new Date('2026-12-01T01:30:00Z')); // 09:30 in Shanghai, past the 09:00 firing
    // Sessions last 12 hours: sign in again at the new time.
    [admin, leader, operator] = await Promise.all(['admin', 'leader1', 'operator1'].map((u) => api.login(u))) as [Session, Session, Session];
    const supervisors = await t.db.selectFrom('users').select('id').where('unit_id', '=', rootId).where(sql<boolean>`'supervisor' = any(roles)`).where('active', '=', true).execute();
    const expected = new Set([leader.user.id, ...supervisors.map((s) => Number(s.id))]);
    expect(await deliverReports(t.db, api.clock.now())).toEqual({ delivered: 1, recipients: expected.size });
    expect(await deliverReports(t.db, api.clock.now())).toBeNull();
    const deliveries = await t.db.selectFrom('report_deliveries').selectAll().execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.period_key).toBe('2026-11');
    const recipients = await t.db.selectFrom('report_recipients').select('user_id').execute();
    expect(new Set(recipients.map((r) => Number(r.user_id)))).toEqual(expected);
    const files = await t.db.selectFrom('report_files').select(['format', 'size']).orderBy('format').execute();
    expect(files.map((f) => f.format)).toEqual(['docx', 'html']);

    const inbox = await leader.get('/api/reports/inbox');
    expect(inbox.json()).toMatchObject({ total: 1, unread: 1 });
    const id = inbox.json().items[0].id;
    expect(inbox.json().items[0].readAt).toBeNull();
    const file = await leader.get(`/api/reports/deliveries/${id}/files/docx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(DOCX);
    expect((await leader.get('/api/reports/inbox/unread')).json()).toEqual({ unread: 0 });

    expect((await operator.get(`/api/reports/deliveries/${id}/files/docx`)).statusCode).toBe(404);
    expect((await operator.send('POST', `/api/reports/deliveries/${id}/read`)).statusCode).toBe(404);
    expect((await operator.get('/api/reports/inbox')).json()).toMatchObject({ total: 0, unread: 0 });
    expect((await leader.get(`/api/reports/deliveries/${id}/files/pdf`)).statusCode).toBe(404);
    expect((await leader.get(`/api/reports/deliveries/${id}/files/exe`)).statusCode).toBe(404);
  });

  it('stops delivering once the schedule is switched off', async () => {
    const off = await admin.send('POST', `/api/reports/schedules/${scheduleId}/active`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ active: false, nextAt: null });
    api.clock.set(new Date('2027-01-01T02:00:00Z'));
    expect(await deliverReports(t.db, api.clock.now())).toBeNull();
    expect(await t.db.selectFrom('report_deliveries').select('id').execute()).toHaveLength(1);
  });
});
