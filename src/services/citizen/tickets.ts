// The citizen's side of a ticket, without an account (DOMAIN.md §4, §6, §14): submit a matter on
// the web, follow it with its number and one's phone, rate the answer. Whoever knows both number
// and phone is taken to be the citizen; everything here answers only what that citizen may know.
import { AppError } from '../../domain/errors.js';
import { DEFAULT_PLATFORM_ID } from '../../domain/platform.js';
import { checkPhone, maskName, normalizePhone } from '../../domain/privacy.js';
import { TICKET_STATE_LABELS, type Satisfaction, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Ticket } from '../../db/schema.js';
import type { TicketDeps } from '../tickets/context.js';
import { intake } from '../tickets/intake.js';
import { visit } from '../tickets/outcome.js';

/** The citizen API acts as this system doer: events record `{system: 'citizen'}`, no staff user. */
export const CITIZEN = { system: 'citizen', platformId: DEFAULT_PLATFORM_ID } as const;

export const CITIZEN_CHANNELS = ['web', 'wechat', 'app', 'open311'] as const;

export interface CitizenSubmission {
  channel?: (typeof CITIZEN_CHANNELS)[number];
  type: string;
  subjectId?: number | null;
  title?: string | null;
  content: string;
  name?: string | null;
  phone: string;
  location?: { address?: string | null; lng?: number | null; lat?: number | null } | null;
  confidential?: boolean;
}

export interface SubmitReceipt {
  number: string;
  state: string;
  stateLabel: string;
  acceptedAt: string;
}

const label = (state: string) => TICKET_STATE_LABELS[state as TicketState] ?? state;

/**
 * A citizen's own submission waits in 已受理 for an operator to check it (accept it by dispatching
 * or answering, or mark it invalid). The Idempotency-Key lives in its own namespace so a citizen's
 * key can never meet, and so reveal, a ticket that staff registered under the same key.
 */
export async function submit(deps: TicketDeps, input: CitizenSubmission, now: Date, idempotencyKey?: string): Promise<{ receipt: SubmitReceipt; replayed: boolean }> {
  const phone = checkPhone(input.phone, 'phone');
  const { ticket, replayed } = await intake(deps, CITIZEN, {
    channel: input.channel ?? 'web', type: input.type, subjectId: input.subjectId ?? null, title: input.title ?? null, content: input.content,
    citizen: { name: input.name ?? null, phone, confidential: input.confidential ?? false }, location: input.location ?? null,
  }, now, { idempotencyKey: idempotencyKey && `citizen:${idempotencyKey}`, initialState: 'accepted' });
  return { receipt: { number: ticket.number, state: ticket.state, stateLabel: label(ticket.state), acceptedAt: ticket.accepted_at.toISOString() }, replayed };
}

/**
 * The ticket with this number whose citizen has this phone, or null. One query matches both, so an
 * unknown number and a wrong phone take the same path and cannot be told apart.
 */
export async function findOwnTicket(deps: TicketDeps, number: string, phone: string): Promise<Ticket | null> {
  const row = await deps.db.selectFrom('tickets').innerJoin('citizens', 'citizens.id', 'tickets.citizen_id')
    .selectAll('tickets')
    .where('tickets.platform_id', '=', CITIZEN.platformId).where('tickets.number', '=', number.trim())
    .where('citizens.phone_hash', '=', deps.vault.hash(normalizePhone(phone)))
    .executeTakeFirst();
  return row ?? null;
}

export interface PublicStep {
  at: string;
  /** Event code (accepted, dispatched, signed, …), for an app to pick an icon. */
  step: string;
  label: string;
  /** The unit that acted: 承办单位 are public bodies and their names appear on every hotline portal; staff names never do. */
  unitName: string | null;
}

export interface CitizenTicketView {
  number: string;
  state: string;
  stateLabel: string;
  type: string;
  typeLabel: string;
  title: string;
  content: string;
  /** Masked, as on every screen but a logged reveal: the caller proved the number, we do not echo it. */
  citizen: { name: string | null; phone: string | null };
  acceptedAt: string;
  closedAt: string | null;
  timeline: PublicStep[];
  /** The answer the citizen is owed, once there is one to rate: the direct answer or the approved reply. */
  result: { text: string; unitName: string | null; at: string | null } | null;
  rating: { open: boolean; given: { resolved: boolean | null; satisfaction: string | null; at: string } | null };
}

/** What a citizen may rate: a direct answer, or a reply the platform approved. */
const RATEABLE = new Set<string>(['answered', 'visiting']);
const SHOWS_RESULT = new Set<string>(['answered', 'visiting', 'closed', 'archived']);

/** Steps a citizen is told about, in their words; internal steps (urging, supervision, reveals, lights) are left out. */
function publicStep(type: string, data: Record<string, unknown>): string | null {
  switch (type) {
    case 'accepted': return '已受理';
    case 'answered': return '已答复';
    case 'dispatched': return '已转交承办单位办理';
    case 'redispatched': return '已转交下级单位办理';
    case 'signed': return '承办单位已签收';
    case 'replied': return data.to === 'platform' ? '承办单位已反馈办理结果' : null;
    case 'reviewed': return data.approve ? '办理结果已审核' : '办理结果未通过审核，重新办理';
    case 'return_decided': return data.approve ? '重新安排承办单位' : null;
    case 'extension_decided': return data.approve ? '办理时限已延长' : null;
    case 'suspended': return '暂停办理（等待补充材料或第三方）';
    case 'resumed': return '恢复办理';
    case 'visited': return data.contacted ? (data.via === 'call' ? '已回访' : '市民已评价') : null;
    case 'reopened': return '重新办理';
    case 'closed': return '已办结';
    case 'merged': return '与相同诉求合并办理';
    case 'invalidated': return '不予受理';
    default: return null;
  }
}

const CITIZEN_VIA = new Set(['web', 'sms']);
/** Steps taken by the unit of the event's assignment, which the timeline names. */
const UNIT_STEPS = new Set(['signed', 'replied', 'redispatched', 'extension_decided']);

export async function citizenView(db: Db, ticket: Ticket): Promise<CitizenTicketView> {
  // A merged ticket's citizen follows the master: its progress and outcome are theirs (DOMAIN.md §6).
  const master = ticket.merged_into_id
    ? await db.selectFrom('tickets').selectAll().where('id', '=', ticket.merged_into_id).executeTakeFirst()
    : undefined;
  const source = master ?? ticket;
  const [events, assignments, type, citizen] = await Promise.all([
    db.selectFrom('ticket_events').select(['id', 'ticket_id', 'at', 'type', 'assignment_id', 'data']).where('ticket_id', 'in', [...new Set([ticket.id, source.id])]).orderBy('id').execute(),
    db.selectFrom('assignments').innerJoin('units', 'units.id', 'assignments.unit_id')
      .select(['assignments.id', 'assignments.unit_id', 'assignments.role', 'assignments.parent_assignment_id', 'assignments.state', 'assignments.reply_result', 'assignments.replied_at', 'units.name'])
      .where('assignments.ticket_id', '=', source.id).orderBy('assignments.id').execute(),
    db.selectFrom('ticket_types').select('name').where('platform_id', '=', ticket.platform_id).where('code', '=', ticket.type).executeTakeFirst(),
    ticket.citizen_id ? db.selectFrom('citizens').select('phone_mask').where('id', '=', ticket.citizen_id).executeTakeFirst() : undefined,
  ]);
  const unitOf = (assignmentId: number | null) => assignments.find((a) => a.id === assignmentId)?.name ?? null;
  // Primary and assisting units alike are named: the citizen may need to call any of them.
  const dispatchedTo = (data: Record<string, unknown>): string | null => {
    const ids = [data.primaryUnitId, ...(Array.isArray(data.assistingUnitIds) ? data.assistingUnitIds : [])];
    const names = ids.map((id) => assignments.find((a) => a.unit_id === id && a.parent_assignment_id === null)?.name).filter((n): n is string => !!n);
    return names.length ? [...new Set(names)].join('、') : null;
  };
  const timeline: PublicStep[] = [];
  for (const e of events) {
    // The master's own intake was another citizen's call: this timeline starts with this one's.
    if (e.type === 'accepted' && e.ticket_id !== ticket.id) continue;
    const data = (e.data ?? {}) as Record<string, unknown>;
    const text = publicStep(e.type, data);
    if (!text) continue;
    timeline.push({ at: e.at.toISOString(), step: e.type, label: text, unitName: UNIT_STEPS.has(e.type) ? unitOf(e.assignment_id) : e.type === 'dispatched' ? dispatchedTo(data) : null });
  }

  // The latest word the citizen is owed: a direct answer, or the approved reply of the primary unit
  // (after a reopen, the newer of the two).
  const reply = [...assignments].reverse().find((a) => a.role === 'primary' && a.parent_assignment_id === null && a.reply_result);
  let result: CitizenTicketView['result'] = null;
  if (SHOWS_RESULT.has(source.state)) {
    const answer = source.answer ? { text: source.answer, unitName: null, at: source.answered_at } : null;
    const replied = reply?.reply_result ? { text: reply.reply_result, unitName: reply.name, at: reply.replied_at } : null;
    const latest = answer && replied ? ((answer.at?.getTime() ?? 0) > (replied.at?.getTime() ?? 0) ? answer : replied) : answer ?? replied;
    result = latest && { text: latest.text, unitName: latest.unitName, at: latest.at?.toISOString() ?? null };
  }

  const given = lastCitizenRating(events.filter((e) => e.type === 'visited' || e.type === 'reopened'));
  return {
    number: ticket.number, state: source.state, stateLabel: label(source.state), type: ticket.type, typeLabel: type?.name ?? ticket.type,
    title: ticket.title, content: ticket.content,
    citizen: { name: ticket.citizen_name ? maskName(ticket.citizen_name) : null, phone: citizen?.phone_mask ?? null },
    acceptedAt: ticket.accepted_at.toISOString(), closedAt: source.closed_at?.toISOString() ?? null,
    timeline, result,
    rating: { open: RATEABLE.has(ticket.state) && given === null, given },
  };
}

/** The citizen's rating since the last reopen, if any: a citizen rates each answer once. */
function lastCitizenRating(events: { type: string; at: Date; data: unknown }[]): CitizenTicketView['rating']['given'] {
  let given: CitizenTicketView['rating']['given'] = null;
  for (const e of events) {
    const data = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === 'reopened') given = null;
    else if (e.type === 'visited' && CITIZEN_VIA.has(String(data.via))) {
      given = { resolved: (data.resolved as boolean | null) ?? null, satisfaction: (data.satisfaction as string | null) ?? null, at: e.at.toISOString() };
    }
  }
  return given;
}

export interface CitizenRating {
  resolved: boolean;
  satisfaction: Satisfaction;
  comment?: string | null;
}

/**
 * The citizen rates the answer on the web (DOMAIN.md §6: "citizens can also rate … on the web"):
 * a return visit in which the citizen reached us. Satisfied and resolved closes the ticket; else it
 * waits for the visitor to reopen or close it with an explanation.
 */
export async function rate(deps: TicketDeps, ticket: Ticket, input: CitizenRating, now: Date): Promise<Ticket> {
  if (!RATEABLE.has(ticket.state)) {
    throw new AppError(409, 'not_rateable', `工单当前状态为“${label(ticket.state)}”，办理结果答复后才能评价`,
      `The ticket is ${ticket.state}; it can be rated once it has been answered`);
  }
  const events = await deps.db.selectFrom('ticket_events').select(['type', 'at', 'data'])
    .where('ticket_id', '=', ticket.id).where('type', 'in', ['visited', 'reopened']).orderBy('id').execute();
  if (lastCitizenRating(events)) throw new AppError(409, 'already_rated', '您已评价过本次办理结果', 'You have already rated this answer');
  // The version read above: a second rating sent at the same moment meets a 409, not a double visit.
  return visit(deps, CITIZEN, ticket.id, {
    contacted: true, resolved: input.resolved, satisfaction: input.satisfaction, note: input.comment?.trim() || null, via: 'web', version: ticket.version,
  }, now);
}
