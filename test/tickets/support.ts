// Helpers for ticket tests: demo users signed in, unit ids by code, a ticket through intake.
import { expect } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import type { Session, TestApp } from '../support/app.js';

export async function unitIdByCode(db: Db, code: string): Promise<number> {
  const row = await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export const PHONE = '13812345678';

/**
 * Each call of newTicket is another caller at another address (still shown 138****5678): the same
 * caller or place with the same matter three times would be a repeat complaint 屡办不成 (docs/repeats.md),
 * which adds its own event. A test about repeats passes its caller and place in `extra`.
 */
let caller = 0;
const nextCaller = () => {
  caller += 1;
  return { phone: `138${String(caller % 10_000).padStart(4, '0')}5678`, address: `青澜市某区某路${caller}号` };
};

export async function newTicket(operator: Session, extra: Record<string, unknown> = {}): Promise<{ id: number; number: string; version: number; state: string }> {
  const who = nextCaller();
  const res = await operator.send('POST', '/api/tickets', {
    channel: 'phone', type: 'complaint', content: '小区门口夜间施工噪音扰民，持续一周，请尽快处理。',
    citizen: { name: '张三', phone: who.phone }, location: { address: who.address }, ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function act(session: Session, id: number, action: string, body: Record<string, unknown> = {}, status = 200) {
  const res = await session.send('POST', `/api/tickets/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
  return res.json();
}

export async function events(session: Session, id: number): Promise<string[]> {
  const res = await session.get(`/api/tickets/${id}`);
  expect(res.statusCode).toBe(200);
  return (res.json().events as { type: string }[]).map((e) => e.type);
}

export interface Cast {
  operator: Session;
  dispatcher: Session;
  reviewer: Session;
  visitor: Session;
  supervisor: Session;
}

export async function cast(api: TestApp): Promise<Cast> {
  const [operator, dispatcher, reviewer, visitor, supervisor] = await Promise.all(
    ['operator1', 'dispatcher1', 'reviewer1', 'visitor1', 'supervisor1'].map((u) => api.login(u)),
  );
  return { operator: operator!, dispatcher: dispatcher!, reviewer: reviewer!, visitor: visitor!, supervisor: supervisor! };
}

/** 'YYYY-MM-DD HH:MM[:SS]' in Shanghai time → instant (tests run with TZ=UTC). */
export function shanghai(local: string): Date {
  const [date, time] = local.split(' ');
  return new Date(`${date}T${time!.length === 5 ? `${time}:00` : time}+08:00`);
}

/**
 * Moves the test clock to `local` (Shanghai time) and signs the users in there. Sessions last
 * 12 hours of the clock, so a test that moves time by days signs in again at each step.
 */
export async function signInAt(api: TestApp, local: string, ...usernames: string[]): Promise<Session[]> {
  api.clock.set(shanghai(local));
  return Promise.all(usernames.map((u) => api.login(u)));
}

export interface EventView {
  type: string;
  at: string;
  actorId: number | null;
  assignmentId: number | null;
  data: Record<string, unknown>;
}

/** One ticket as its detail endpoint shows it (assignments, events, deadlines). */
export async function ticketDetail(session: Session, id: number): Promise<Record<string, unknown> & { events: EventView[]; assignments: Record<string, unknown>[] }> {
  const res = await session.get(`/api/tickets/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
