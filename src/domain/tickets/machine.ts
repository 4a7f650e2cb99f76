// The life of a ticket (DOMAIN.md §6) as a table: for each action, the ticket states it may fire
// from, who may fire it, and where it leads. Guards beside the table; the use cases in
// src/services/tickets call `checkAction` before they touch a row, so a refused action changes nothing.
import type { Actor } from '../actor.js';
import { AppError, forbidden } from '../errors.js';
import type { Role } from '../roles.js';

export const TICKET_STATES = [
  'accepted', 'answered', 'dispatching', 'assigned', 'handling', 'replied', 'visiting', 'closed', 'archived', 'suspended', 'merged', 'invalid',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const TICKET_STATE_LABELS: Record<TicketState, string> = {
  accepted: '已受理', answered: '直接答复', dispatching: '待派单', assigned: '待签收', handling: '办理中', replied: '待审核',
  visiting: '待回访', closed: '已办结', archived: '已归档', suspended: '挂起', merged: '已并单', invalid: '无效',
};

/** States in which a ticket is still someone's work (counted open, swept for deadlines). */
export const OPEN_STATES: readonly TicketState[] = ['accepted', 'dispatching', 'assigned', 'handling', 'replied', 'visiting', 'suspended', 'answered'];

export const ASSIGNMENT_STATES = ['assigned', 'handling', 'replied', 'done', 'returned', 'withdrawn'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, string> = {
  assigned: '待签收', handling: '办理中', replied: '已反馈', done: '已办结', returned: '已退回', withdrawn: '已撤回',
};
/** An assignment still owes work: its deadlines run and the sweep watches it. */
export const LIVE_ASSIGNMENT_STATES: readonly AssignmentState[] = ['assigned', 'handling'];

export const ACTIONS = [
  'answer', 'dispatch', 'redispatch', 'sign', 'request-return', 'decide-return', 'request-extension', 'decide-extension',
  'suspend', 'resume', 'reply', 'review', 'visit', 'reopen', 'close', 'archive', 'merge', 'split', 'invalidate', 'urge',
  'supervise', 'reveal',
] as const;
export type TicketAction = (typeof ACTIONS)[number];

/**
 * Who may fire an action.
 * - `platform`: these roles, held by a user of the hotline office (the root unit).
 * - `assignee`: a handler, unit admin or grid worker of the unit an assignment is addressed to.
 * - `parent`: the same people of the unit that re-dispatched a child assignment (二级平台), who
 *   decides its child's requests as the dispatcher decides the platform's.
 */
export interface Who {
  platform?: readonly Role[];
  assignee?: boolean;
  parent?: boolean;
}

export interface ActionRule {
  from: readonly TicketState[];
  who: Who;
  /** The ticket's next state when it does not depend on the action's input; see `nextState`. */
  to?: TicketState;
  label: string;
}

const DESK: Role[] = ['operator', 'dispatcher'];
const WORKING: TicketState[] = ['assigned', 'handling'];
const QUEUE: TicketState[] = ['accepted', 'dispatching'];
/** Everything still in someone's hands, suspended included (a supervision order outlives a pause). */
const UNDER_WAY: TicketState[] = ['assigned', 'handling', 'replied', 'visiting', 'suspended'];

export const RULES: Record<TicketAction, ActionRule> = {
  answer: { from: QUEUE, who: { platform: DESK }, to: 'answered', label: '直接答复' },
  dispatch: { from: QUEUE, who: { platform: DESK }, to: 'assigned', label: '派单' },
  // Second-level dispatch: the unit hands its assignment to a child; the ticket's state is unchanged.
  redispatch: { from: WORKING, who: { assignee: true }, label: '二级派单' },
  sign: { from: WORKING, who: { assignee: true }, label: '签收' },
  'request-return': { from: WORKING, who: { assignee: true }, label: '申请退单' },
  'decide-return': { from: WORKING, who: { platform: ['dispatcher'], parent: true }, label: '审批退单' },
  'request-extension': { from: WORKING, who: { assignee: true }, label: '申请延期' },
  'decide-extension': { from: WORKING, who: { platform: ['dispatcher'], parent: true }, label: '审批延期' },
  // A unit asks (the assignment records a pending request); the dispatcher suspends, with or without one.
  suspend: { from: WORKING, who: { platform: ['dispatcher'], assignee: true }, label: '挂起' },
  resume: { from: ['suspended'], who: { platform: ['dispatcher'], assignee: true }, label: '解除挂起' },
  reply: { from: WORKING, who: { assignee: true }, label: '办理反馈' },
  review: { from: ['replied'], who: { platform: ['reviewer'] }, label: '审核' },
  // A direct answer is visited too (DOMAIN.md §6: answered → (visit) → closed).
  visit: { from: ['answered', 'visiting'], who: { platform: ['visitor'] }, label: '回访' },
  reopen: { from: ['answered', 'visiting', 'closed'], who: { platform: ['visitor', 'reviewer', 'dispatcher'] }, to: 'dispatching', label: '重办' },
  close: { from: ['answered', 'visiting'], who: { platform: ['visitor', 'reviewer', 'dispatcher'] }, to: 'closed', label: '办结' },
  archive: { from: ['closed', 'merged', 'invalid'], who: { platform: ['dispatcher', 'admin'] }, to: 'archived', label: '归档' },
  merge: { from: QUEUE, who: { platform: DESK }, to: 'merged', label: '并单' },
  split: { from: QUEUE, who: { platform: DESK }, label: '拆单' },
  invalidate: { from: QUEUE, who: { platform: DESK }, to: 'invalid', label: '无效工单' },
  urge: { from: ['assigned', 'handling', 'suspended'], who: { platform: ['supervisor', 'dispatcher'], parent: true }, label: '催办' },
  // Opening and closing an order is the supervisor's; answering it is the unit's.
  supervise: { from: UNDER_WAY, who: { platform: ['supervisor', 'leader'], assignee: true }, label: '督办' },
  reveal: { from: TICKET_STATES, who: { platform: ['operator', 'dispatcher', 'reviewer', 'visitor', 'supervisor', 'admin'] }, label: '查看完整信息' },
};

/** Unit roles that act for their unit on an assignment. */
export const UNIT_ROLES: readonly Role[] = ['handler', 'unit_admin', 'grid_worker'];

export const isAllowedFrom = (state: TicketState, action: TicketAction): boolean => RULES[action].from.includes(state);

/** 409 unless the action may fire from this state. */
export function checkState(state: TicketState, action: TicketAction): void {
  if (!isAllowedFrom(state, action)) {
    throw new AppError(409, 'invalid_state',
      `工单当前状态为“${TICKET_STATE_LABELS[state]}”，不能${RULES[action].label}`,
      `Cannot ${action} a ticket in state ${state}`, undefined, { state, action });
  }
}

/** How the actor stands to the ticket: on the platform, at an assignment's unit, at its parent's. */
export interface Standing {
  /** The actor's unit is the platform root (the hotline office). */
  atPlatform: boolean;
  /** The actor's unit is the unit of the assignment the action targets. */
  atAssignee: boolean;
  /** The actor's unit re-dispatched the targeted assignment (its parent assignment's unit). */
  atParent: boolean;
}

export function mayAct(actor: Pick<Actor, 'roles'>, action: TicketAction, standing: Standing): boolean {
  const { who } = RULES[action];
  if (standing.atPlatform && who.platform?.some((r) => actor.roles.includes(r))) return true;
  const unitRole = UNIT_ROLES.some((r) => actor.roles.includes(r));
  if (standing.atAssignee && who.assignee && unitRole) return true;
  if (standing.atParent && who.parent && unitRole) return true;
  return false;
}

export function checkActor(actor: Pick<Actor, 'roles'>, action: TicketAction, standing: Standing): void {
  if (!mayAct(actor, action, standing)) throw forbidden(RULES[action].label);
}

// --- where an action leads, when that depends on what it decided -------------------------------

export type Outcome =
  | { action: 'sign'; primary: boolean; topLevel: boolean }
  | { action: 'reply'; primary: boolean; topLevel: boolean }
  | { action: 'decide-return'; approve: boolean; primary: boolean; topLevel: boolean }
  | { action: 'review'; approve: boolean }
  | { action: 'visit'; closes: boolean }
  | { action: 'suspend'; approved: boolean }
  | { action: 'resume'; from: TicketState };

/**
 * The ticket's state after an action. Only the primary assignment of the first level moves the
 * ticket: an assisting unit's or a child unit's sign and reply are the primary's business.
 */
export function nextState(state: TicketState, action: TicketAction, outcome?: Outcome): TicketState {
  checkState(state, action);
  const fixed = RULES[action].to;
  if (fixed) return fixed;
  if (!outcome) return state;
  switch (outcome.action) {
    case 'sign':
      return outcome.primary && outcome.topLevel ? 'handling' : state;
    case 'reply':
      return outcome.primary && outcome.topLevel ? 'replied' : state;
    case 'decide-return':
      return outcome.approve && outcome.primary && outcome.topLevel ? 'dispatching' : state;
    case 'review':
      return outcome.approve ? 'visiting' : 'handling';
    case 'visit':
      return outcome.closes ? 'closed' : state;
    case 'suspend':
      return outcome.approved ? 'suspended' : state;
    case 'resume':
      return outcome.from;
  }
}

// --- assignments --------------------------------------------------------------------------------

/** The assignment states each unit-level action needs (the ticket-level check comes first). */
export const ASSIGNMENT_RULES: Partial<Record<TicketAction, readonly AssignmentState[]>> = {
  sign: ['assigned'],
  reply: ['handling'],
  redispatch: ['handling'],
  'request-return': ['assigned', 'handling'],
  'decide-return': ['assigned', 'handling'],
  'request-extension': ['assigned', 'handling'],
  'decide-extension': ['assigned', 'handling'],
  suspend: ['assigned', 'handling'],
  urge: ['assigned', 'handling'],
};

export function checkAssignmentState(state: AssignmentState, action: TicketAction): void {
  const allowed = ASSIGNMENT_RULES[action];
  if (allowed && !allowed.includes(state)) {
    throw new AppError(409, 'invalid_assignment_state',
      `该承办记录当前为“${ASSIGNMENT_STATE_LABELS[state]}”，不能${RULES[action].label}`,
      `Cannot ${action} an assignment in state ${state}`, undefined, { assignmentState: state, action });
  }
}

export const CLOSE_REASONS = ['resolved', 'unresolved', 'unreasonable', 'unreachable', 'withdrawn'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SUPERVISION_LEVELS = ['system', 'oa', 'inspector', 'leader'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_LEVEL_LABELS: Record<SupervisionLevel, string> = { system: '系统督办', oa: 'OA督办', inspector: '作风监督员督办', leader: '领导督办' };

/**
 * A visit closes the ticket when the citizen was reached, the matter is resolved and they are at
 * least basically satisfied. Otherwise the ticket waits in 待回访 for the visitor's decision:
 * reopen (objective reasons) or close with an explanation (an unreasonable demand).
 */
export function visitCloses(v: { contacted: boolean; resolved?: boolean; satisfaction?: Satisfaction }): boolean {
  return v.contacted && v.resolved === true && (v.satisfaction === 'satisfied' || v.satisfaction === 'basic');
}
