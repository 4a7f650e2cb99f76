// Whole lives of tickets through the HTTP API on a real PostgreSQL, with the event trail and the
// figures each life feeds (on time, done first time).
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { act, cast, events, newTicket, unitIdByCode, type Cast } from './support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let d01: number;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  d01 = await unitIdByCode(t.db, 'D01');
});

describe('a ticket\'s whole life', () => {
  it('dispatch → sign → reply → approve → satisfied visit → closed, on time and done first time', async () => {
    const ticket = await newTicket(c.operator);
    expect(ticket.number).toMatch(/^\d{12}$/);
    expect(ticket.state).toBe('dispatching');
    let v = await act(c.dispatcher, ticket.id, 'dispatch', { primaryUnitId: d01 });
    expect(v.state).toBe('assigned');
    expect(v.assignments).toHaveLength(1);
    const handler = await api.login('h_d01');
    v = await act(handler, ticket.id, 'sign', {});
    expect(v.state).toBe('handling');
    v = await act(handler, ticket.id, 'reply', { result: '已协调施工单位停止夜间施工，并联系市民说明。', contacted: true });
    expect(v.state).toBe('replied');
    v = await act(c.reviewer, ticket.id, 'review', { approve: true });
    expect(v.state).toBe('visiting');
    v = await act(c.visitor, ticket.id, 'visit', { contacted: true, resolved: true, satisfaction: 'satisfied' });
    expect(v.state).toBe('closed');
    expect(v.firstTime).toBe(true);
    expect(v.assignments[0].onTime).toBe(true);
    expect(await events(c.dispatcher, ticket.id)).toEqual(['accepted', 'dispatched', 'signed', 'replied', 'reviewed', 'visited']);
  });
});
