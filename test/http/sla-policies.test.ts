// SLA policy administration: everyone reads, the platform's administrators change; a change
// reaches new dispatches; bad values are refused naming the field, in Chinese and English.
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingMinutes } from '../../src/domain/calendar/index.js';
import { loadWorkCalendar } from '../../src/services/calendar.js';
import { signedIn, type Session, type TestApp } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';
import { act, newTicket, unitIdByCode } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let admin: Session;
let handler: Session;

beforeAll(async () => {
  ({ t, api, session: admin } = await signedIn());
  handler = await api.login('h_d01');
});

interface Policy {
  id: number;
  name: string;
  priority: number;
  active: boolean;
  matchType: string | null;
  matchSubjectId: number | null;
  matchSubjectName: string | null;
  reply: { minutes: number; clock: boolean };
}

const list = async (session: Session): Promise<Policy[]> => {
  const res = await session.get('/api/sla-policies');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const byName = async (name: string) => (await list(admin)).find((p) => p.name === name)!;

const subjectId = async (name: string) => (await t.db.selectFrom('subjects').select('id').where('name', '=', name).orderBy('level').executeTakeFirstOrThrow()).id;

const fieldsOf = (body: string) => (JSON.parse(body).error.fields as { field: string; message: string; message_en: string }[]);

describe('SLA policies', () => {
  it('everyone signed in reads the defaults, in the order they are tried', async () => {
    const items = await list(handler);
    const names = items.map((p) => p.name);
    expect(names[0]).toBe('特急');
    expect(names.at(-1)).toBe('默认');
    expect(names).toEqual(expect.arrayContaining(['紧急', '咨询', '求助', '投诉', '举报', '建议', '水电气热·供水']));
    expect(items.find((p) => p.name === '水电气热·供水')).toMatchObject({ matchSubjectName: '供水', reply: { minutes: 1440, clock: true } });
    expect(items.find((p) => p.name === '投诉')).toMatchObject({ matchType: 'complaint', reply: { minutes: 4500, clock: false }, active: true });
    expect((await api.app.inject({ method: 'GET', url: '/api/sla-policies' })).statusCode).toBe(401);
  });

  it('an administrator adds 复杂事项 (15 working days) for a subject; a ticket of that subtree is dispatched under it', async () => {
    const subject = await subjectId('城市管理');
    const res = await admin.send('POST', '/api/sla-policies', {
      name: '复杂事项', priority: 40, matchSubjectId: subject, sign: { minutes: 450, clock: false }, reply: { minutes: 15 * 450, clock: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: '复杂事项', priority: 40, matchType: null, matchUrgency: null, matchSubjectId: subject, matchSubjectName: '城市管理',
      reviewMinutes: 450, visitMinutes: 900, returnWindowMinutes: 900, extensionMaxMinutes: 4500, extensionMaxCount: 1, warnShare: 0.75, active: true,
    });
    const audit = (await admin.get('/api/audit?action=sla_policy.create')).json().items;
    expect(audit[0]).toMatchObject({ action: 'sla_policy.create', targetId: String(res.json().id), details: { name: '复杂事项' } });

    // A complaint about 城市管理 › 违法建设 › 私搭乱建: the subtree's policy (priority 40) is tried
    // before 投诉 (50), and the catalogue rule for 违法建设 names no policy of its own.
    const leaf = await subjectId('私搭乱建');
    const [operator, dispatcher] = await Promise.all([api.login('operator1'), api.login('dispatcher1')]);
    const ticket = await newTicket(operator, { subjectId: leaf });
    const v = await act(dispatcher, ticket.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
    const cal = await loadWorkCalendar(t.db, 1);
    expect(new Date(v.assignments[0].replyDeadline)).toEqual(addWorkingMinutes(cal, new Date(v.assignments[0].dispatchedAt), 15 * 450));
    const detail = (await dispatcher.get(`/api/tickets/${ticket.id}`)).json();
    expect(detail.events.find((e: { type: string }) => e.type === 'dispatched').data.policy).toMatchObject({ name: '复杂事项' });
  });

  it('a disabled policy governs no new dispatch, but the tickets dispatched under it keep it', async () => {
    const subject = await subjectId('市容环境');
    const created = (await admin.send('POST', '/api/sla-policies', {
      name: '市容限时', priority: 35, matchSubjectId: subject, sign: { minutes: 450, clock: false }, reply: { minutes: 2 * 450, clock: false },
      extensionMaxMinutes: 450, extensionMaxCount: 1,
    })).json();
    const leaf = await subjectId('暴露垃圾');
    const [operator, dispatcher, handler] = await Promise.all([api.login('operator1'), api.login('dispatcher1'), api.login('h_d01')]);
    const d01 = await unitIdByCode(t.db, 'D01');
    const before = await newTicket(operator, { subjectId: leaf });
    await act(dispatcher, before.id, 'dispatch', { primaryUnitId: d01 });
    expect((await admin.send('PATCH', `/api/sla-policies/${created.id}`, { active: false })).statusCode).toBe(200);
    // The old ticket's extension is still judged by its own policy: at most one day.
    await act(handler, before.id, 'request-extension', { days: 2, reason: '需协调' }, 400);
    await act(handler, before.id, 'request-extension', { days: 1, reason: '需协调' });
    // A new ticket of the subject falls through to the next policy.
    const after = await newTicket(operator, { subjectId: leaf });
    await act(dispatcher, after.id, 'dispatch', { primaryUnitId: d01 });
    const ev = (await dispatcher.get(`/api/tickets/${after.id}`)).json().events.find((e: { type: string }) => e.type === 'dispatched');
    expect(ev.data.policy.name).not.toBe('市容限时');
  });

  it('refuses a handler, a dispatcher and a unit administrator (403)', async () => {
    const body = { name: '越权', sign: { minutes: 450, clock: false }, reply: { minutes: 450, clock: false } };
    const id = (await byName('投诉')).id;
    for (const who of ['h_d01', 'dispatcher1', 'ua_d01']) {
      const s = await api.login(who);
      expect((await s.send('POST', '/api/sla-policies', body)).statusCode, who).toBe(403);
      expect((await s.send('PATCH', `/api/sla-policies/${id}`, { priority: 1 })).statusCode, who).toBe(403);
    }
    expect((await list(admin)).some((p) => p.name === '越权')).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty name', { name: '' }, 'name'],
    ['a zero limit', { sign: { minutes: 0, clock: false } }, 'sign.minutes'],
    ['an unknown field', { colour: 'red' }, 'body'],
    ['a share of 1', { warnShare: 1 }, 'warnShare'],
    ['an extension of part of a day', { extensionMaxMinutes: 500 }, 'extensionMaxMinutes'],
    ['an unknown ticket type', { matchType: 'gossip' }, 'matchType'],
    ['an unknown urgency', { matchUrgency: 'whenever' }, 'matchUrgency'],
    ['a subject that does not exist', { matchSubjectId: 987654 }, 'matchSubjectId'],
    ['the name of another policy', { name: '投诉' }, 'name'],
  ])('refuses %s (400 naming %s)', async (_, change, field) => {
    const res = await admin.send('POST', '/api/sla-policies', { name: '新策略', sign: { minutes: 450, clock: false }, reply: { minutes: 2250, clock: false }, ...change });
    expect(res.statusCode, res.body).toBe(400);
    const fields = fieldsOf(res.body);
    expect(fields.map((f) => f.field)).toContain(field);
    expect(fields.every((f) => f.message && f.message_en)).toBe(true);
  });

  it('updates a policy: new dispatches use it, the audit log keeps the old values', async () => {
    const complaint = await byName('投诉');
    const res = await admin.send('PATCH', `/api/sla-policies/${complaint.id}`, { reply: { minutes: 12 * 450, clock: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '投诉', reply: { minutes: 5400, clock: false }, matchType: 'complaint' });
    const audit = (await admin.get('/api/audit?action=sla_policy.update')).json().items;
    expect(audit[0]).toMatchObject({ targetId: String(complaint.id), details: { reply: { minutes: 5400 }, before: { reply: { minutes: 4500, clock: false } } } });
    // Refusals on update name the field too.
    const bad = await admin.send('PATCH', `/api/sla-policies/${complaint.id}`, { name: '咨询' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.body)[0]).toMatchObject({ field: 'name' });
    expect((await admin.send('PATCH', '/api/sla-policies/987654', { priority: 1 })).statusCode).toBe(404);
    expect((await admin.send('PATCH', `/api/sla-policies/${complaint.id}`, { priority: 'first' })).statusCode).toBe(400);
  });

  it('disables a policy (tickets fall to the next match), but never the last catch-all (409)', async () => {
    const complaint = await byName('投诉');
    let res = await admin.send('PATCH', `/api/sla-policies/${complaint.id}`, { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().active).toBe(false);
    const [operator, dispatcher] = await Promise.all([api.login('operator1'), api.login('dispatcher1')]);
    const ticket = await newTicket(operator);
    await act(dispatcher, ticket.id, 'dispatch', { primaryUnitId: await unitIdByCode(t.db, 'D01') });
    const detail = (await dispatcher.get(`/api/tickets/${ticket.id}`)).json();
    expect(detail.events.find((e: { type: string }) => e.type === 'dispatched').data.policy).toMatchObject({ name: '默认' });

    const fallback = await byName('默认');
    res = await admin.send('PATCH', `/api/sla-policies/${fallback.id}`, { active: false });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('catch_all_required');
    // Nor by giving it a condition.
    expect((await admin.send('PATCH', `/api/sla-policies/${fallback.id}`, { matchType: 'praise' })).statusCode).toBe(409);
    expect((await byName('默认')).active).toBe(true);
    expect((await admin.send('PATCH', `/api/sla-policies/${complaint.id}`, { active: true })).statusCode).toBe(200);
  });
});
