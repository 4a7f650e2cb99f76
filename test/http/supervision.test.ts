// The supervisor's API: the supervision orders list (scoped: a unit sees the orders against it or a
// unit below it, never another district's), the per-unit watch list, and 督办通报 notices (publish,
// list newest first, a unit sees only the notices naming it, field-named validation errors).
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import type { NoticeView, OrderPage, UnitWatchSummary } from '../../src/services/supervision/types.js';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, newTicket, shanghai, signInAt, unitIdByCode } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let d01: number;
let d02: number;
let d03: number;
let d02s01: number;
const built: Record<string, { id: number; number: string }> = {};
const orderIds: Record<string, number> = {};

async function get<T>(username: string, url: string, status = 200): Promise<T> {
  const session = await api.login(username);
  const res = await session.get(url);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  [d01, d02, d03, d02s01] = await Promise.all(['D01', 'D02', 'D03', 'D02S01'].map((c) => unitIdByCode(t.db, c))) as [number, number, number, number];

  // T1 at D01 and T2 at D02, dispatched on 10-20 and left unsigned: overdue by 11-10.
  let [operator, dispatcher] = await signInAt(api, '2026-10-20 09:00', 'operator1', 'dispatcher1');
  built.T1 = await newTicket(operator!);
  await act(dispatcher!, built.T1.id, 'dispatch', { primaryUnitId: d01 });
  built.T2 = await newTicket(operator!);
  await act(dispatcher!, built.T2.id, 'dispatch', { primaryUnitId: d02 });
  // T3 at D03: a request for help (5 working days) signed on 11-04, yellow on 11-10.
  [operator, dispatcher] = await signInAt(api, '2026-11-04 09:00', 'operator1', 'dispatcher1');
  const [hD03] = await signInAt(api, '2026-11-04 09:00', 'h_d03');
  built.T3 = await newTicket(operator!, { type: 'help' });
  await act(dispatcher!, built.T3.id, 'dispatch', { primaryUnitId: d03 });
  await act(hD03!, built.T3.id, 'sign');

  // Orders on 11-09: against D01 (answered the same day) and D02 (left open).
  const [supervisor, hD01] = await signInAt(api, '2026-11-09 10:00', 'supervisor1', 'h_d01');
  orderIds.T1 = (await act(supervisor!, built.T1.id, 'supervise', { op: 'open', level: 'system', reason: '超期未签收，请立即办理' })).orderId;
  orderIds.T2 = (await act(supervisor!, built.T2.id, 'supervise', { op: 'open', level: 'oa', reason: '群众反映强烈，OA 督办', days: 2 })).orderId;
  await act(hD01!, built.T1.id, 'supervise', { op: 'answer', orderId: orderIds.T1, answer: '已安排专人当日处理' });

  await sweepDeadlines(t.db, 1, shanghai('2026-11-10 10:00'));
  api.clock.set(shanghai('2026-11-10 10:00'));
}, 120_000);

describe('GET /api/supervision/orders', () => {
  it('lists the orders newest first with the ticket, unit, level label, deadline, state and answer', async () => {
    const page = await get<OrderPage>('supervisor1', '/api/supervision/orders');
    expect(page.total).toBe(2);
    expect(page.counts).toEqual({ open: 1, answered: 1, closed: 0 });
    expect(page.items.map((o) => o.id)).toEqual([orderIds.T2, orderIds.T1]);
    expect(page.items[0]).toMatchObject({
      ticketId: built.T2!.id, ticketNumber: built.T2!.number, unitId: d02, level: 'oa', levelLabel: 'OA督办', state: 'open', stateLabel: '督办中',
      reason: '群众反映强烈，OA 督办', answer: null, late: false, openedByName: expect.any(String),
    });
    expect(page.items[1]).toMatchObject({
      ticketNumber: built.T1!.number, unitId: d01, levelLabel: '系统督办', state: 'answered', stateLabel: '已答复', answer: '已安排专人当日处理', answeredOnTime: true,
    });
    expect(new Date(page.items[0]!.deadline).getTime()).toBeGreaterThan(shanghai('2026-11-10 10:00').getTime());
  });

  it('filters by state, unit and ticket number', async () => {
    const open = await get<OrderPage>('supervisor1', '/api/supervision/orders?state=open');
    expect(open.items.map((o) => o.id)).toEqual([orderIds.T2]);
    expect(open.total).toBe(1);
    const atD01 = await get<OrderPage>('supervisor1', `/api/supervision/orders?unitId=${d01}`);
    expect(atD01.items.map((o) => o.id)).toEqual([orderIds.T1]);
    expect(atD01.counts).toEqual({ open: 0, answered: 1, closed: 0 });
    const byNumber = await get<OrderPage>('supervisor1', `/api/supervision/orders?q=${built.T2!.number}`);
    expect(byNumber.items.map((o) => o.id)).toEqual([orderIds.T2]);
    const bad = await get<{ error: { fields: { field: string }[] } }>('supervisor1', '/api/supervision/orders?state=late', 400);
    expect(bad.error.fields.map((f) => f.field)).toEqual(['state']);
  });

  it('is scoped: a unit sees the orders against it, never another district\'s', async () => {
    expect((await get<OrderPage>('h_d01', '/api/supervision/orders')).items.map((o) => o.id)).toEqual([orderIds.T1]);
    expect((await get<OrderPage>('leader_d01', '/api/supervision/orders')).items.map((o) => o.id)).toEqual([orderIds.T1]);
    const d02view = await get<OrderPage>('h_d02', '/api/supervision/orders');
    expect(d02view.items.map((o) => o.id)).toEqual([orderIds.T2]);
    expect(d02view.counts).toEqual({ open: 1, answered: 0, closed: 0 });
    expect((await get<OrderPage>('h_d03', '/api/supervision/orders')).total).toBe(0);
    // Naming another district's unit is refused, not answered with an empty list.
    const refused = await get<{ error: { code: string } }>('h_d01', `/api/supervision/orders?unitId=${d02}`, 403);
    expect(refused.error.code).toBe('out_of_scope');
  });

  it('marks an unanswered order past its deadline as late', async () => {
    api.clock.set(shanghai('2026-11-13 10:00'));
    try {
      const page = await get<OrderPage>('supervisor1', '/api/supervision/orders');
      expect(page.items.find((o) => o.id === orderIds.T2)!.late).toBe(true);
      expect(page.items.find((o) => o.id === orderIds.T1)!.late).toBe(false); // answered in time
    } finally {
      api.clock.set(shanghai('2026-11-10 10:00'));
    }
  });
});

describe('GET /api/supervision/units', () => {
  it('counts overdue and yellow assignments and supervision orders per unit', async () => {
    const w = await get<UnitWatchSummary>('supervisor1', '/api/supervision/units');
    const row = (id: number) => w.units.find((u) => u.unitId === id);
    expect(row(d01)).toMatchObject({ overdue: 1, overdue30: 0, warning: 0, ordersOpen: 0, orders30: 1 });
    expect(row(d02)).toMatchObject({ overdue: 1, overdue30: 0, warning: 0, ordersOpen: 1, orders30: 1 });
    expect(row(d03)).toMatchObject({ overdue: 0, warning: 1, ordersOpen: 0, orders30: 0 });
    expect(w.total).toEqual({ overdue: 2, overdue30: 0, warning: 1, ordersOpen: 1, orders30: 2 });
    expect(w.units).toHaveLength(3);
    // The most urgent first: the overdue units before the yellow one.
    expect(w.units[2]!.unitId).toBe(d03);
    // The overdue figures are those of the overdue summary.
    const summary = await get<{ units: { unitId: number; overdue: number }[] }>('supervisor1', '/api/tickets/overdue-summary');
    for (const u of summary.units) expect(row(u.unitId)?.overdue).toBe(u.overdue);
  });

  it('is scoped to the caller\'s units', async () => {
    const w = await get<UnitWatchSummary>('h_d02', '/api/supervision/units');
    expect(w.units.map((u) => u.unitId)).toEqual([d02]);
  });
});

describe('督办通报 notices', () => {
  let supervisor: Session;
  const published: NoticeView[] = [];
  const body = (extra: Record<string, unknown> = {}) => ({
    title: '关于青江区超期工单的督办通报', body: '10 月份青江区超期工单较多，请于本周内完成整改并报送整改情况。', unitIds: [d01], periodFrom: '2026-10-01', periodTo: '2026-10-31', ...extra,
  });

  beforeAll(async () => {
    supervisor = await api.login('supervisor1');
  });

  it('a supervisor publishes notices naming units; the list shows them newest first', async () => {
    let res = await supervisor.send('POST', '/api/supervision/notices', body());
    expect(res.statusCode, res.body).toBe(201);
    published.push(res.json());
    api.clock.advance(60_000);
    res = await supervisor.send('POST', '/api/supervision/notices', body({ title: '北塘区及其街道督办通报', unitIds: [d02s01, d02], periodFrom: '2026-11-01', periodTo: '2026-11-09' }));
    expect(res.statusCode, res.body).toBe(201);
    published.push(res.json());
    expect(published[0]).toMatchObject({ title: '关于青江区超期工单的督办通报', periodFrom: '2026-10-01', periodTo: '2026-10-31', units: [{ id: d01 }], publishedByName: expect.any(String) });
    expect(published[1]!.units.map((u) => u.id).sort()).toEqual([d02, d02s01].sort());
    const list = await get<{ items: NoticeView[]; total: number }>('supervisor1', '/api/supervision/notices');
    expect(list.total).toBe(2);
    expect(list.items.map((n) => n.id)).toEqual([published[1]!.id, published[0]!.id]);
    const logged = await t.db.selectFrom('audit_log').select(['target_id']).where('action', '=', 'supervision.notice_publish').execute();
    expect(logged.map((r) => Number(r.target_id)).sort()).toEqual(published.map((n) => n.id).sort());
  });

  it('a unit sees only the notices naming it or a unit below it', async () => {
    const ids = async (username: string) => (await get<{ items: NoticeView[] }>(username, '/api/supervision/notices')).items.map((n) => n.id);
    expect(await ids('h_d01')).toEqual([published[0]!.id]);
    expect(await ids('leader_d01')).toEqual([published[0]!.id]);
    expect(await ids('h_d02')).toEqual([published[1]!.id]);
    expect(await ids('h_d02s01')).toEqual([published[1]!.id]);
    expect(await ids('h_d01s01')).toEqual([]); // the notice names 青江区 itself, not its streets
    expect(await ids('h_d03')).toEqual([]);
    expect(await ids('operator1')).toEqual([published[1]!.id, published[0]!.id]);
  });

  it('filters by unit and text', async () => {
    expect((await get<{ items: NoticeView[] }>('supervisor1', `/api/supervision/notices?unitId=${d02}`)).items.map((n) => n.id)).toEqual([published[1]!.id]);
    expect((await get<{ items: NoticeView[] }>('supervisor1', `/api/supervision/notices?q=${encodeURIComponent('整改')}`)).items.map((n) => n.id)).toEqual([published[1]!.id, published[0]!.id]);
    expect((await get<{ items: NoticeView[] }>('supervisor1', `/api/supervision/notices?q=${encodeURIComponent('北塘')}`)).items.map((n) => n.id)).toEqual([published[1]!.id]);
  });

  it('names the field of each validation error', async () => {
    const fields = async (b: unknown) => {
      const res = await supervisor.send('POST', '/api/supervision/notices', b);
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('validation_failed');
      return (error.fields as { field: string; message: string }[]);
    };
    expect((await fields(body({ title: '  ' }))).map((f) => f.field)).toEqual(['title']);
    expect((await fields(body({ body: '' }))).map((f) => f.field)).toEqual(['body']);
    expect((await fields(body({ unitIds: [] }))).map((f) => f.field)).toEqual(['unitIds']);
    const period = await fields(body({ periodFrom: '2026-11-01', periodTo: '2026-10-01' }));
    expect(period.map((f) => f.field)).toEqual(['periodTo']);
    expect(period[0]!.message).toContain('结束日期不能早于开始日期');
    expect((await fields(body({ periodFrom: '2026-02-30' }))).map((f) => f.field)).toEqual(['periodFrom']);
    const stray = await fields(body({ unitIds: [d01, 999_999] }));
    expect(stray.map((f) => f.field)).toEqual(['unitIds']);
    expect(stray[0]!.message).toContain('不在您的管辖范围内');
    expect((await fields({ ...body(), extra: 1 })).length).toBeGreaterThan(0);
  });

  it('only supervisors publish, and only about units in their scope', async () => {
    const handler = await api.login('h_d01');
    const res = await handler.send('POST', '/api/supervision/notices', body());
    expect(res.statusCode).toBe(403);
    const leader = await api.login('leader1');
    expect((await leader.send('POST', '/api/supervision/notices', body())).statusCode).toBe(403);
    const count = await t.db.selectFrom('supervision_notices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});
