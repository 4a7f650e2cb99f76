// Urging 催办 (a reminder) and supervision orders 督办 (a formal order with its own deadline and result).
import { AppError, fieldError } from '../../domain/errors.js';
import { WORKING_DAY } from '../../domain/sla/policy.js';
import { checkActor, checkAssignmentState, type AssignmentState, type SupervisionLevel } from '../../domain/tickets/machine.js';
import type { Ticket } from '../../db/schema.js';
import { isSystem, runOnTicket, standingOf, type Doer, type TicketDeps } from './context.js';
import { afterWorking } from './deadlines.js';
import { isLive, isTopPrimary, reasonRequired, targetAssignment, updateAssignment } from './helpers.js';
import { slaContext } from './sla.js';

export interface UrgeInput {
  assignmentId?: number;
  note?: string | null;
  version?: number;
}

export async function urge(deps: TicketDeps, doer: Doer, ticketId: number, input: UrgeInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'urge', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'urge', input.assignmentId, (x) => isTopPrimary(x) && isLive(x));
    checkAssignmentState(a.state as AssignmentState, 'urge');
    await updateAssignment(f, a, { urge_count: a.urge_count + 1 });
    f.patch.urge_count = f.ticket.urge_count + 1;
    f.events.push({ type: 'urged', assignmentId: a.id, data: { unitId: a.unit_id, note: input.note?.trim() || null, manual: !isSystem(doer) } });
  });
  return ticket;
}

export type SuperviseInput =
  | { op: 'open'; level: SupervisionLevel; reason: string; unitId?: number; days?: number; version?: number }
  | { op: 'answer'; orderId: number; answer: string; version?: number }
  | { op: 'close'; orderId: number; result: string; version?: number };

/**
 * One action, three steps of an order: the supervisor (or a leader) opens it against a unit, the unit
 * answers it, the supervisor closes it with a result. Each unit's count of orders is reported.
 */
export async function supervise(deps: TicketDeps, doer: Doer, ticketId: number, input: SuperviseInput, now: Date): Promise<{ ticket: Ticket; orderId: number }> {
  const { ticket, result } = await runOnTicket(deps, doer, ticketId, 'supervise', now, { version: input.version }, async (f) => {
    const platform = standingOf(f.doer, null, f.assignments);
    if (input.op === 'open') {
      if (!isSystem(doer)) checkActor(doer, 'supervise', { ...platform, atAssignee: false, atParent: false });
      const reason = reasonRequired(input.reason);
      const target = input.unitId !== undefined
        ? f.assignments.find((a) => a.unit_id === input.unitId && a.parent_assignment_id === null)
        : f.assignments.find((a) => isTopPrimary(a) && (isLive(a) || a.state === 'replied'));
      if (!target) throw fieldError('unitId', '该单位不是本工单的承办单位', 'that unit has no assignment on this ticket');
      const days = input.days ?? 3;
      if (!Number.isInteger(days) || days < 1 || days > 30) throw fieldError('days', '督办期限须为 1–30 个工作日', 'days must be 1–30 working days');
      const { cal } = await slaContext(f.tx, f.ticket.platform_id);
      const order = await f.tx.insertInto('supervision_orders').values({
        platform_id: f.ticket.platform_id, ticket_id: f.ticket.id, unit_id: target.unit_id, level: input.level, state: 'open', reason,
        deadline: afterWorking(cal, now, days * WORKING_DAY), opened_by: isSystem(doer) ? null : doer.userId, opened_at: now,
      }).returning(['id', 'deadline']).executeTakeFirstOrThrow();
      f.patch = { supervised: true, supervision_count: f.ticket.supervision_count + 1 };
      f.events.push({ type: 'supervision_opened', assignmentId: target.id, data: { orderId: order.id, unitId: target.unit_id, level: input.level, reason, deadline: order.deadline } });
      return order.id;
    }
    const order = await f.tx.selectFrom('supervision_orders').selectAll().where('id', '=', input.orderId).where('ticket_id', '=', f.ticket.id).executeTakeFirst();
    if (!order) throw fieldError('orderId', '该工单没有这张督办单', 'no such supervision order on this ticket');
    if (input.op === 'answer') {
      const atUnit = !isSystem(doer) && doer.unitId === order.unit_id;
      if (!isSystem(doer)) checkActor(doer, 'supervise', { atPlatform: false, atAssignee: atUnit, atParent: false });
      if (order.state !== 'open') throw new AppError(409, 'order_not_open', '督办单不在待答复状态', 'The order is not open');
      const answer = input.answer.trim();
      if (!answer) throw fieldError('answer', '请填写督办答复', 'the answer is required');
      await f.tx.updateTable('supervision_orders').set({ state: 'answered', answer, answered_at: now, answered_by: isSystem(doer) ? null : doer.userId }).where('id', '=', order.id).execute();
      f.events.push({ type: 'supervision_answered', data: { orderId: order.id, unitId: order.unit_id, onTime: now <= order.deadline } });
      return order.id;
    }
    if (!isSystem(doer)) checkActor(doer, 'supervise', { ...platform, atAssignee: false, atParent: false });
    if (order.state === 'closed') throw new AppError(409, 'order_closed', '督办单已办结', 'The order is already closed');
    const result = input.result.trim();
    if (!result) throw fieldError('result', '请填写督办结果', 'the result is required');
    await f.tx.updateTable('supervision_orders').set({ state: 'closed', result, closed_at: now, closed_by: isSystem(doer) ? null : doer.userId }).where('id', '=', order.id).execute();
    const stillOpen = await f.tx.selectFrom('supervision_orders').select('id').where('ticket_id', '=', f.ticket.id).where('state', '!=', 'closed').executeTakeFirst();
    f.patch = { supervised: stillOpen !== undefined };
    f.events.push({ type: 'supervision_closed', data: { orderId: order.id, unitId: order.unit_id, result } });
    return order.id;
  });
  return { ticket, orderId: result };
}
