// The queues the console's screens list: requests awaiting the dispatcher (pending=…) and a unit's
// assignments sent back by the reviewer (sentBack=true), each scoped like every ticket list.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { act, cast, newTicket, unitIdByCode, type Cast } from './support.js';

let t: TestDatabase;
let api: TestApp;
let c: Cast;
let d01: number;
let d02: number;
let hD01: Session;
let hD02: Session;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  c = await cast(api);
  [d01, d02] = await Promise.all([unitIdByCode(t.db, 'D01'), unitIdByCode(t.db, 'D02')]);
  [hD01, hD02] = await Promise.all([api.login('h_d01'), api.login('h_d02')]);
});

async function ids(session: Session, query: string): Promise<number[]> {
  const res = await session.get(`/api/tickets?${query}&pageSize=100`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((x) => x.id);
}

describe('pending requests', () => {
  it('lists tickets whose unit asks to return, extend or suspend, each under its own kind, until decided', async () => {
    const [ret, ext, plain] = await Promise.all([newTicket(c.operator), newTicket(c.operator), newTicket(c.operator)]);
    for (const x of [ret, ext, plain]) {
      await act(c.dispatcher, x.id, 'dispatch', { primaryUnitId: d01 });
      await act(hD01, x.id, 'sign');
    }
    await act(hD01, ret.id, 'request-return', { reason: '不属于本单位职责，应由市场监管部门办理' });
    await act(hD01, ext.id, 'request-extension', { days: 3, reason: '需协调多个部门现场会商' });

    expect(await ids(c.dispatcher, 'pending=return')).toEqual([ret.id]);
    expect(await ids(c.dispatcher, 'pending=extension')).toEqual([ext.id]);
    expect((await ids(c.dispatcher, 'pending=return,extension')).sort()).toEqual([ret.id, ext.id].sort());
    expect(await ids(c.dispatcher, 'pending=suspend')).toEqual([]);

    await act(c.dispatcher, ext.id, 'decide-extension', { approve: true });
    expect(await ids(c.dispatcher, 'pending=extension')).toEqual([]);
    // Scope still applies: another district sees none of D01's requests.
    expect(await ids(hD02, 'pending=return')).toEqual([]);
  });
});

describe('sent back', () => {
  it("lists a unit's assignments the reviewer sent back while they are being handled again", async () => {
    const [back, approved] = await Promise.all([newTicket(c.operator), newTicket(c.operator)]);
    for (const x of [back, approved]) {
      await act(c.dispatcher, x.id, 'dispatch', { primaryUnitId: d02 });
      await act(hD02, x.id, 'sign');
      await act(hD02, x.id, 'reply', { result: '已处理。', contacted: true });
    }
    await act(c.reviewer, back.id, 'review', { approve: false, reason: '未说明处理结果和依据' });
    await act(c.reviewer, approved.id, 'review', { approve: true });

    expect(await ids(hD02, 'sentBack=true')).toEqual([back.id]);
    expect(await ids(hD01, 'sentBack=true')).toEqual([]);
    // Replied again: no longer waiting on the unit.
    await act(hD02, back.id, 'reply', { result: '已更换路灯灯泡并现场验收，已电话告知市民。', contacted: true });
    expect(await ids(hD02, 'sentBack=true')).toEqual([]);
  });
});

describe('the actions a screen offers', () => {
  async function actions(session: Session, id: number): Promise<string[]> {
    const res = await session.get(`/api/tickets/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().actions;
  }

  it('follow the assignment: sign before reply, a decision only for a pending request, no second request, a unit answers only its own order', async () => {
    const x = await newTicket(c.operator);
    await act(c.dispatcher, x.id, 'dispatch', { primaryUnitId: d01 });
    expect(await actions(hD01, x.id)).toEqual(expect.arrayContaining(['sign', 'request-return']));
    expect(await actions(hD01, x.id)).not.toContain('reply');
    await act(hD01, x.id, 'sign');
    let mine = await actions(hD01, x.id);
    expect(mine).toEqual(expect.arrayContaining(['reply', 'request-return', 'request-extension']));
    expect(mine).not.toContain('sign');
    expect(mine).not.toContain('supervise');
    expect(await actions(c.dispatcher, x.id)).not.toContain('decide-return');

    await act(hD01, x.id, 'request-return', { reason: '不属于本单位职责范围' });
    mine = await actions(hD01, x.id);
    expect(mine).not.toContain('request-return');
    expect(mine).not.toContain('request-extension');
    const office = await actions(c.dispatcher, x.id);
    expect(office).toContain('decide-return');
    expect(office).not.toContain('decide-extension');

    await act(c.dispatcher, x.id, 'decide-return', { approve: false, reason: '属地管理，请继续办理' });
    await act(c.supervisor, x.id, 'supervise', { op: 'open', level: 'system', reason: '群众反映强烈，请加快办理' });
    expect(await actions(hD01, x.id)).toContain('supervise');
  });
});

describe("a unit's own deadlines", () => {
  it("sort=unitDue orders a unit's workbench by its own assignment's deadline, not the ticket's (its primary unit's)", async () => {
    const [first, second] = [await newTicket(c.operator), await newTicket(c.operator)];
    await act(c.dispatcher, first.id, 'dispatch', { primaryUnitId: d01, assistingUnitIds: [d02] });
    await act(c.dispatcher, second.id, 'dispatch', { primaryUnitId: d02 });
    // D02 must sign the first (assisting) ticket later than the second, though the first ticket is due first.
    const now = api.clock.now().getTime();
    const signBy = async (ticketId: number, days: number) => t.db.updateTable('assignments').set({ sign_deadline: new Date(now + days * 86_400_000) })
      .where('ticket_id', '=', ticketId).where('unit_id', '=', d02).execute();
    await signBy(first.id, 10);
    await signBy(second.id, 1);
    // The tickets' own deadlines (their primary units' replies): the first is due first.
    await t.db.updateTable('tickets').set({ due_at: new Date(now + 2 * 86_400_000) }).where('id', '=', first.id).execute();
    await t.db.updateTable('tickets').set({ due_at: new Date(now + 5 * 86_400_000) }).where('id', '=', second.id).execute();

    const mine = (await ids(hD02, 'assignmentState=assigned&sort=unitDue')).filter((id) => id === first.id || id === second.id);
    expect(mine).toEqual([second.id, first.id]);
    const byTicket = (await ids(hD02, 'assignmentState=assigned&sort=dueAt')).filter((id) => id === first.id || id === second.id);
    expect(byTicket).toEqual([first.id, second.id]);
  });
});
