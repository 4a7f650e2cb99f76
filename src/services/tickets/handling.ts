// What a unit does with an assignment: sign 签收, reply 反馈, ask for return 退单 / extension 延期 /
// suspension 挂起; and the dispatcher's (or the parent unit's) decisions on those requests.
import { AppError, fieldError } from '../../domain/errors.js';
import { WORKING_DAY } from '../../domain/sla/policy.js';
import { checkAssignmentState, nextState, type AssignmentState, type TicketState } from '../../domain/tickets/machine.js';
import type { Assignment, Ticket } from '../../db/schema.js';
import { authorize, isSystem, runOnTicket, standingOf, type Doer, type Frame, type TicketDeps } from './context.js';
import { afterWorking, assignmentDeadlineColumns } from './deadlines.js';
import { currentPolicy, isLive, isTopPrimary, reasonRequired, refreshDue, setting, targetAssignment, updateAssignment } from './helpers.js';
import { replyQualityOf } from './reply-quality.js';
import { slaContext, ticketPauses } from './sla.js';

const userId = (d: Doer) => (isSystem(d) ? null : d.userId);
const state = (f: Frame) => f.ticket.state as TicketState;

export interface AssignmentInput {
  assignmentId?: number;
  version?: number;
}

export async function sign(deps: TicketDeps, doer: Doer, ticketId: number, input: AssignmentInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'sign', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'sign', input.assignmentId, (x) => x.state === 'assigned');
    checkAssignmentState(a.state as AssignmentState, 'sign');
    const signed = await updateAssignment(f, a, { state: 'handling', signed_at: now, signed_by: userId(doer), signed_on_time: now <= a.sign_deadline });
    const to = nextState(state(f), 'sign', { action: 'sign', primary: a.role === 'primary', topLevel: a.parent_assignment_id === null });
    f.patch.state = to;
    await refreshDue(f, to);
    f.events.push({ type: 'signed', assignmentId: a.id, from: state(f), to, data: { unitId: a.unit_id, onTime: signed.signed_on_time, signDeadline: a.sign_deadline } });
  });
  return ticket;
}

export interface ReplyInput extends AssignmentInput {
  result: string;
  measures?: string | null;
  basis?: string | null;
  contacted: boolean;
}

/**
 * Assisting units and children reply to the unit above them; the top-level primary replies to the
 * platform, which moves the ticket to review. A unit cannot reply over a child still at work.
 */
export async function reply(deps: TicketDeps, doer: Doer, ticketId: number, input: ReplyInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'reply', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'reply', input.assignmentId, (x) => x.state === 'handling');
    checkAssignmentState(a.state as AssignmentState, 'reply');
    const result = input.result.trim();
    if (!result) throw fieldError('result', '请填写办理结果', 'the result is required');
    const openChildren = f.assignments.filter((c) => c.parent_assignment_id === a.id && isLive(c));
    if (openChildren.length > 0) {
      throw new AppError(409, 'children_pending', '下级承办单位尚未反馈，不能上报', 'A unit this assignment was re-dispatched to has not replied yet');
    }
    const measures = input.measures?.trim() || null;
    const basis = input.basis?.trim() || null;
    // Scored before review (issue 5 §6): the reviewer's queue reads the scores from the assignment.
    const quality = await replyQualityOf(f, { result, measures, basis, contacted: input.contacted });
    await updateAssignment(f, a, {
      state: 'replied', replied_at: now, replied_by: userId(doer), reply_result: result, reply_measures: measures,
      reply_basis: basis, contacted: input.contacted, on_time: now <= a.reply_deadline, pending: null, pending_data: null, ...quality.columns,
    });
    const topPrimary = isTopPrimary(a);
    const to = nextState(state(f), 'reply', { action: 'reply', primary: a.role === 'primary', topLevel: a.parent_assignment_id === null });
    if (topPrimary) {
      const policy = await currentPolicy(f);
      const { cal } = await slaContext(f.tx, f.ticket.platform_id);
      f.patch = { ...f.patch, state: to, replied_at: now, review_deadline: afterWorking(cal, now, policy.reviewMinutes) };
    }
    await refreshDue(f, to);
    const assistingOpen = topPrimary ? f.assignments.filter((x) => x.role === 'assisting' && isLive(x)).length : 0;
    f.events.push({
      type: 'replied', assignmentId: a.id, from: state(f), to,
      data: {
        unitId: a.unit_id, to: topPrimary ? 'platform' : a.parent_assignment_id ? 'parent' : 'primary', onTime: now <= a.reply_deadline,
        replyDeadline: a.reply_deadline, contacted: input.contacted, assistingOpen, quality: quality.event,
      },
    });
  });
  return ticket;
}

export interface RequestInput extends AssignmentInput {
  reason: string;
}

export async function requestReturn(deps: TicketDeps, doer: Doer, ticketId: number, input: RequestInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'request-return', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'request-return', input.assignmentId);
    checkAssignmentState(a.state as AssignmentState, 'request-return');
    const reason = reasonRequired(input.reason);
    if (a.pending) throw pendingConflict(a);
    // Returns are limited (seed 004): one request per assignment, inside the window, and a cap per
    // ticket after which the dispute goes to joint adjudication 联席研判.
    if (a.return_requested) throw new AppError(409, 'return_already_requested', '本单位已申请过退单，不能再次申请', 'This unit has already asked to return this ticket');
    if (now > a.return_deadline) throw new AppError(409, 'return_window_closed', '已超过退单时限，请继续办理或申请延期', 'The return window has closed');
    const limit = await setting(f, 'tickets.returnLimit', 3);
    if (f.ticket.return_count >= limit) {
      throw new AppError(409, 'return_limit', `该工单已退回 ${f.ticket.return_count} 次，请提交联席研判`, `Returned ${f.ticket.return_count} times already; refer it to joint adjudication`);
    }
    await updateAssignment(f, a, { pending: 'return', pending_data: { reason, requestedAt: now.toISOString(), by: userId(doer) }, return_requested: true });
    f.events.push({ type: 'return_requested', assignmentId: a.id, data: { unitId: a.unit_id, reason } });
  });
  return ticket;
}

export interface DecideInput extends AssignmentInput {
  approve: boolean;
  reason?: string | null;
}

const pendingOf = (kind: string) => (a: Assignment) => a.pending === kind;

function pendingConflict(a: Assignment) {
  return new AppError(409, 'request_pending', '该承办记录已有待审批的申请', `Assignment ${a.id} already has a pending ${a.pending} request`);
}

function requirePending(a: Assignment, kind: string) {
  if (a.pending !== kind) {
    throw new AppError(409, 'no_pending_request', '该承办记录没有待审批的此类申请', `Assignment ${a.id} has no pending ${kind} request`);
  }
}

/** Withdraws an assignment and everything re-dispatched under it. */
async function withdrawTree(f: Frame, root: Assignment, newState: 'withdrawn' | 'returned') {
  const ids = new Set([root.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const a of f.assignments) if (a.parent_assignment_id !== null && ids.has(a.parent_assignment_id) && !ids.has(a.id)) { ids.add(a.id); grew = true; }
  }
  for (const a of f.assignments.filter((x) => ids.has(x.id) && (isLive(x) || x.id === root.id))) {
    await updateAssignment(f, a, { state: a.id === root.id ? newState : 'withdrawn', closed_at: f.now, pending: null, pending_data: null });
  }
}

export async function decideReturn(deps: TicketDeps, doer: Doer, ticketId: number, input: DecideInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'decide-return', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'decide-return', input.assignmentId, pendingOf('return'));
    requirePending(a, 'return');
    const reason = input.approve ? input.reason?.trim() || null : reasonRequired(input.reason);
    const outcome = { action: 'decide-return' as const, approve: input.approve, primary: a.role === 'primary', topLevel: a.parent_assignment_id === null };
    const to = nextState(state(f), 'decide-return', outcome);
    if (!input.approve) {
      await updateAssignment(f, a, { pending: null, pending_data: null });
    } else {
      await withdrawTree(f, a, 'returned');
      f.patch.return_count = f.ticket.return_count + 1;
      // The primary's return sends the whole ticket back to the queue: the dispatcher re-dispatches
      // it (改派) with every unit reconsidered, so the assisting units are withdrawn too.
      if (to === 'dispatching') {
        for (const x of f.assignments.filter((y) => y.parent_assignment_id === null && isLive(y))) await withdrawTree(f, x, 'withdrawn');
      }
    }
    f.patch.state = to;
    await refreshDue(f, to);
    f.events.push({ type: 'return_decided', assignmentId: a.id, from: state(f), to, data: { unitId: a.unit_id, approve: input.approve, reason, request: a.pending_data } });
  });
  return ticket;
}

export interface ExtensionRequestInput extends RequestInput {
  days: number;
}

export async function requestExtension(deps: TicketDeps, doer: Doer, ticketId: number, input: ExtensionRequestInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'request-extension', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'request-extension', input.assignmentId);
    checkAssignmentState(a.state as AssignmentState, 'request-extension');
    const reason = reasonRequired(input.reason);
    if (a.pending) throw pendingConflict(a);
    const policy = await currentPolicy(f);
    if (a.extension_count >= policy.extensionMaxCount) {
      throw new AppError(409, 'extension_limit', `延期最多 ${policy.extensionMaxCount} 次，已用完`, `At most ${policy.extensionMaxCount} extension(s) allowed`);
    }
    if (now >= a.reply_deadline) throw new AppError(409, 'deadline_passed', '已超过办理时限，不能申请延期', 'The deadline has passed; an extension must be asked before it');
    const maxDays = policy.extensionMaxMinutes / WORKING_DAY;
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > maxDays) {
      throw fieldError('days', `延期天数须为 1–${maxDays} 个工作日`, `days must be 1–${maxDays} working days`);
    }
    await updateAssignment(f, a, { pending: 'extension', pending_data: { reason, days: input.days, requestedAt: now.toISOString(), by: userId(doer) } });
    f.events.push({ type: 'extension_requested', assignmentId: a.id, data: { unitId: a.unit_id, reason, days: input.days, replyDeadline: a.reply_deadline } });
  });
  return ticket;
}

export interface ExtensionDecideInput extends DecideInput {
  /** Grant fewer days than asked. */
  days?: number;
}

export async function decideExtension(deps: TicketDeps, doer: Doer, ticketId: number, input: ExtensionDecideInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'decide-extension', now, { version: input.version }, async (f) => {
    const a = targetAssignment(f, 'decide-extension', input.assignmentId, pendingOf('extension'));
    requirePending(a, 'extension');
    const asked = Number((a.pending_data as { days?: number } | null)?.days ?? 0);
    const days = input.days ?? asked;
    if (input.approve && (!Number.isInteger(days) || days < 1 || days > asked)) {
      throw fieldError('days', `批准天数须为 1–${asked} 个工作日`, `days must be 1–${asked}`);
    }
    if (!input.approve) reasonRequired(input.reason);
    if (input.approve) {
      const { cal } = await slaContext(f.tx, f.ticket.platform_id);
      const pauses = await ticketPauses(f.tx, f.ticket.id, now);
      const parent = a.parent_assignment_id ? f.assignments.find((x) => x.id === a.parent_assignment_id) : null;
      const extended = { ...a, extension_minutes: a.extension_minutes + days * WORKING_DAY };
      const policy = await currentPolicy(f);
      const d = assignmentDeadlineColumns(cal, extended, policy.warnShare, pauses, parent);
      await updateAssignment(f, a, {
        pending: null, pending_data: null, extension_minutes: extended.extension_minutes, extension_count: a.extension_count + 1,
        reply_deadline: d.reply_deadline, reply_warn_at: d.reply_warn_at, reply_level: now >= d.reply_deadline ? 2 : now >= d.reply_warn_at ? 1 : 0,
      });
      f.events.push({ type: 'extension_decided', assignmentId: a.id, data: { unitId: a.unit_id, approve: true, days, from: a.reply_deadline, replyDeadline: d.reply_deadline } });
    } else {
      await updateAssignment(f, a, { pending: null, pending_data: null });
      f.events.push({ type: 'extension_decided', assignmentId: a.id, data: { unitId: a.unit_id, approve: false, reason: input.reason } });
    }
    await refreshDue(f, state(f));
  });
  return ticket;
}

export interface SuspendInput extends AssignmentInput {
  reason?: string | null;
  /** The dispatcher's decision on a unit's request; omitted when the dispatcher suspends directly. */
  approve?: boolean;
}

/**
 * A unit asks to suspend (waiting on the citizen or a third party); the dispatcher suspends, which
 * stops every clock of the ticket until it is resumed.
 */
export async function suspend(deps: TicketDeps, doer: Doer, ticketId: number, input: SuspendInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'suspend', now, { version: input.version }, async (f) => {
    const requested = f.assignments.find(pendingOf('suspend'));
    const standing = standingOf(f.doer, requested ?? null, f.assignments);
    if (!isSystem(doer) && !standing.atPlatform) {
      // A unit's request.
      const a = targetAssignment(f, 'suspend', input.assignmentId);
      checkAssignmentState(a.state as AssignmentState, 'suspend');
      if (a.pending) throw pendingConflict(a);
      const reason = reasonRequired(input.reason);
      await updateAssignment(f, a, { pending: 'suspend', pending_data: { reason, requestedAt: now.toISOString(), by: userId(doer) } });
      f.events.push({ type: 'suspend_requested', assignmentId: a.id, data: { unitId: a.unit_id, reason } });
      return;
    }
    authorize(f.doer, 'suspend', standing);
    if (input.approve === false) {
      if (!requested) throw new AppError(409, 'no_pending_request', '没有待审批的挂起申请', 'No pending suspension request');
      await updateAssignment(f, requested, { pending: null, pending_data: null });
      f.events.push({ type: 'suspend_decided', assignmentId: requested.id, data: { approve: false, reason: reasonRequired(input.reason) } });
      return;
    }
    const reason = input.reason?.trim() || (requested?.pending_data as { reason?: string } | null)?.reason || reasonRequired(input.reason);
    if (requested) await updateAssignment(f, requested, { pending: null, pending_data: null });
    const to = nextState(state(f), 'suspend', { action: 'suspend', approved: true });
    f.patch = { state: to, suspended_from: f.ticket.state, suspended_at: now, due_at: null, due_warn_at: null, sla_level: 0 };
    f.events.push({ type: 'suspended', assignmentId: requested?.id ?? null, from: state(f), to, data: { reason, requestedBy: requested?.unit_id ?? null } });
  });
  return ticket;
}

/** Resumes a suspended ticket: every live deadline moves by the working time the pause took. */
export async function resume(deps: TicketDeps, doer: Doer, ticketId: number, input: { version?: number; note?: string | null }, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'resume', now, { version: input.version }, async (f) => {
    const primary = f.assignments.find((a) => isTopPrimary(a) && isLive(a)) ?? null;
    authorize(f.doer, 'resume', standingOf(f.doer, primary, f.assignments));
    const back = (f.ticket.suspended_from ?? 'handling') as TicketState;
    const to = nextState(state(f), 'resume', { action: 'resume', from: back });
    const { cal } = await slaContext(f.tx, f.ticket.platform_id);
    const pauses = await ticketPauses(f.tx, f.ticket.id, now);
    const policy = await currentPolicy(f);
    const moved = await recomputeLive(f, cal, pauses, policy.warnShare);
    f.patch = { state: to, suspended_from: null, suspended_at: null };
    await refreshDue(f, to);
    f.events.push({ type: 'resumed', from: state(f), to, data: { pausedFrom: f.ticket.suspended_at, note: input.note ?? null, deadlines: moved } });
  });
  return ticket;
}

/** Recomputes every live assignment's deadlines (parents before children), returning what moved. */
export async function recomputeLive(f: Frame, cal: Parameters<typeof assignmentDeadlineColumns>[0], pauses: Parameters<typeof assignmentDeadlineColumns>[3], warnShare: number) {
  const moved: { assignmentId: number; replyDeadline: Date; signDeadline: Date }[] = [];
  const ordered = [...f.assignments].sort((x, y) => x.id - y.id);
  for (const a of ordered) {
    if (!isLive(a)) continue;
    const parent = a.parent_assignment_id ? f.assignments.find((x) => x.id === a.parent_assignment_id) : null;
    const d = assignmentDeadlineColumns(cal, a, warnShare, pauses, parent);
    if (d.reply_deadline.getTime() === a.reply_deadline.getTime() && d.sign_deadline.getTime() === a.sign_deadline.getTime()) continue;
    const lvl = (due: Date, warn: Date) => (f.now >= due ? 2 : f.now >= warn ? 1 : 0);
    await updateAssignment(f, a, { ...d, sign_level: lvl(d.sign_deadline, d.sign_warn_at), reply_level: lvl(d.reply_deadline, d.reply_warn_at) });
    moved.push({ assignmentId: a.id, signDeadline: d.sign_deadline, replyDeadline: d.reply_deadline });
  }
  return moved;
}
