// The small demo history written by the ticket use cases themselves: every step the plan recorded
// (history-engine.ts) is called on the real use case with the plan's input and an explicit `now`,
// all tickets' steps interleaved in time order as they would happen. What the demo shows is then
// exactly what the services write; a test compares it with the bulk path's rows.
import type { Actor } from '../../domain/actor.js';
import { sql } from 'kysely';
import type { TicketDeps } from '../tickets/context.js';
import { dispatch, redispatch } from '../tickets/dispatch.js';
import { decideExtension, decideReturn, reply, requestExtension, requestReturn, resume, sign, suspend } from '../tickets/handling.js';
import { intake, type IntakeInput } from '../tickets/intake.js';
import { answer, close, reopen, review, visit, type CloseInput, type ReviewInput, type VisitInput } from '../tickets/outcome.js';
import { invalidate, merge } from '../tickets/queue.js';
import { supervise, urge, type SuperviseInput } from '../tickets/supervision.js';
import type { Step } from './history-engine.js';
import type { HistoryWorld } from './history-world.js';

/** Above this many tickets the history is bulk-loaded: each use case is a transaction of its own. */
export const SERVICES_MAX = 200;

export interface ServiceIds {
  tickets: Map<number, number>;
  assignments: Map<number, number>;
  orders: Map<number, number>;
  numbers: Map<number, string>;
}

type Input = Record<string, unknown>;

/** The deadline sweep (src/jobs/sla-sweep.ts's sweepDeadlines), passed in: jobs sit above services. */
export type SweepFn = (db: TicketDeps['db'], platformId: number, now: Date) => Promise<unknown>;

/** Runs the steps (any order given; they are sorted by time) and returns the plan's ids → database ids. */
export async function runSteps(deps: TicketDeps, world: HistoryWorld, steps: readonly Step[], sweep: SweepFn): Promise<ServiceIds> {
  const units = new Map(world.units.map((u) => [u.id, u]));
  const actors = new Map<number, Actor>(world.users.map((u) => [u.id, {
    userId: u.id, username: u.username, platformId: world.platformId, unitId: u.unitId, unitPath: units.get(u.unitId)?.path ?? '/', roles: u.roles,
  }]));
  const ids: ServiceIds = { tickets: new Map(), assignments: new Map(), orders: new Map(), numbers: new Map() };
  const known = new Map<number, Set<number>>();
  const ordered = [...steps].sort((a, b) => a.at.getTime() - b.at.getTime() || a.ticket - b.ticket || a.seq - b.seq);
  for (const step of ordered) {
    if (step.action === 'sweep') {
      // The sweep runs over the whole platform: other tickets' lights due by now rise too, at the
      // same minute their own plan has them.
      await sweep(deps.db, world.platformId, step.at);
      continue;
    }
    const actor = actors.get(step.userId);
    if (!actor) throw new Error(`demo history: user ${step.userId} is not in the world`);
    const at = step.at;
    if (step.action === 'intake') {
      const { ticket } = await intake(deps, actor, step.input as unknown as IntakeInput, at);
      ids.tickets.set(step.ticket, ticket.id);
      ids.numbers.set(step.ticket, ticket.number);
      known.set(ticket.id, new Set());
      continue;
    }
    const id = ids.tickets.get(step.ticket)!;
    const input: Input = { ...step.input };
    if (step.refs.assignmentId !== undefined) input.assignmentId = ids.assignments.get(step.refs.assignmentId)!;
    if (step.refs.orderId !== undefined) input.orderId = ids.orders.get(step.refs.orderId)!;
    if (step.refs.masterId !== undefined) input.masterId = ids.tickets.get(step.refs.masterId)!;
    const a = input as never;
    switch (step.action) {
      case 'answer': await answer(deps, actor, id, a, at); break;
      case 'dispatch': await dispatch(deps, actor, id, a, at); break;
      case 'redispatch': await redispatch(deps, actor, id, a, at); break;
      case 'sign': await sign(deps, actor, id, a, at); break;
      case 'reply': await reply(deps, actor, id, a, at); break;
      case 'request-return': await requestReturn(deps, actor, id, a, at); break;
      case 'decide-return': await decideReturn(deps, actor, id, a, at); break;
      case 'request-extension': await requestExtension(deps, actor, id, a, at); break;
      case 'decide-extension': await decideExtension(deps, actor, id, a, at); break;
      case 'suspend': await suspend(deps, actor, id, a, at); break;
      case 'resume': await resume(deps, actor, id, a, at); break;
      case 'review': await review(deps, actor, id, input as unknown as ReviewInput, at); break;
      case 'visit': await visit(deps, actor, id, input as unknown as VisitInput, at); break;
      case 'reopen': await reopen(deps, actor, id, a, at); break;
      case 'close': await close(deps, actor, id, input as unknown as CloseInput, at); break;
      case 'urge': await urge(deps, actor, id, a, at); break;
      case 'invalidate': await invalidate(deps, actor, id, a, at); break;
      case 'merge': await merge(deps, actor, id, a, at); break;
      case 'supervise': {
        const { orderId } = await supervise(deps, actor, id, input as unknown as SuperviseInput, at);
        if (step.creates?.order !== undefined) ids.orders.set(step.creates.order, orderId);
        break;
      }
      default: throw new Error(`demo history: no use case for ${step.action}`);
    }
    const created = step.creates?.assignments;
    if (created?.length) {
      // The use case inserted them in the plan's order; the new ids are the ones not seen before.
      const seen = known.get(id)!;
      const rows = await sql<{ id: number }>`select id from assignments where ticket_id = ${id} order by id`.execute(deps.db);
      const fresh = rows.rows.map((r) => Number(r.id)).filter((x) => !seen.has(x));
      if (fresh.length !== created.length) throw new Error(`demo history: ${step.action} made ${fresh.length} assignments, the plan ${created.length}`);
      fresh.forEach((x, i) => { seen.add(x); ids.assignments.set(created[i]!, x); });
    }
  }
  return ids;
}
