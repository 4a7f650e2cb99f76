// Platform settings: administrators change limits without a deploy; each value is checked, audited,
// and takes effect in the use cases at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingMinutes } from '../../src/domain/calendar/index.js';
import { loadWorkCalendar } from '../../src/services/calendar.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { act, cast, newTicket, unitIdByCode, type Cast } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;
let c: Cast;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  admin = await api.login('admin');
  c = await cast(api);
});

describe('platform settings', () => {
  it('lists every setting with its default', async () => {
    const items = (await admin.get('/api/settings')).json().items;
    expect(items.find((s: { key: string }) => s.key === 'tickets.reopenLimit')).toMatchObject({ value: 2, defaultValue: 2, isDefault: true, label: expect.stringContaining('重办') });
  });

  it('a lower reopen limit takes effect at once, and the change is audited', async () => {
    const res = await admin.send('PUT', '/api/settings/tickets.reopenLimit', { value: 0 });
    expect(res.statusCode, res.body).toBe(200);
    const ticket = await newTicket(c.operator, { type: 'consult' });
    await act(c.operator, ticket.id, 'answer', { answer: '已答复' });
    const refused = await c.visitor.send('POST', `/api/tickets/${ticket.id}/reopen`, { reason: '未解决' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('reopen_limit');
    const audit = (await admin.get('/api/audit?action=setting.update')).json().items;
    expect(audit[0]).toMatchObject({ targetId: 'tickets.reopenLimit', details: { from: 2, to: 0 } });
    await admin.send('PUT', '/api/settings/tickets.reopenLimit', { value: 2 });
  });

  it('changing the working hours moves the calendar version (open deadlines are recomputed)', async () => {
    const before = await t.db.selectFrom('platforms').select('calendar_version').executeTakeFirstOrThrow();
    const res = await admin.send('PUT', '/api/settings/calendar.workHours', { value: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }] });
    expect(res.statusCode, res.body).toBe(200);
    const after = await t.db.selectFrom('platforms').select('calendar_version').executeTakeFirstOrThrow();
    expect(after.calendar_version).toBe(before.calendar_version + 1);
    // A dispatch now counts working minutes inside the new hours (a complaint: 4,500 working minutes).
    const ticket = await newTicket(c.operator);
    const v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
    const cal = await loadWorkCalendar(t.db, 1);
    expect(cal.minutesPerDay).toBe(420);
    const due = new Date(v.assignments[0].replyDeadline);
    expect(due).toEqual(addWorkingMinutes(cal, new Date(v.assignments[0].dispatchedAt), 4500));
    expect(due.getUTCHours() * 60 + due.getUTCMinutes()).toBeGreaterThanOrEqual(60); // 09:00 Shanghai or later
    await admin.send('PUT', '/api/settings/calendar.workHours', { value: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] });
  });

  it.each([
    ['tickets.reopenLimit', -1],
    ['tickets.reopenLimit', 'two'],
    ['attachments.maxBytes', 10],
    ['auth.lockout', { maxFailures: 1, lockMinutes: 5 }],
    ['calendar.workHours', [{ start: '12:00', end: '08:30' }]],
    ['calendar.workHours', [{ start: '8:30', end: '12:00' }]],
  ])('refuses %s = %j with 400 naming the value', async (key, value) => {
    const res = await admin.send('PUT', `/api/settings/${key}`, { value });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'value', message: expect.stringMatching(/[\u4e00-\u9fa5]/), message_en: expect.stringMatching(/invalid/) });
  });

  it('an unknown key is 404; a dispatcher or a handler is refused', async () => {
    expect((await admin.send('PUT', '/api/settings/nope.nothing', { value: 1 })).statusCode).toBe(404);
    for (const who of [c.dispatcher, await api.login('h_d01'), await api.login('ua_d01')]) {
      expect((await who.get('/api/settings')).statusCode).toBe(403);
      expect((await who.send('PUT', '/api/settings/tickets.reopenLimit', { value: 5 })).statusCode).toBe(403);
    }
  });
});
