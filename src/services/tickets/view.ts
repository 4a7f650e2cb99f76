// Tickets as the console sees them: camelCase, labels beside codes, personal data masked, and the
// actions the caller may take now (so the screen shows only the buttons that will work).
import type { Actor } from '../../domain/actor.js';
import { maskName } from '../../domain/privacy.js';
import {
  ACTIONS, ASSIGNMENT_RULES, ASSIGNMENT_STATE_LABELS, checkActor, isAllowedFrom, mayAct, TICKET_STATE_LABELS, type AssignmentState, type TicketAction, type TicketState,
} from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Assignment, Ticket } from '../../db/schema.js';
import { atPlatformRoot, runOnTicket, standingOf, type TicketDeps } from './context.js';
import { replyQualityView, type ReplyQualityView } from './reply-quality.js';

export interface AssignmentView {
  id: number;
  unitId: number;
  unitName: string;
  role: 'primary' | 'assisting';
  parentAssignmentId: number | null;
  state: string;
  stateLabel: string;
  pending: string | null;
  pendingData: unknown;
  dispatchedAt: string;
  signDeadline: string;
  replyDeadline: string;
  returnDeadline: string;
  signLevel: number;
  replyLevel: number;
  signedAt: string | null;
  repliedAt: string | null;
  replyResult: string | null;
  replyMeasures: string | null;
  replyBasis: string | null;
  contacted: boolean | null;
  /** H-REPLY: the reply's scores, set when the unit replied (null before, or for replies older than the scorer). */
  replyQuality: ReplyQualityView | null;
  onTime: boolean | null;
  signedOnTime: boolean | null;
  extensionCount: number;
  urgeCount: number;
  sendbackCount: number;
}

export interface TicketView {
  id: number;
  number: string;
  state: string;
  stateLabel: string;
  version: number;
  channel: string;
  type: string;
  urgency: string;
  subjectId: number | null;
  subjectName: string | null;
  title: string;
  content: string;
  citizen: { name: string | null; phone: string | null; confidential: boolean; masked: boolean };
  location: { address: string | null; lng: number | null; lat: number | null; districtId: number | null; streetId: number | null; communityId: number | null; gridId: number | null; districtName: string | null };
  dueAt: string | null;
  slaLevel: number;
  overdue: boolean;
  supervised: boolean;
  firstTime: boolean;
  reopenCount: number;
  sendbackCount: number;
  returnCount: number;
  urgeCount: number;
  supervisionCount: number;
  mergedIntoId: number | null;
  splitFromId: number | null;
  /** 屡办不成 (H-REPEAT): the ticket's repeat group and its size (0 when none). */
  repeatGroupId: number | null;
  repeatCount: number;
  answer: string | null;
  knowledgeArticleId: number | null;
  outcome: { contacted: boolean | null; resolved: boolean | null; satisfaction: string | null; closeReason: string | null; closeNote: string | null; visitAttempts: number };
  acceptedAt: string;
  dispatchedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  reviewDeadline: string | null;
  visitDeadline: string | null;
  assignments: AssignmentView[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export interface Names {
  units: Map<number, string>;
  subjects: Map<number, string>;
  phoneMasks: Map<number, string | null>;
}

/** Names for a page of tickets in three queries, not one per row. */
export async function namesFor(db: Db, tickets: Ticket[], assignments: Assignment[]): Promise<Names> {
  const unitIds = [...new Set([...assignments.map((a) => a.unit_id), ...tickets.map((t) => t.district_id).filter((x): x is number => x !== null)])];
  const subjectIds = [...new Set(tickets.map((t) => t.subject_id).filter((x): x is number => x !== null))];
  const citizenIds = [...new Set(tickets.map((t) => t.citizen_id).filter((x): x is number => x !== null))];
  const [units, subjects, citizens] = await Promise.all([
    unitIds.length ? db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
    subjectIds.length ? db.selectFrom('subjects').select(['id', 'name']).where('id', 'in', subjectIds).execute() : [],
    citizenIds.length ? db.selectFrom('citizens').select(['id', 'phone_mask']).where('id', 'in', citizenIds).execute() : [],
  ]);
  return {
    units: new Map(units.map((u) => [u.id, u.name])), subjects: new Map(subjects.map((s) => [s.id, s.name])),
    phoneMasks: new Map(citizens.map((c) => [c.id, c.phone_mask])),
  };
}

export function assignmentView(a: Assignment, names: Names): AssignmentView {
  return {
    id: a.id, unitId: a.unit_id, unitName: names.units.get(a.unit_id) ?? '', role: a.role, parentAssignmentId: a.parent_assignment_id,
    state: a.state, stateLabel: ASSIGNMENT_STATE_LABELS[a.state as AssignmentState] ?? a.state, pending: a.pending, pendingData: a.pending_data,
    dispatchedAt: a.dispatched_at.toISOString(), signDeadline: a.sign_deadline.toISOString(), replyDeadline: a.reply_deadline.toISOString(),
    returnDeadline: a.return_deadline.toISOString(), signLevel: a.sign_level, replyLevel: a.reply_level, signedAt: iso(a.signed_at), repliedAt: iso(a.replied_at),
    replyResult: a.reply_result, replyMeasures: a.reply_measures, replyBasis: a.reply_basis, contacted: a.contacted, replyQuality: replyQualityView(a), onTime: a.on_time,
    signedOnTime: a.signed_on_time, extensionCount: a.extension_count, urgeCount: a.urge_count, sendbackCount: a.sendback_count,
  };
}

/**
 * The caller's view. Phone numbers are always masked (the full number is a logged reveal); a
 * confidential citizen's name is masked too for everyone outside the hotline office.
 */
export function ticketView(t: Ticket, assignments: Assignment[], names: Names, actor: Actor | null): TicketView {
  const maskedName = t.confidential && (actor === null || !atPlatformRoot(actor));
  return {
    id: t.id, number: t.number, state: t.state, stateLabel: TICKET_STATE_LABELS[t.state as TicketState] ?? t.state, version: t.version,
    channel: t.channel, type: t.type, urgency: t.urgency, subjectId: t.subject_id, subjectName: t.subject_id ? names.subjects.get(t.subject_id) ?? null : null,
    title: t.title, content: t.content,
    citizen: {
      name: t.citizen_name && maskedName ? maskName(t.citizen_name) : t.citizen_name,
      phone: t.citizen_id ? names.phoneMasks.get(t.citizen_id) ?? null : null, confidential: t.confidential, masked: maskedName,
    },
    location: {
      address: t.address, lng: t.lng, lat: t.lat, districtId: t.district_id, streetId: t.street_id, communityId: t.community_id, gridId: t.grid_id,
      districtName: t.district_id ? names.units.get(t.district_id) ?? null : null,
    },
    dueAt: iso(t.due_at), slaLevel: t.sla_level, overdue: t.overdue, supervised: t.supervised, firstTime: t.first_time, reopenCount: t.reopen_count,
    sendbackCount: t.sendback_count, returnCount: t.return_count, urgeCount: t.urge_count, supervisionCount: t.supervision_count,
    mergedIntoId: t.merged_into_id, splitFromId: t.split_from_id, repeatGroupId: t.repeat_group_id, repeatCount: t.repeat_count, answer: t.answer, knowledgeArticleId: t.knowledge_article_id,
    outcome: { contacted: t.contacted, resolved: t.resolved, satisfaction: t.satisfaction, closeReason: t.close_reason, closeNote: t.close_note, visitAttempts: t.visit_attempts },
    acceptedAt: t.accepted_at.toISOString(), dispatchedAt: iso(t.dispatched_at), repliedAt: iso(t.replied_at), closedAt: iso(t.closed_at),
    reviewDeadline: iso(t.review_deadline), visitDeadline: iso(t.visit_deadline),
    assignments: assignments.map((a) => assignmentView(a, names)),
  };
}

/** Actions the caller could take now, judged by state and standing (the use case re-checks all). */
/** Actions that concern one assignment: offered only where that assignment is in a state (and has the request) they need. */
const PENDING_DECISIONS: Partial<Record<TicketAction, string>> = { 'decide-return': 'return', 'decide-extension': 'extension' };
const REQUESTS: readonly TicketAction[] = ['request-return', 'request-extension'];

/**
 * What the caller may do now: the state machine's rule for the ticket's state and the caller's
 * standing, and for an action on an assignment, an assignment it may act on in the right state (a
 * decision needs the request pending; a unit's request needs none pending). A screen shows these as
 * buttons, so an action offered here should not be refused for the ticket's state when clicked.
 * `openOrderUnitIds`: units with an open supervision order (a unit answers only its own).
 */
export function availableActions(t: Ticket, assignments: Assignment[], actor: Actor, openOrderUnitIds: readonly number[] = []): TicketAction[] {
  const ticketStanding = standingOf(actor, null, assignments);
  return ACTIONS.filter((action) => {
    if (!isAllowedFrom(t.state as TicketState, action)) return false;
    const needs = ASSIGNMENT_RULES[action];
    if (!needs) {
      if (action === 'supervise' && !atPlatformRoot(actor)) return openOrderUnitIds.includes(actor.unitId) && mayAct(actor, action, { ...ticketStanding, atAssignee: true });
      return mayAct(actor, action, ticketStanding) || assignments.some((a) => mayAct(actor, action, standingOf(actor, a, assignments)));
    }
    return assignments.some((a) => {
      if (!needs.includes(a.state as AssignmentState)) return false;
      const pending = PENDING_DECISIONS[action];
      if (pending !== undefined && a.pending !== pending) return false;
      if (REQUESTS.includes(action) && a.pending !== null) return false;
      return mayAct(actor, action, standingOf(actor, a, assignments));
    });
  });
}

/** `known`: the assignments when the caller has them already (a ticket just created has none). */
export async function presentTickets(db: Db, tickets: Ticket[], actor: Actor | null, known?: Assignment[]): Promise<TicketView[]> {
  const ids = tickets.map((t) => t.id);
  const assignments = known ?? (ids.length ? await db.selectFrom('assignments').selectAll().where('ticket_id', 'in', ids).orderBy('id').execute() : []);
  const names = await namesFor(db, tickets, assignments);
  return tickets.map((t) => ticketView(t, assignments.filter((a) => a.ticket_id === t.id), names, actor));
}

export type RevealField = 'name' | 'phone' | 'idNumber';

/** The full value of a masked field: platform roles only, and every reveal is an event. */
export async function reveal(deps: TicketDeps, actor: Actor, ticketId: number, field: RevealField, now: Date): Promise<{ field: RevealField; value: string | null }> {
  const { result } = await runOnTicket(deps, actor, ticketId, 'reveal', now, { touch: false }, async (f) => {
    checkActor(actor, 'reveal', standingOf(actor, null, f.assignments));
    let value: string | null = null;
    if (field === 'name') value = f.ticket.citizen_name;
    else if (f.ticket.citizen_id !== null) {
      const c = await f.tx.selectFrom('citizens').select(['phone_enc', 'id_enc']).where('id', '=', f.ticket.citizen_id).executeTakeFirstOrThrow();
      const sealed = field === 'phone' ? c.phone_enc : c.id_enc;
      value = sealed ? deps.vault.decrypt(sealed) : null;
    }
    f.events.push({ type: 'revealed', data: { field } });
    return value;
  });
  return { field, value: result };
}
