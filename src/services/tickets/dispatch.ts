// Dispatch 派单 and second-level dispatch 二级派单.
import { fieldError } from '../../domain/errors.js';
import { checkAssignmentState, nextState, type AssignmentState, type TicketState } from '../../domain/tickets/machine.js';
import type { Assignment, Ticket } from '../../db/schema.js';
import { proposeDispatch } from '../dispatch/proposal.js';
import { recordDispatchOutcomes } from '../suggest/outcomes.js';
import { authorize, runOnTicket, standingOf, type Doer, type Frame, type TicketDeps } from './context.js';
import { assignmentDeadlineColumns, limitsFrom } from './deadlines.js';
import { checkTargetUnits, currentPolicy, isLive, policyFor, refreshDue, targetAssignment } from './helpers.js';
import { slaContext, ticketPauses } from './sla.js';

export interface DispatchInput {
  primaryUnitId: number;
  assistingUnitIds?: number[];
  note?: string | null;
  version?: number;
}

export async function dispatch(deps: TicketDeps, doer: Doer, ticketId: number, input: DispatchInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'dispatch', now, { version: input.version }, async (f) => {
    authorize(f.doer, 'dispatch', standingOf(f.doer, null, f.assignments));
    const assisting = [...new Set(input.assistingUnitIds ?? [])];
    if (assisting.includes(input.primaryUnitId)) throw fieldError('assistingUnitIds', '协办单位不能与主办单位相同', 'an assisting unit cannot also be the primary');
    await checkTargetUnits(f.tx, f.ticket.platform_id, [input.primaryUnitId], 'primaryUnitId');
    await checkTargetUnits(f.tx, f.ticket.platform_id, assisting, 'assistingUnitIds');

    const t = f.ticket;
    const proposal = await proposeDispatch(f.tx, t.platform_id, {
      subjectId: t.subject_id, districtId: t.district_id, streetId: t.street_id, communityId: t.community_id, gridId: t.grid_id,
    });
    const policy = await policyFor(f, proposal?.slaPolicyId ?? null);
    const { cal, calendarVersion } = await slaContext(f.tx, t.platform_id);
    const limits = limitsFrom(policy, now);
    const deadlines = assignmentDeadlineColumns(cal, limits, policy.warnShare, []);
    const ruleId = proposal && proposal.primaryUnitId === input.primaryUnitId ? proposal.ruleId : null;
    const rows = await f.tx.insertInto('assignments').values([input.primaryUnitId, ...assisting].map((unitId, i) => ({
      platform_id: t.platform_id, ticket_id: t.id, unit_id: unitId, parent_assignment_id: null, role: i === 0 ? 'primary' as const : 'assisting' as const,
      state: 'assigned', dispatched_by: 'system' in f.doer ? null : f.doer.userId, dispatch_rule_id: ruleId, ...limits, ...deadlines, updated_at: now,
    }))).returningAll().execute();
    f.assignments.push(...rows);

    const to = nextState(t.state as TicketState, 'dispatch');
    f.patch = { state: to, sla_policy_id: policy.id, calendar_version: calendarVersion, dispatched_at: t.dispatched_at ?? now };
    await refreshDue(f, to);
    const followed = proposal === null ? null
      : proposal.primaryUnitId === input.primaryUnitId && sameSet(proposal.assistingUnitIds, assisting);
    f.events.push({
      type: 'dispatched', from: t.state as TicketState, to, assignmentId: rows[0]!.id,
      data: {
        primaryUnitId: input.primaryUnitId, assistingUnitIds: assisting, note: input.note ?? null,
        // The proposal beside the choice: transfer accuracy 转办准确率 is counted from these.
        proposal: proposal && { ruleId: proposal.ruleId, primaryUnitId: proposal.primaryUnitId, assistingUnitIds: proposal.assistingUnitIds, reason: proposal.reason },
        followedProposal: followed,
        policy: { id: policy.id, name: policy.name }, calendarVersion,
        signDeadline: deadlines.sign_deadline, replyDeadline: deadlines.reply_deadline,
      },
    });
    // The catalogue's and the unit model's suggestions against the primary chosen (转办准确率, issue 5).
    await recordDispatchOutcomes(deps.db, f.tx, { ticket: t, assignmentId: rows[0]!.id, primaryUnitId: input.primaryUnitId, proposal }, f.doer, now);
  });
  return ticket;
}

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x) => b.includes(x));

export interface RedispatchInput {
  assignmentId?: number;
  unitId: number;
  note?: string | null;
  version?: number;
}

/**
 * A unit with children hands its assignment to one of them (二级平台). The child gets the parent's
 * limits, its deadlines never run past the parent's, and the parent still answers for it: it must
 * reply itself once the child has replied to it.
 */
export async function redispatch(deps: TicketDeps, doer: Doer, ticketId: number, input: RedispatchInput, now: Date): Promise<Ticket> {
  const { ticket } = await runOnTicket(deps, doer, ticketId, 'redispatch', now, { version: input.version }, async (f) => {
    const parent = targetAssignment(f, 'redispatch', input.assignmentId);
    checkAssignmentState(parent.state as AssignmentState, 'redispatch');
    const [parentUnit] = await f.tx.selectFrom('units').select(['id', 'path']).where('id', '=', parent.unit_id).execute();
    const [child] = await checkTargetUnits(f.tx, f.ticket.platform_id, [input.unitId], 'unitId');
    // Only down the unit's own tree: a department cannot push its matter to a street (66号文).
    if (!child || !parentUnit || child.id === parentUnit.id || !child.path.startsWith(parentUnit.path)) {
      throw fieldError('unitId', '只能派给本单位的下级单位', 'you can only re-dispatch to a unit below your own');
    }
    if (f.assignments.some((a) => a.parent_assignment_id === parent.id && a.unit_id === child.id && isLive(a))) {
      throw fieldError('unitId', '已派给该下级单位', 'already re-dispatched to this unit');
    }
    const row = await insertChild(f, parent, child.id);
    f.events.push({
      type: 'redispatched', assignmentId: row.id,
      data: { parentAssignmentId: parent.id, fromUnitId: parent.unit_id, unitId: child.id, note: input.note ?? null, signDeadline: row.sign_deadline, replyDeadline: row.reply_deadline },
    });
  });
  return ticket;
}

async function insertChild(f: Frame, parent: Assignment, unitId: number): Promise<Assignment> {
  const { cal } = await slaContext(f.tx, f.ticket.platform_id);
  // The parent's own snapshot (not today's policy), restarted now; its extensions stay its own.
  const limits = {
    dispatched_at: f.now, sign_minutes: parent.sign_minutes, sign_clock: parent.sign_clock, reply_minutes: parent.reply_minutes,
    reply_clock: parent.reply_clock, return_window_minutes: parent.return_window_minutes, extension_minutes: 0,
  };
  const pauses = await ticketPauses(f.tx, f.ticket.id, f.now);
  const share = (await currentPolicy(f)).warnShare;
  const deadlines = assignmentDeadlineColumns(cal, limits, share, pauses, parent);
  const row = await f.tx.insertInto('assignments').values({
    platform_id: f.ticket.platform_id, ticket_id: f.ticket.id, unit_id: unitId, parent_assignment_id: parent.id, role: parent.role, state: 'assigned',
    dispatched_by: 'system' in f.doer ? null : f.doer.userId, ...limits, ...deadlines, updated_at: f.now,
  }).returningAll().executeTakeFirstOrThrow();
  f.assignments.push(row);
  return row;
}
