// Hand-built tickets for the evaluation tests: rows written straight into the tables with the times,
// units, deadlines and visit answers each case needs, so every expected point can be worked out by hand.
import type { Actor } from '../../src/domain/actor.js';
import type { Role } from '../../src/domain/roles.js';
import type { Db } from '../../src/db/connection.js';

let seq = 0;

export interface AssignmentSpec {
  unitId: number;
  parent?: number;
  state?: 'assigned' | 'handling' | 'replied' | 'done' | 'returned' | 'withdrawn';
  deadline: string;
  repliedAt?: string;
  onTime?: boolean;
}

export interface TicketSpec {
  accepted: string;
  channel?: string;
  state?: string;
  /** The valid visit, written on the row (for the figures) and as a `visited` event (for the deductions). */
  visit?: { at: string; satisfaction: 'satisfied' | 'basic' | 'unsatisfied'; resolved: boolean };
  assignments: AssignmentSpec[];
}

const d = (s: string) => new Date(s);

/** Inserts a ticket with its assignments (in order; `parent` is the index of an earlier one); returns ids. */
export async function insertTicket(db: Db, spec: TicketSpec): Promise<{ ticketId: number; assignmentIds: number[] }> {
  const at = d(spec.accepted);
  const ticket = await db.insertInto('tickets').values({
    platform_id: 1, number: `E${String(++seq).padStart(6, '0')}`, channel: spec.channel ?? 'phone', type: 'complaint', title: `考评测试工单${seq}`,
    content: '考评测试', state: spec.state ?? 'handling', accepted_at: at, dispatched_at: at, updated_at: at,
    ...(spec.visit ? { visited_at: d(spec.visit.at), contacted: true, satisfaction: spec.visit.satisfaction, resolved: spec.visit.resolved, visit_attempts: 1 } : {}),
  }).returning('id').executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const a of spec.assignments) {
    const deadline = d(a.deadline);
    const row = await db.insertInto('assignments').values({
      platform_id: 1, ticket_id: ticket.id, unit_id: a.unitId, parent_assignment_id: a.parent === undefined ? null : ids[a.parent]!, role: 'primary',
      state: a.state ?? (a.repliedAt ? 'replied' : 'handling'), dispatched_at: at, sign_minutes: 60, sign_clock: false, reply_minutes: 7200, reply_clock: false,
      return_window_minutes: 60, sign_deadline: at, reply_deadline: deadline, return_deadline: at, sign_warn_at: at, reply_warn_at: deadline,
      signed_at: at, signed_on_time: true, replied_at: a.repliedAt ? d(a.repliedAt) : null, on_time: a.onTime ?? (a.repliedAt ? d(a.repliedAt) <= deadline : null),
      updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  if (spec.visit) {
    await db.insertInto('ticket_events').values({
      platform_id: 1, ticket_id: ticket.id, at: d(spec.visit.at), type: 'visited',
      data: JSON.stringify({ contacted: true, resolved: spec.visit.resolved, satisfaction: spec.visit.satisfaction, valid: true }),
    }).execute();
  }
  return { ticketId: ticket.id, assignmentIds: ids };
}

export async function actor(db: Db, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.platform_id', 'users.unit_id', 'units.path', 'users.roles']).where('users.username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
}

/** A district (with a street under it) and a city department, with their handlers' log-in names. */
export async function pickUnits(db: Db) {
  const district = await db.selectFrom('units').select(['id', 'code']).where('code', '=', 'D01').executeTakeFirstOrThrow();
  const street = await db.selectFrom('units').select(['id', 'code']).where('parent_id', '=', district.id).where('kind', '=', 'street').orderBy('code').executeTakeFirstOrThrow();
  const root = await db.selectFrom('units').select('id').where('kind', '=', 'platform').executeTakeFirstOrThrow();
  const dept = await db.selectFrom('units').select(['id', 'code']).where('parent_id', '=', root.id).where('kind', '=', 'department').orderBy('code').executeTakeFirstOrThrow();
  const other = await db.selectFrom('units').select(['id', 'code']).where('parent_id', '=', root.id).where('kind', '=', 'department').orderBy('code').offset(1).executeTakeFirstOrThrow();
  return { district, street, dept, other, root };
}
