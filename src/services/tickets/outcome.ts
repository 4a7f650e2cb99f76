// The platform's end of a ticket: direct answer 直接答复, review 审核, return visit 回访, reopen 重办,
// close 办结 and archive 归档.
import { AppError, fieldError } from '../../domain/errors.js';
import { nextState, visitCloses, type CloseReason, type Satisfaction, type TicketState } from '../../domain/tickets/machine.js';
import type { Ticket } from '../../db/schema.js';
import { requireCitableArticle } from '../knowledge/articles.js';
import { authorize, runOnTicket, standingOf, type Doer, type Frame, type TicketDeps } from './context.js';
import { afterWorking } from './deadlines.js';
import { currentPolicy, isTopPrimary, reasonRequired, refreshDue, setting, updateAssignment } from './helpers.js';
import { slaContext } from './sla.js';

const state = (f: Frame) => f.ticket.state as TicketState;
const platformOnly = (f: Frame, action: Parameters<typeof authorize>[1]) => authorize(f.doer, action, standingOf(f.doer, null, f.assignments));

async function visitDeadline(f: Frame, from: Date): Promise<Date> {
  const policy = await currentPolicy(f);
  const { cal } = await slaContext(f.tx, f.ticket.platform_id);
  return afterWorking(cal, from, policy.visitMinutes);
}

export interface AnswerInput {
  answer: string;
  articleId?: number | null;
  version?: number;
}

export async function answer(deps: TicketDeps, doer: Doer, ticketId: number, input: AnswerInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'answer', now, { version: input.version }, async (f) => {
    platformOnly(f, 'answer');
    const text = input.answer.trim();
    if (!text) throw fieldError('answer', '请填写答复内容', 'the answer is required');
    // "Answered from article X": only a published article within its validity may be named.
    if (input.articleId != null) await requireCitableArticle(f.tx, f.ticket.platform_id, input.articleId, now);
    const to = nextState(state(f), 'answer');
    f.patch = { state: to, answer: text, knowledge_article_id: input.articleId ?? null, answered_at: now, visit_deadline: await visitDeadline(f, now) };
    await refreshDue(f, to, now);
    f.events.push({ type: 'answered', from: state(f), to, data: { articleId: input.articleId ?? null } });
  });
  return ticket;
}

export interface ReviewInput {
  approve: boolean;
  reason?: string | null;
  version?: number;
}

/**
 * The platform checks the primary's reply. "正在办理中" is not a result, nor a reply without contact
 * (seed 003): sent back, the primary handles again and the ticket is no longer done first time.
 */
export async function review(deps: TicketDeps, doer: Doer, ticketId: number, input: ReviewInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'review', now, { version: input.version }, async (f) => {
    platformOnly(f, 'review');
    const primary = f.assignments.find((a) => isTopPrimary(a) && a.state === 'replied');
    if (!primary) throw new AppError(409, 'no_reply', '没有待审核的主办单位反馈', 'No primary reply to review');
    const to = nextState(state(f), 'review', { action: 'review', approve: input.approve });
    if (input.approve) {
      for (const a of f.assignments.filter((x) => ['assigned', 'handling', 'replied'].includes(x.state))) {
        await updateAssignment(f, a, { state: 'done', closed_at: now });
      }
      f.patch = { state: to, approved_at: now, visit_deadline: await visitDeadline(f, now) };
      await refreshDue(f, to, now);
      f.events.push({ type: 'reviewed', assignmentId: primary.id, from: state(f), to, data: { approve: true, reason: input.reason?.trim() || null } });
    } else {
      const reason = reasonRequired(input.reason);
      await updateAssignment(f, primary, { state: 'handling', sendback_count: primary.sendback_count + 1, replied_at: null, on_time: null });
      f.patch = { state: to, first_time: false, sendback_count: f.ticket.sendback_count + 1, review_deadline: null, replied_at: null };
      await refreshDue(f, to);
      f.events.push({ type: 'reviewed', assignmentId: primary.id, from: state(f), to, data: { approve: false, reason, unitId: primary.unit_id } });
    }
  });
  return ticket;
}

export interface VisitInput {
  contacted: boolean;
  resolved?: boolean;
  satisfaction?: Satisfaction;
  note?: string | null;
  /** Who rated: the visitor's call (default), or the citizen on the web or by SMS link. */
  via?: 'call' | 'web' | 'sms';
  version?: number;
}

/**
 * A return visit. Reached, resolved and (basically) satisfied closes the ticket; otherwise it waits
 * in 待回访 for the visitor to reopen it or close it with an explanation. Unreachable is recorded
 * as an attempt, not a valid visit.
 */
export async function visit(deps: TicketDeps, doer: Doer, ticketId: number, input: VisitInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'visit', now, { version: input.version }, async (f) => {
    platformOnly(f, 'visit');
    if (input.contacted) {
      if (input.resolved === undefined) throw fieldError('resolved', '请选择问题是否解决', 'resolved is required when the citizen was reached');
      if (input.satisfaction === undefined) throw fieldError('satisfaction', '请选择满意度', 'satisfaction is required when the citizen was reached');
    }
    const closes = visitCloses(input);
    const to = nextState(state(f), 'visit', { action: 'visit', closes });
    f.patch = { state: to, visit_attempts: f.ticket.visit_attempts + 1 };
    if (input.contacted) {
      Object.assign(f.patch, { contacted: true, resolved: input.resolved, satisfaction: input.satisfaction, visited_at: now });
    }
    if (closes) Object.assign(f.patch, { closed_at: now, close_reason: f.ticket.state === 'answered' ? 'answered' : 'resolved' });
    await refreshDue(f, to);
    f.events.push({
      type: 'visited', from: state(f), to,
      data: { contacted: input.contacted, resolved: input.resolved ?? null, satisfaction: input.satisfaction ?? null, note: input.note ?? null, via: input.via ?? 'call', valid: input.contacted },
    });
  });
  return ticket;
}

export interface ReopenInput {
  reason: string;
  version?: number;
}

export async function reopen(deps: TicketDeps, doer: Doer, ticketId: number, input: ReopenInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'reopen', now, { version: input.version }, async (f) => {
    platformOnly(f, 'reopen');
    const reason = reasonRequired(input.reason);
    const limit = await setting(f, 'tickets.reopenLimit', 2);
    if (f.ticket.reopen_count >= limit) {
      throw new AppError(409, 'reopen_limit', `该工单已重办 ${f.ticket.reopen_count} 次，达到上限`, `Reopened ${f.ticket.reopen_count} times already (limit ${limit})`);
    }
    const to = nextState(state(f), 'reopen');
    const previous = { contacted: f.ticket.contacted, resolved: f.ticket.resolved, satisfaction: f.ticket.satisfaction, closeReason: f.ticket.close_reason };
    f.patch = {
      state: to, first_time: false, reopen_count: f.ticket.reopen_count + 1, contacted: null, resolved: null, satisfaction: null,
      closed_at: null, close_reason: null, close_note: null, replied_at: null, approved_at: null, review_deadline: null, visit_deadline: null,
    };
    await refreshDue(f, to);
    f.events.push({ type: 'reopened', from: state(f), to, data: { reason, previous } });
  });
  return ticket;
}

export interface CloseInput {
  reason: CloseReason;
  explanation?: string | null;
  version?: number;
}

/** Closing without a satisfied visit: an unreasonable demand, an unreachable citizen, a withdrawn request. */
export async function close(deps: TicketDeps, doer: Doer, ticketId: number, input: CloseInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'close', now, { version: input.version }, async (f) => {
    platformOnly(f, 'close');
    const explanation = input.reason === 'resolved' ? input.explanation?.trim() || null : reasonRequired(input.explanation, 'explanation');
    const to = nextState(state(f), 'close');
    f.patch = { state: to, closed_at: now, close_reason: input.reason, close_note: explanation };
    await refreshDue(f, to);
    f.events.push({ type: 'closed', from: state(f), to, data: { reason: input.reason, explanation } });
  });
  return ticket;
}

export async function archive(deps: TicketDeps, doer: Doer, ticketId: number, input: { version?: number }, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'archive', now, { version: input.version }, async (f) => {
    platformOnly(f, 'archive');
    const to = nextState(state(f), 'archive');
    f.patch = { state: to, archived_at: now, due_at: null, due_warn_at: null, sla_level: 0 };
    f.events.push({ type: 'archived', from: state(f), to });
  });
  return ticket;
}
