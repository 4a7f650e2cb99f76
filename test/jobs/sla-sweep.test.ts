// Deadlines through the 2026 National Day holiday, on a real PostgreSQL, driven through the HTTP
// API with the test clock; the sweep and the calendar recompute are called with explicit instants.
//
// The 2026 calendar (chinese-days): Mid-Autumn Fri 09-25 … Sun 09-27 off; National Day Thu 10-01
// … Wed 10-07 off, Thu 10-08 a working day again; Sunday 09-20 and Saturday 10-10 are make-up
// working days. Working hours 08:30–12:00, 13:30–17:30: one working day = 450 working minutes.
//
// The tickets are complaints (投诉: sign 1, reply 10 working days). Most are dispatched on Tuesday
// 09-29 at 10:00; their reply deadline, counted by hand:
//   Tue 09-29 10:00–17:30   360   (360)
//   Wed 09-30               450   (810)
//   Thu 10-01 … Wed 10-07     0   the holiday
//   Thu 10-08, Fri 10-09    900   (1710)
//   Sat 10-10 (make-up)     450   (2160)
//   Mon 10-12 … Fri 10-16  2250   (4410)
//   Mon 10-19 08:30–10:00    90   (4500) → due Monday 2026-10-19 10:00.
// 75% is 3375 minutes: 3060 by Tue 10-13's close, then 315 on Wed 10-14 (210 until 12:00, 105
// after 13:30) → yellow at Wednesday 2026-10-14 15:15. 74% (3330) is 14:30 that day.
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingMinutes, workingMinutesBetween } from '../../src/domain/calendar/index.js';
import { recomputeForCalendar } from '../../src/jobs/calendar-recompute.js';
import { sweepDeadlines } from '../../src/jobs/sla-sweep.js';
import { loadWorkCalendar } from '../../src/services/calendar.js';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { act, newTicket, shanghai, signInAt, ticketDetail, unitIdByCode } from '../tickets/support.js';

let t: TestDatabase;
let api: TestApp;
let d01: number;
let d02: number;
let d03: number;

beforeAll(async () => {
  t = await testDatabase();
  api = await testApp(t.db);
  [d01, d02, d03] = await Promise.all([unitIdByCode(t.db, 'D01'), unitIdByCode(t.db, 'D02'), unitIdByCode(t.db, 'D03')]);
  // Whatever open tickets the template may hold get their lights now, once: the sweeps below
  // (all earlier instants) then count this file's tickets only.
  await sweepDeadlines(t.db, 1, shanghai('2030-01-01 00:00'));
});

const iso = (local: string): string => shanghai(local).toISOString();
const sweep = (local: string) => sweepDeadlines(t.db, 1, shanghai(local));

/** The platform's operator and dispatcher and the unit's handler (h_d01 …), signed in at `local`. */
async function team(local: string, unitId = d01) {
  const handlerName = unitId === d01 ? 'h_d01' : unitId === d02 ? 'h_d02' : 'h_d03';
  const [operator, dispatcher, handler] = await signInAt(api, local, 'operator1', 'dispatcher1', handlerName);
  return { operator: operator!, dispatcher: dispatcher!, handler: handler! };
}

/** A complaint taken and dispatched at `local` (and signed five minutes later unless told not to). */
async function dispatchedAt(local: string, unitId = d01, sign = true) {
  const s = await team(local, unitId);
  const ticket = await newTicket(s.operator);
  const v = await act(s.dispatcher, ticket.id, 'dispatch', { primaryUnitId: unitId });
  if (sign) {
    api.clock.advance(5 * 60_000);
    await act(s.handler, ticket.id, 'sign');
  }
  return { id: ticket.id as number, assignmentId: v.assignments[0].id as number, dispatched: v };
}

/** The events the jobs wrote on a ticket, oldest first. */
async function jobEvents(ticketId: number) {
  const rows = await t.db.selectFrom('ticket_events').select(['type', 'at', 'actor_id', 'assignment_id', 'data'])
    .where('ticket_id', '=', ticketId).where('type', 'in', ['deadline_warned', 'deadline_overdue', 'urged', 'deadlines_recomputed']).orderBy('id').execute();
  return rows.map((r) => ({ type: r.type, at: r.at.toISOString(), actorId: r.actor_id, assignmentId: r.assignment_id, data: r.data }));
}

const rowsOf = async (ticketId: number) => ({
  ticket: await t.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow(),
  assignments: await t.db.selectFrom('assignments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
});

const NOTHING = { warned: 0, overdue: 0, tickets: 0 };

/** GET /api/tickets/overdue-summary as the dispatcher at `local`. */
async function summaryAt(local: string): Promise<{ units: { unitId: number; overdue: number; overdue30: number }[] }> {
  const res = await (await team(local)).dispatcher.get('/api/tickets/overdue-summary');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('the reply deadline across the National Day holiday', () => {
  it('is due Mon 10-19 10:00; yellow exactly at 75% (Wed 10-14 15:15), red at the deadline, each light once', async () => {
    // The first ticket of this file: the sweep's counts are this ticket's alone.
    const { id, assignmentId, dispatched } = await dispatchedAt('2026-09-29 10:00');
    expect(dispatched.assignments[0]).toMatchObject({ signDeadline: iso('2026-09-30 10:00'), replyDeadline: iso('2026-10-19 10:00'), returnDeadline: iso('2026-10-08 10:00') });
    const before = await rowsOf(id);
    expect(before.assignments[0]!.reply_warn_at).toEqual(shanghai('2026-10-14 15:15'));
    expect(before.ticket).toMatchObject({ due_at: shanghai('2026-10-19 10:00'), due_warn_at: shanghai('2026-10-14 15:15'), sla_level: 0 });

    // 74%: nothing yet.
    expect(await sweep('2026-10-14 14:30')).toEqual(NOTHING);
    expect(await jobEvents(id)).toEqual([]);

    // 75%: the yellow light and an automatic urge, by nobody (the system).
    expect(await sweep('2026-10-14 15:15')).toEqual({ warned: 1, overdue: 0, tickets: 1 });
    const yellow = [
      { type: 'deadline_warned', at: iso('2026-10-14 15:15'), actorId: null, assignmentId, data: { system: 'sla-sweep', which: 'reply', deadline: iso('2026-10-19 10:00'), level: 1 } },
      { type: 'urged', at: iso('2026-10-14 15:15'), actorId: null, assignmentId, data: { system: 'sla-sweep', unitId: d01, note: null, manual: false, auto: 'warning' } },
    ];
    expect(await jobEvents(id)).toEqual(yellow);
    let rows = await rowsOf(id);
    expect(rows.assignments[0]).toMatchObject({ reply_level: 1, sign_level: 0, urge_count: 1 });
    // The version is the users' guard against each other; the sweep leaves it alone.
    expect(rows.ticket).toMatchObject({ sla_level: 1, urge_count: 1, overdue: false, version: before.ticket.version });

    // Again at the same instant, and later while still yellow: nothing more.
    expect(await sweep('2026-10-14 15:15')).toEqual(NOTHING);
    expect(await sweep('2026-10-19 09:59')).toEqual(NOTHING);
    expect(await jobEvents(id)).toEqual(yellow);

    // The deadline: red, another automatic urge, the ticket flagged overdue.
    expect(await sweep('2026-10-19 10:00')).toEqual({ warned: 0, overdue: 1, tickets: 1 });
    expect((await jobEvents(id)).slice(2)).toEqual([
      { type: 'deadline_overdue', at: iso('2026-10-19 10:00'), actorId: null, assignmentId, data: { system: 'sla-sweep', which: 'reply', deadline: iso('2026-10-19 10:00'), level: 2 } },
      { type: 'urged', at: iso('2026-10-19 10:00'), actorId: null, assignmentId, data: { system: 'sla-sweep', unitId: d01, note: null, manual: false, auto: 'overdue' } },
    ]);
    rows = await rowsOf(id);
    expect(rows.assignments[0]).toMatchObject({ reply_level: 2, urge_count: 2 });
    expect(rows.ticket).toMatchObject({ sla_level: 2, urge_count: 2, overdue: true, version: before.ticket.version });
    expect(await sweep('2026-10-19 10:00')).toEqual(NOTHING);
    expect(await sweep('2026-10-20 10:00')).toEqual(NOTHING);

    // What the console shows.
    const [dispatcher] = await signInAt(api, '2026-10-19 10:05', 'dispatcher1');
    const v = await ticketDetail(dispatcher!, id);
    expect(v).toMatchObject({ overdue: true, slaLevel: 2, urgeCount: 2, assignments: [{ replyLevel: 2, urgeCount: 2 }] });
    expect(v.events.map((e) => e.type)).toEqual(['accepted', 'dispatched', 'signed', 'deadline_warned', 'urged', 'deadline_overdue', 'urged']);
    expect(v.events.slice(3).every((e) => e.actorId === null && e.data.system === 'sla-sweep')).toBe(true);
  });

  it('an unsigned assignment: the sign light at 75% of its working day (Tue 17:07:30), red at Wed 10:00', async () => {
    const { id, assignmentId } = await dispatchedAt('2026-09-29 10:00', d01, false);
    // 337.5 of 450 minutes: 120 until 12:00, then 217.5 after 13:30 → 17:07:30.
    expect(await sweep('2026-09-29 17:07')).toEqual(NOTHING);
    expect(await sweep('2026-09-29 17:07:30')).toEqual({ warned: 1, overdue: 0, tickets: 1 });
    expect(await sweep('2026-09-30 10:00')).toEqual({ warned: 0, overdue: 1, tickets: 1 });
    expect((await jobEvents(id)).map((e) => [e.type, e.data.which ?? e.data.auto, e.assignmentId])).toEqual([
      ['deadline_warned', 'sign', assignmentId], ['urged', 'warning', assignmentId], ['deadline_overdue', 'sign', assignmentId], ['urged', 'overdue', assignmentId],
    ]);
    // The ticket waits on the sign: its light is red, but it is not overdue (that is the reply).
    expect((await rowsOf(id)).ticket).toMatchObject({ sla_level: 2, overdue: false, urge_count: 2 });
    // Signed late: the ticket now waits on the reply, green again.
    const s = await team('2026-09-30 11:00');
    const v = await act(s.handler, id, 'sign');
    expect(v).toMatchObject({ slaLevel: 0, assignments: [{ signedOnTime: false, signLevel: 2, replyLevel: 0 }] });
  });

  it('suspended Wed 09-30 14:00 → resumed Fri 10-09 10:00: the deadline moves by the 750 working minutes paused, and so does the light', async () => {
    const { id, assignmentId } = await dispatchedAt('2026-09-29 10:00');
    let s = await team('2026-09-30 14:00');
    await act(s.handler, id, 'suspend', { reason: '等待市民补充现场照片' });
    expect((await act(s.dispatcher, id, 'suspend', {})).state).toBe('suspended');

    s = await team('2026-10-09 10:00');
    const v = await act(s.dispatcher, id, 'resume', { note: '市民已补充材料' });
    // Paused: Wed 14:00–17:30 (210), the holiday (0), Thu 10-08 (450), Fri 08:30–10:00 (90) = 750.
    // From Mon 10-19 10:00, 750 more: 360 that day, 390 on Tue 10-20 → 16:30.
    const cal = await loadWorkCalendar(t.db, 1);
    expect(workingMinutesBetween(cal, shanghai('2026-09-30 14:00'), shanghai('2026-10-09 10:00'))).toBe(750);
    expect(v.assignments[0].replyDeadline).toBe(iso('2026-10-20 16:30'));
    expect(new Date(v.assignments[0].replyDeadline)).toEqual(addWorkingMinutes(cal, shanghai('2026-10-19 10:00'), 750));

    // The old yellow instant passes quietly; the new one is Fri 10-16 11:15 (75% of the working
    // time, the pause counting on neither side).
    await sweep('2026-10-14 15:15');
    await sweep('2026-10-16 11:14');
    expect(await jobEvents(id)).toEqual([]);
    await sweep('2026-10-16 11:15');
    expect(await jobEvents(id)).toMatchObject([
      { type: 'deadline_warned', assignmentId, data: { which: 'reply', deadline: iso('2026-10-20 16:30'), level: 1 } },
      { type: 'urged', assignmentId, data: { auto: 'warning' } },
    ]);
  });

  it('an approved extension of 3 working days moves the deadline by 3 × 450 working minutes (Thu 10-22 10:00) and clears the yellow light', async () => {
    const { id, assignmentId } = await dispatchedAt('2026-09-29 10:00');
    await sweep('2026-10-14 15:15');
    expect((await rowsOf(id)).assignments[0]!.reply_level).toBe(1);

    const s = await team('2026-10-15 09:00');
    await act(s.handler, id, 'request-extension', { days: 5, reason: '需协调住建、城管两个部门联合执法' });
    const v = await act(s.dispatcher, id, 'decide-extension', { approve: true, days: 3 });
    // From Mon 10-19 10:00: 360 that day, Tue 10-20 and Wed 10-21 (900), 90 on Thu 10-22 → 10:00.
    const cal = await loadWorkCalendar(t.db, 1);
    expect(v.assignments[0]).toMatchObject({ replyDeadline: iso('2026-10-22 10:00'), replyLevel: 0, extensionCount: 1 });
    expect(new Date(v.assignments[0].replyDeadline)).toEqual(addWorkingMinutes(cal, shanghai('2026-10-19 10:00'), 3 * 450));

    // The new deadline gets its own yellow light: 75% of 5850 = 4387.5 minutes → Fri 10-16 17:07:30.
    expect((await rowsOf(id)).assignments[0]!.reply_warn_at).toEqual(shanghai('2026-10-16 17:07:30'));
    await sweep('2026-10-16 17:07');
    expect(await jobEvents(id)).toHaveLength(2);
    await sweep('2026-10-16 17:07:30');
    expect((await jobEvents(id)).slice(2)).toMatchObject([
      { type: 'deadline_warned', assignmentId, data: { which: 'reply', deadline: iso('2026-10-22 10:00'), level: 1 } },
      { type: 'urged', assignmentId, data: { auto: 'warning' } },
    ]);
  });

  it('review and return visit: the platform\'s own steps get their lights (no urge)', async () => {
    const { id } = await dispatchedAt('2026-09-29 10:00');
    let s = await team('2026-09-30 09:00');
    let v = await act(s.handler, id, 'reply', { result: '已约谈施工单位，夜间停止施工，并电话告知市民。', contacted: true });
    // Review within 1 working day: 180 + 240 on Wed 09-30, then 30 on Thu 10-08 → 09:00;
    // yellow at 337.5 minutes → Wed 16:07:30.
    expect(v).toMatchObject({ state: 'replied', reviewDeadline: iso('2026-10-08 09:00'), dueAt: iso('2026-10-08 09:00') });
    await sweep('2026-09-30 16:07');
    expect(await jobEvents(id)).toEqual([]);
    await sweep('2026-09-30 16:07:30');
    await sweep('2026-10-08 09:00');
    expect(await jobEvents(id)).toMatchObject([
      { type: 'deadline_warned', assignmentId: null, actorId: null, data: { system: 'sla-sweep', which: 'review', deadline: iso('2026-10-08 09:00'), level: 1 } },
      { type: 'deadline_overdue', assignmentId: null, actorId: null, data: { which: 'review', level: 2 } },
    ]);

    // Approved Thu 10-08 10:00; the visit within 2 working days: 360, 450 (Fri), 90 on the make-up
    // Saturday 10-10 → 10:00; yellow at 675 minutes → Fri 10-09 15:15.
    const [reviewer] = await signInAt(api, '2026-10-08 10:00', 'reviewer1');
    v = await act(reviewer!, id, 'review', { approve: true });
    expect(v).toMatchObject({ state: 'visiting', visitDeadline: iso('2026-10-10 10:00'), slaLevel: 0 });
    await sweep('2026-10-09 15:15');
    expect((await jobEvents(id)).slice(2)).toMatchObject([{ type: 'deadline_warned', data: { which: 'visit', deadline: iso('2026-10-10 10:00'), level: 1 } }]);
    s = await team('2026-10-09 15:20');
    expect(await ticketDetail(s.dispatcher, id)).toMatchObject({ slaLevel: 1, urgeCount: 0 });
  });

  it('a suspended ticket is not swept, nor counted overdue: its clock is stopped', async () => {
    const d02Overdue = async () => (await summaryAt('2026-11-19 10:00')).units.find((u) => u.unitId === d02)?.overdue ?? 0;
    const before = await d02Overdue();
    const { id } = await dispatchedAt('2026-09-29 10:00', d02);
    const s = await team('2026-09-29 11:00', d02);
    await act(s.dispatcher, id, 'suspend', { reason: '等待第三方检测结果' });
    await sweep('2026-10-14 15:15');
    await sweep('2026-11-19 10:00');
    expect(await jobEvents(id)).toEqual([]);
    expect((await rowsOf(id)).assignments[0]).toMatchObject({ reply_level: 0, urge_count: 0 });
    expect(await d02Overdue()).toBe(before);
  });
});

describe('sweeping beside the users', () => {
  it('two sweeps at once record each light once', async () => {
    const { id } = await dispatchedAt('2026-09-29 10:00');
    await Promise.all([sweep('2026-10-14 15:15'), sweep('2026-10-14 15:15'), sweep('2026-10-14 15:15')]);
    expect((await jobEvents(id)).map((e) => e.type)).toEqual(['deadline_warned', 'urged']);
    expect((await rowsOf(id)).assignments[0]).toMatchObject({ reply_level: 1, urge_count: 1 });
  });

  it('a user who read the ticket before the light acts with that version and gets no 409', async () => {
    const { id } = await dispatchedAt('2026-09-29 10:00');
    const s = await team('2026-10-14 15:00');
    const { version } = (await ticketDetail(s.handler, id)) as unknown as { version: number };
    await sweep('2026-10-14 15:15');
    api.clock.set(shanghai('2026-10-14 15:20'));
    const v = await act(s.handler, id, 'reply', { result: '已处理，并电话告知市民处理结果。', contacted: true, version });
    expect(v).toMatchObject({ state: 'replied', urgeCount: 1, assignments: [{ onTime: true, replyLevel: 1 }] });
  });

  it('a sweep and a use case on the same ticket at the same moment both go through', async () => {
    const { id } = await dispatchedAt('2026-09-29 10:00');
    const s = await team('2026-10-14 15:15');
    const [, reply] = await Promise.all([
      sweep('2026-10-14 15:15'),
      s.handler.send('POST', `/api/tickets/${id}/reply`, { result: '已处理，并电话告知市民处理结果。', contacted: true }),
    ]);
    expect(reply.statusCode, reply.body).toBe(200);
    // Either the sweep came first (the light, then the reply) or the reply did (nothing was late
    // any more, no light); never a light after the reply.
    const types = (await ticketDetail(s.handler, id)).events.map((e) => e.type);
    expect([['accepted', 'dispatched', 'signed', 'deadline_warned', 'urged', 'replied'], ['accepted', 'dispatched', 'signed', 'replied']]).toContainEqual(types);
  });
});

describe('超期30天以上: the overdue buckets', () => {
  it('lists a ticket 31 days past its deadline under overdue=30d, not one 29 days past; the summary counts per unit in scope', async () => {
    // What the template may already hold, counted at the same instant.
    const before = (await summaryAt('2026-11-19 10:00')).units.find((u) => u.unitId === d03) ?? { overdue: 0, overdue30: 0 };
    // X: due Mon 10-19 10:00. Y: dispatched Thu 10-08 10:00 — 360, 450 (Fri), 450 (make-up Sat),
    // 5 × 450 (10-12…16), 450 (Mon 10-19), 450 (Tue 10-20), then 90 on Wed 10-21 → due 10:00.
    const x = await dispatchedAt('2026-09-29 10:00', d03);
    const y = await dispatchedAt('2026-10-08 10:00', d03);
    expect(y.dispatched.assignments[0].replyDeadline).toBe(iso('2026-10-21 10:00'));

    // Thu 11-19 10:00: X is 31 days past, Y 29.
    const s = await team('2026-11-19 10:00', d03);
    const list = async (query: string) => {
      const res = await s.dispatcher.get(`/api/tickets?${query}&pageSize=200`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: number }[]).map((i) => i.id);
    };
    const over30 = await list('overdue=30d');
    expect(over30).toContain(x.id);
    expect(over30).not.toContain(y.id);
    expect(await list(`overdue=any&unitId=${d03}`)).toEqual(expect.arrayContaining([x.id, y.id]));

    const res = await s.dispatcher.get('/api/tickets/overdue-summary');
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(summary.asOf).toBe(iso('2026-11-19 10:00'));
    const d03Row = summary.units.find((u: { unitId: number }) => u.unitId === d03);
    expect(d03Row).toMatchObject({ overdue: before.overdue + 2, overdue30: before.overdue30 + 1 });
    expect(summary.total.overdue).toBe(summary.units.reduce((n: number, u: { overdue: number }) => n + u.overdue, 0));

    // A unit sees its own subtree only: D03's handler sees D03, not D01.
    const mine = (await s.handler.get('/api/tickets/overdue-summary')).json();
    expect(mine.units.map((u: { unitId: number }) => u.unitId)).toContain(d03);
    expect(mine.units.map((u: { unitId: number }) => u.unitId)).not.toContain(d01);
    expect((await api.app.inject({ method: 'GET', url: '/api/tickets/overdue-summary' })).statusCode).toBe(401);
  });
});

describe('a calendar change recomputes open deadlines', () => {
  it('Fri 10-09 made a holiday: the open deadline moves a working day later, with an event; undoing it moves it back', async () => {
    const { id, assignmentId } = await dispatchedAt('2026-09-29 10:00');
    const versionOf = async () => (await t.db.selectFrom('platforms').select('calendar_version').where('id', '=', 1).executeTakeFirstOrThrow()).calendar_version;
    const v0 = await versionOf();
    expect((await rowsOf(id)).ticket.calendar_version).toBe(v0);

    const [admin] = await signInAt(api, '2026-09-30 09:00', 'admin');
    const res = await admin!.send('PUT', '/api/calendar/days/2026-10-09', { kind: 'holiday', name: '临时调整' });
    expect(res.statusCode, res.body).toBe(200);
    const v1 = await versionOf();
    expect(v1).toBe(v0 + 1);

    const r = await recomputeForCalendar(t.db, 1, shanghai('2026-09-30 09:00'));
    expect(r.calendarVersion).toBe(v1);
    expect(r.moved).toBeGreaterThanOrEqual(1);
    // One working day fewer before the deadline: Mon 10-19 10:00 → Tue 10-20 10:00. The sign
    // (Wed 09-30 10:00) and the return window (Thu 10-08 10:00) end before 10-09 and stay.
    const rows = await rowsOf(id);
    expect(rows.assignments[0]).toMatchObject({
      sign_deadline: shanghai('2026-09-30 10:00'), return_deadline: shanghai('2026-10-08 10:00'), reply_deadline: shanghai('2026-10-20 10:00'),
      // 75%: 3060 by Wed 10-14's close (10-09 is off now), 315 on Thu 10-15 → 15:15.
      reply_warn_at: shanghai('2026-10-15 15:15'),
    });
    expect(rows.ticket).toMatchObject({ calendar_version: v1, due_at: shanghai('2026-10-20 10:00'), due_warn_at: shanghai('2026-10-15 15:15') });
    expect(await jobEvents(id)).toEqual([{
      type: 'deadlines_recomputed', at: iso('2026-09-30 09:00'), actorId: null, assignmentId: null,
      data: {
        system: 'calendar-recompute', calendarVersion: { from: v0, to: v1 },
        assignments: [{ assignmentId, unitId: d01, replyDeadline: { from: iso('2026-10-19 10:00'), to: iso('2026-10-20 10:00') } }],
      },
    }]);
    // Done: a second run finds nothing behind.
    expect(await recomputeForCalendar(t.db, 1, shanghai('2026-09-30 09:00'))).toEqual({ calendarVersion: v1, tickets: 0, moved: 0 });

    // Back to a working day.
    await admin!.send('PUT', '/api/calendar/days/2026-10-09', { kind: 'workday', name: null });
    await recomputeForCalendar(t.db, 1, shanghai('2026-09-30 09:05'));
    expect((await rowsOf(id)).assignments[0]!.reply_deadline).toEqual(shanghai('2026-10-19 10:00'));
    expect((await jobEvents(id)).map((e) => e.type)).toEqual(['deadlines_recomputed', 'deadlines_recomputed']);
  });

  it('a light the new deadline no longer deserves is cleared; one it newly deserves is left to the sweep, with its event', async () => {
    const { id, assignmentId } = await dispatchedAt('2026-09-29 10:00');
    // Yellow at Wed 10-14 15:15, then 10-09 becomes a holiday: the new yellow is Thu 10-15 15:15.
    await sweep('2026-10-14 15:15');
    const [admin] = await signInAt(api, '2026-10-14 16:00', 'admin');
    await admin!.send('PUT', '/api/calendar/days/2026-10-09', { kind: 'holiday', name: '临时调整' });
    await recomputeForCalendar(t.db, 1, shanghai('2026-10-14 16:00'));
    expect((await rowsOf(id)).assignments[0]).toMatchObject({ reply_level: 0, reply_deadline: shanghai('2026-10-20 10:00') });
    expect((await rowsOf(id)).ticket.sla_level).toBe(0);
    // Undone: the deadline is back to Mon 10-19 and 75% has passed again; the level stays 0
    // until the sweep records it.
    await admin!.send('PUT', '/api/calendar/days/2026-10-09', { kind: 'workday', name: null });
    await recomputeForCalendar(t.db, 1, shanghai('2026-10-14 16:00'));
    expect((await rowsOf(id)).assignments[0]).toMatchObject({ reply_level: 0, reply_deadline: shanghai('2026-10-19 10:00') });
    await sweep('2026-10-14 16:00');
    expect((await jobEvents(id)).map((e) => [e.type, e.assignmentId])).toEqual([
      ['deadline_warned', assignmentId], ['urged', assignmentId], ['deadlines_recomputed', null], ['deadlines_recomputed', null],
      ['deadline_warned', assignmentId], ['urged', assignmentId],
    ]);
  });
});
