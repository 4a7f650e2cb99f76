// The frame every ticket use case runs in: one transaction that locks the ticket, checks scope,
// version and state, lets the use case change rows, bumps the version and appends the events.
import { sql, type Updateable } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { AppError, notFound } from '../../domain/errors.js';
import { checkActor, checkState, type Standing, type TicketAction, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Assignment, Ticket, TicketsTable } from '../../db/schema.js';
import { subtreePattern } from '../../db/scope.js';
import type { Vault } from '../privacy/vault.js';
import { announceTicket } from './changes.js';

export interface TicketDeps {
  db: Db;
  vault: Vault;
}

/** Who did it: a signed-in user, or the system (sweeps, jobs, the citizen API). */
export type Doer = Actor | { system: string; platformId: number };
export const isSystem = (d: Doer): d is { system: string; platformId: number } => 'system' in d;

/** The platform root: a user there is at the hotline office and sees every ticket of the platform. */
export const atPlatformRoot = (actor: Actor): boolean => /^\/\d+\/$/.test(actor.unitPath);

export interface NewEvent {
  type: string;
  assignmentId?: number | null;
  from?: TicketState | null;
  to?: TicketState | null;
  data?: Record<string, unknown>;
}

export async function appendEvents(tx: Db, ticket: Pick<Ticket, 'id' | 'platform_id'>, doer: Doer, at: Date, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const actor = isSystem(doer) ? null : doer;
  await tx.insertInto('ticket_events').values(events.map((e) => ({
    platform_id: ticket.platform_id, ticket_id: ticket.id, assignment_id: e.assignmentId ?? null, at, type: e.type,
    actor_id: actor?.userId ?? null, actor_unit_id: actor?.unitId ?? null, from_state: e.from ?? null, to_state: e.to ?? null,
    data: JSON.stringify(isSystem(doer) ? { system: doer.system, ...e.data } : (e.data ?? {})),
  }))).execute();
  await announceTicket(tx, ticket.platform_id, ticket.id, events.map((e) => e.type));
}

/**
 * Ticket visibility (DOMAIN.md §2): the hotline office sees all of its platform; a unit sees tickets
 * addressed to it or to a unit below it, and those it reported itself (a grid worker's discovery).
 */
export function ticketVisibleTo(actor: Actor) {
  const pattern = subtreePattern(actor.unitPath);
  if (atPlatformRoot(actor)) return sql<boolean>`tickets.platform_id = ${actor.platformId}`;
  return sql<boolean>`tickets.platform_id = ${actor.platformId} and (
    exists (select 1 from assignments scope_a where scope_a.ticket_id = tickets.id and scope_a.unit_id in
      (select scope_u.id from units scope_u where scope_u.platform_id = ${actor.platformId} and scope_u.path like ${pattern}))
    or tickets.source_unit_id in
      (select scope_u.id from units scope_u where scope_u.platform_id = ${actor.platformId} and scope_u.path like ${pattern}))`;
}

const ticketNotFound = () => notFound('工单', 'ticket');

/** Locks the ticket for the use case; 404 when it does not exist or the caller may not see it. */
export async function lockTicket(tx: Db, doer: Doer, ticketId: number): Promise<Ticket> {
  let q = tx.selectFrom('tickets').selectAll('tickets').where('tickets.id', '=', ticketId).forUpdate();
  q = isSystem(doer) ? q.where('tickets.platform_id', '=', doer.platformId) : q.where(ticketVisibleTo(doer));
  const ticket = await q.executeTakeFirst();
  if (!ticket) throw ticketNotFound();
  return ticket;
}

export function checkVersion(ticket: Ticket, expected: number | undefined): void {
  if (expected !== undefined && expected !== ticket.version) {
    throw new AppError(409, 'version_conflict', `工单已被他人更新（当前版本 ${ticket.version}），请刷新后重试`,
      `The ticket has changed (now version ${ticket.version}); reload and retry`, undefined, { version: ticket.version });
  }
}

export async function assignmentsOf(tx: Db, ticketId: number): Promise<Assignment[]> {
  return tx.selectFrom('assignments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export function standingOf(doer: Doer, assignment: Assignment | null, all: Assignment[]): Standing {
  if (isSystem(doer)) return { atPlatform: true, atAssignee: false, atParent: false };
  const parent = assignment?.parent_assignment_id ? all.find((a) => a.id === assignment.parent_assignment_id) : undefined;
  return {
    atPlatform: atPlatformRoot(doer),
    atAssignee: assignment !== null && assignment.unit_id === doer.unitId,
    atParent: parent !== undefined && parent.unit_id === doer.unitId,
  };
}

/** System actions (sweeps, the citizen's own rating) pass every role check; users are checked. */
export function authorize(doer: Doer, action: TicketAction, standing: Standing): void {
  if (!isSystem(doer)) checkActor(doer, action, standing);
}

export interface Frame {
  tx: Db;
  ticket: Ticket;
  assignments: Assignment[];
  now: Date;
  doer: Doer;
  events: NewEvent[];
  /** Changes to the ticket row, written once with the version bump. */
  patch: Updateable<TicketsTable>;
}

export interface RunOptions {
  version?: number;
  /** Skip the table's state check (the use case checks a narrower condition itself). */
  stateChecked?: boolean;
  /** False for actions that change nothing on the ticket (a reveal): no version bump, events only. */
  touch?: boolean;
}

/**
 * A transaction of its own, or the caller's when `db` already is one: a use case composed of
 * others (merge at intake: intake, then merge) stays one transaction.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Runs one use case on one ticket in one transaction. The ticket row is locked first, so two
 * concurrent actions serialise and the second sees the first's result (and gets its 409).
 */
export async function runOnTicket<T>(
  deps: TicketDeps, doer: Doer, ticketId: number, action: TicketAction, now: Date, options: RunOptions,
  body: (frame: Frame) => Promise<T>,
): Promise<{ ticket: Ticket; result: T }> {
  return inTransaction(deps.db, async (tx) => {
    const ticket = await lockTicket(tx, doer, ticketId);
    checkVersion(ticket, options.version);
    if (!options.stateChecked) checkState(ticket.state as TicketState, action);
    const frame: Frame = { tx, ticket, assignments: await assignmentsOf(tx, ticket.id), now, doer, events: [], patch: {} };
    const result = await body(frame);
    if (options.touch === false) {
      await appendEvents(tx, ticket, doer, now, frame.events);
      return { ticket, result };
    }
    const updated = await tx.updateTable('tickets')
      .set({ ...frame.patch, version: sql`version + 1`, updated_at: now })
      .where('id', '=', ticket.id).where('version', '=', ticket.version)
      .returningAll().executeTakeFirst();
    // The row is locked, so this cannot happen short of a bug; fail loudly rather than lose an event.
    if (!updated) throw new AppError(409, 'version_conflict', '工单已被他人更新，请刷新后重试', 'The ticket has changed; reload and retry');
    await appendEvents(tx, ticket, doer, now, frame.events);
    return { ticket: updated, result };
  });
}
