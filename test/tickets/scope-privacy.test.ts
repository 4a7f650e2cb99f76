// Scope (a district never reaches another district's tickets) and privacy (masked names and
// phones, logged reveals for platform roles only, no plaintext phone or ID at rest).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/domain/tickets/machine.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { act, cast, newTicket, PHONE, unitIdByCode, type Cast } from './support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let d01: number;
let hD01: Session;
let hD02: Session;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  d01 = await unitIdByCode(t.db, 'D01');
  [hD01, hD02] = await Promise.all([api.login('h_d01'), api.login('h_d02')]);
});

// A body each action's schema accepts, so the request reaches the use case and its scope check.
const VALID: Record<(typeof ACTIONS)[number], Record<string, unknown>> = {
  answer: { answer: '答复' }, dispatch: { primaryUnitId: 1 }, redispatch: { unitId: 1 }, sign: {}, 'request-return': { reason: '不属于本单位' },
  'decide-return': { approve: true }, 'request-extension': { days: 1, reason: '需要协调' }, 'decide-extension': { approve: true }, suspend: { reason: '等待材料' },
  resume: {}, reply: { result: '已处理', contacted: true }, review: { approve: true }, visit: { contacted: false }, reopen: { reason: '未解决' },
  close: { reason: 'withdrawn', explanation: '市民撤回' }, archive: {}, merge: { masterId: 1 }, split: { parts: [{ content: 'a' }, { content: 'b' }] },
  invalidate: { reason: '骚扰' }, urge: {}, supervise: { op: 'open', level: 'system', reason: '超期' }, reveal: { field: 'phone' },
};

describe('a handler of one district on another district\'s ticket', () => {
  it('gets 404 through every route, and the list does not show it', async () => {
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    expect((await hD01.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(200);
    expect((await hD02.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(404);
    for (const action of ACTIONS) {
      const res = await hD02.send('POST', `/api/tickets/${ticket.id}/${action}`, VALID[action]);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(404);
    }
    const list = (await hD02.get('/api/tickets?pageSize=200')).json();
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(ticket.id);
    const own = (await hD01.get('/api/tickets?pageSize=200')).json();
    expect(own.items.map((x: { id: number }) => x.id)).toContain(ticket.id);
    // Filters do not open a way round the scope.
    const filtered = (await hD02.get(`/api/tickets?unitId=${d01}&q=${ticket.number}`)).json();
    expect(filtered.total).toBe(0);
    // And nothing changed.
    expect((await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json().events).toHaveLength(2);
  });

  it('a unit sees its tickets but may not act for the platform (403)', async () => {
    const ticket = await newTicket(c.operator);
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    for (const action of ['review', 'visit', 'close', 'archive', 'reveal', 'urge', 'decide-extension'] as const) {
      const res = await hD01.send('POST', `/api/tickets/${ticket.id}/${action}`, VALID[action]);
      expect([403, 409], `${action}: ${res.body}`).toContain(res.statusCode);
    }
    expect((await hD01.send('POST', `/api/tickets/${ticket.id}/reveal`, { field: 'phone' })).statusCode).toBe(403);
    expect((await hD01.send('POST', '/api/tickets', { channel: 'phone', type: 'help', content: 'x' })).statusCode).toBe(403);
  });
});

describe('personal data', () => {
  it('a confidential ticket shows units 张* and 138****5678; the platform reveals the phone, and the reveal is an event', async () => {
    const ticket = await newTicket(c.operator, { citizen: { name: '张三丰', phone: PHONE, confidential: true, idNumber: '11010519491231002X' } });
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    const unitView = (await hD01.get(`/api/tickets/${ticket.id}`)).json();
    expect(unitView.citizen).toEqual({ name: '张**', phone: '138****5678', confidential: true, masked: true });
    expect(JSON.stringify(unitView)).not.toContain(PHONE);
    expect(JSON.stringify(unitView)).not.toContain('张三丰');
    const listView = (await hD01.get('/api/tickets')).json();
    expect(JSON.stringify(listView)).not.toContain('张三丰');
    const platformView = (await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json();
    expect(platformView.citizen).toEqual({ name: '张三丰', phone: '138****5678', confidential: true, masked: false });

    const revealed = await c.dispatcher.send('POST', `/api/tickets/${ticket.id}/reveal`, { field: 'phone' });
    expect(revealed.json()).toEqual({ field: 'phone', value: PHONE });
    const id = await c.visitor.send('POST', `/api/tickets/${ticket.id}/reveal`, { field: 'idNumber' });
    expect(id.json().value).toBe('11010519491231002X');
    expect((await hD01.send('POST', `/api/tickets/${ticket.id}/reveal`, { field: 'phone' })).statusCode).toBe(403);
    expect((await (await api.login('leader1')).send('POST', `/api/tickets/${ticket.id}/reveal`, { field: 'phone' })).statusCode).toBe(403);
    const detail = (await c.dispatcher.get(`/api/tickets/${ticket.id}`)).json();
    const reveals = detail.events.filter((e: { type: string }) => e.type === 'revealed');
    expect(reveals).toMatchObject([{ actorName: expect.any(String), data: { field: 'phone' } }, { data: { field: 'idNumber' } }]);
    // A reveal changes nothing on the ticket: no version bump for the others working on it.
    expect(detail.version).toBe(platformView.version);
  });

  it('the hotline office finds a caller\'s earlier tickets by phone (any spelling); units may not search by phone', async () => {
    const first = await newTicket(c.operator, { citizen: { name: '钱七', phone: '13500009999' } });
    const second = await newTicket(c.operator, { citizen: { phone: '+86 135 0000 9999' } });
    await newTicket(c.operator, { citizen: { phone: '13500008888' } });
    const found = (await c.operator.get('/api/tickets?phone=135-0000-9999')).json();
    expect(found.items.map((x: { id: number }) => x.id).sort()).toEqual([first.id, second.id].sort());
    expect((await c.operator.get('/api/tickets?phone=12')).statusCode).toBe(400);
    expect((await hD01.get('/api/tickets?phone=13500009999')).statusCode).toBe(403);
  });

  it('a non-confidential ticket shows units the name, never the full phone', async () => {
    const ticket = await newTicket(c.operator, { citizen: { name: '王五', phone: '13911112222' } });
    await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    expect((await hD01.get(`/api/tickets/${ticket.id}`)).json().citizen).toEqual({ name: '王五', phone: '139****2222', confidential: false, masked: false });
  });

  it('the same caller is one citizen row, found by the keyed hash; no phone or ID number is stored in plain text', async () => {
    await newTicket(c.operator, { citizen: { name: '赵六', phone: '+86 139-0000-7777' } });
    await newTicket(c.operator, { citizen: { phone: '13900007777' } });
    const rows = await t.db.selectFrom('citizens').selectAll().where('phone_mask', '=', '139****7777').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('赵六');
    expect(rows[0]!.phone_enc).not.toContain('7777');
    // Every text column of every table, as the database holds it.
    const dump = await sql<{ t: string }>`select string_agg(row_to_json(x)::text, '\n') as t from (
      select * from citizens) x`.execute(t.db);
    const tickets = await sql<{ t: string }>`select string_agg(row_to_json(x)::text, '\n') as t from tickets x`.execute(t.db);
    const events = await sql<{ t: string }>`select string_agg(row_to_json(x)::text, '\n') as t from ticket_events x`.execute(t.db);
    for (const text of [dump.rows[0]!.t, tickets.rows[0]!.t, events.rows[0]!.t]) {
      expect(text).not.toMatch(/1[3-9]\d{9}/);
      expect(text).not.toContain('11010519491231002X');
    }
  });
});
