// Pieces the ticket use cases share: choosing the assignment an action targets, checking target
// units, the ticket's policy, and keeping the ticket's own deadline summary current.
import { AppError, fieldError, notFound } from '../../domain/errors.js';
import { choosePolicy, type SlaPolicyValue } from '../../domain/sla/policy.js';
import { LIVE_ASSIGNMENT_STATES, type TicketAction, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Assignment } from '../../db/schema.js';
import { getSetting } from '../settings.js';
import { authorize, isSystem, standingOf, type Frame } from './context.js';
import { ticketDue } from './deadlines.js';
import { loadPolicies, loadPolicyById, slaContext } from './sla.js';

export const isLive = (a: Assignment): boolean => (LIVE_ASSIGNMENT_STATES as readonly string[]).includes(a.state);
export const isTopPrimary = (a: Assignment): boolean => a.role === 'primary' && a.parent_assignment_id === null;

/**
 * The assignment an action is about: the one named, or else the caller's own unit's live one (for
 * a unit), or the one matching `fallback` (for the platform). Then the caller's right to act on it.
 */
export function targetAssignment(f: Frame, action: TicketAction, assignmentId: number | undefined, fallback?: (a: Assignment) => boolean): Assignment {
  let target: Assignment | undefined;
  if (assignmentId !== undefined) {
    target = f.assignments.find((a) => a.id === assignmentId);
    if (!target) throw fieldError('assignmentId', '该工单没有这条承办记录', 'no such assignment on this ticket');
  } else {
    const own = isSystem(f.doer) ? [] : f.assignments.filter((a) => a.unit_id === (f.doer as { unitId: number }).unitId && isLive(a));
    target = own.length === 1 ? own[0] : own.length > 1 ? own.find(isTopPrimary) ?? own[0] : fallback ? f.assignments.find(fallback) : undefined;
    if (!target) throw fieldError('assignmentId', '请指明承办记录（assignmentId）', 'name the assignment (assignmentId)');
  }
  authorize(f.doer, action, standingOf(f.doer, target, f.assignments));
  return target;
}

export async function checkTargetUnits(db: Db, platformId: number, ids: readonly number[], field: string) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('units').select(['id', 'kind', 'name', 'path', 'active', 'platform_id']).where('id', 'in', [...ids]).execute();
  for (const id of ids) {
    const unit = rows.find((u) => u.id === id);
    if (!unit || unit.platform_id !== platformId) throw fieldError(field, `单位 ${id} 不存在`, `unit ${id} does not exist`);
    if (!unit.active) throw fieldError(field, `单位“${unit.name}”已停用`, `unit "${unit.name}" is disabled`);
    if (unit.kind === 'platform') throw fieldError(field, '不能派给平台本身', 'cannot dispatch to the platform itself');
  }
  return rows;
}

export async function subjectPath(db: Db, subjectId: number | null): Promise<string | null> {
  if (subjectId === null) return null;
  const row = await db.selectFrom('subjects').select('path').where('id', '=', subjectId).executeTakeFirst();
  return row?.path ?? null;
}

/** The policy for a ticket: a catalogue rule's policy for normal urgency, else the first matching one. */
export async function policyFor(f: Frame, rulePolicyId: number | null = null): Promise<SlaPolicyValue> {
  const policies = await loadPolicies(f.tx, f.ticket.platform_id);
  const byRule = rulePolicyId !== null && f.ticket.urgency === 'normal' ? policies.find((p) => p.id === rulePolicyId) : undefined;
  const chosen = byRule ?? choosePolicy(policies, { type: f.ticket.type, urgency: f.ticket.urgency, subjectPath: await subjectPath(f.tx, f.ticket.subject_id) });
  if (!chosen) throw new AppError(409, 'no_sla_policy', '没有适用于该工单的时限策略，请管理员补充', 'No SLA policy applies to this ticket; an administrator must add one');
  return chosen;
}

/**
 * The ticket's policy since dispatch, even if an administrator has disabled it since (a disabled
 * policy governs no new dispatch, but the tickets it was chosen for keep it), or a fresh choice
 * before the first dispatch.
 */
export async function currentPolicy(f: Frame): Promise<SlaPolicyValue> {
  const own = f.ticket.sla_policy_id === null ? null : await loadPolicyById(f.tx, f.ticket.sla_policy_id);
  return own ?? policyFor(f);
}

export async function setting<T>(f: Frame, key: string, fallback: T): Promise<T> {
  return getSetting(f.tx, f.ticket.platform_id, key, fallback);
}

/** Writes an assignment change and keeps the frame's copy in step. */
export async function updateAssignment(f: Frame, a: Assignment, patch: Partial<Omit<Assignment, 'id'>>): Promise<Assignment> {
  const { pending_data: pendingData, ...rest } = patch;
  const row = await f.tx.updateTable('assignments')
    .set({ ...rest, ...(pendingData !== undefined ? { pending_data: pendingData === null ? null : JSON.stringify(pendingData) } : {}), updated_at: f.now })
    .where('id', '=', a.id).returningAll().executeTakeFirstOrThrow();
  f.assignments = f.assignments.map((x) => (x.id === row.id ? row : x));
  return row;
}

/** Recomputes the ticket's "waiting on" deadline and light after a change, into the frame's patch. */
export async function refreshDue(f: Frame, state: TicketState, stepStart: Date | null = null): Promise<void> {
  const { cal } = await slaContext(f.tx, f.ticket.platform_id);
  const policy = f.ticket.sla_policy_id ? await currentPolicy(f) : null;
  const primary = f.assignments.find((a) => isTopPrimary(a) && isLive(a)) ?? null;
  const merged = { ...f.ticket, ...f.patch } as typeof f.ticket;
  const start = stepStart ?? (state === 'replied' ? merged.replied_at : state === 'visiting' ? merged.approved_at : state === 'answered' ? merged.answered_at : null);
  const due = ticketDue(state, primary, merged, f.now, cal, policy?.warnShare ?? 0.75, start);
  Object.assign(f.patch, due, { overdue: f.assignments.some((a) => isLive(a) && a.reply_deadline <= f.now) });
}

export const reasonRequired = (reason: string | undefined | null, field = 'reason'): string => {
  const r = reason?.trim();
  if (!r) throw fieldError(field, '请填写理由', 'a reason is required');
  return r;
};

export const ticketMissing = () => notFound('工单', 'ticket');
