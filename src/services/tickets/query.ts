// Reading tickets: the paged, filtered list and one ticket with its assignments, events and the
// dispatch proposal. Every query goes through `ticketVisibleTo`, the unit-scope rule for tickets.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { atLocal } from '../../domain/calendar/index.js';
import { forbidden } from '../../domain/errors.js';
import { checkPhone } from '../../domain/privacy.js';
import { TICKET_STATES, type TicketAction } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import { subtreePattern } from '../../db/scope.js';
import { proposeDispatch, type DispatchProposal } from '../dispatch/proposal.js';
import { atPlatformRoot, ticketVisibleTo, type TicketDeps } from './context.js';
import { ticketMissing } from './helpers.js';
import { ticketTextMatch } from './search-tokens.js';
import { availableActions, presentTickets, type TicketView } from './view.js';

export interface TicketFilter {
  state?: string[];
  type?: string;
  subjectId?: number;
  channel?: string;
  /** Tickets with an assignment to this unit or a unit below it. */
  unitId?: number;
  /** With `unitId` (or the caller's own unit): only assignments in these states (a workbench tab). */
  assignmentState?: string[];
  districtId?: number;
  /** Tickets with a live assignment carrying a request awaiting decision (return, extension, suspend). */
  pending?: string[];
  /** With `unitId` / the caller's unit: only assignments the reviewer sent back (退回重办) still being handled. */
  sentBack?: boolean;
  /** 'any': an open assignment past its deadline; '30d': more than 30 days past (超期30天以上). */
  overdue?: 'any' | '30d';
  slaLevel?: number;
  /** Acceptance date range, inclusive, Shanghai dates. */
  from?: string;
  to?: string;
  q?: string;
  /** The caller's earlier tickets (caller look-up at intake): matched by the phone's keyed hash. */
  phone?: string;
  /** 屡办不成 (H-REPEAT): only tickets flagged as repeat complaints. */
  repeat?: boolean;
  /** `unitDue`: the caller's own unit's live assignment deadline (to sign, then to reply), for its workbench. */
  /** `relevance` (with `q`): best match first (title words weigh most, then the address), newest among equals. */
  sort?: 'acceptedAt' | '-acceptedAt' | 'dueAt' | '-dueAt' | 'unitDue' | 'relevance';
  page: number;
  pageSize: number;
}

const PENDING_KINDS = ['return', 'extension', 'suspend'];
const OVERDUE_30_DAYS_MS = 30 * 86_400_000;

export async function listTickets(deps: TicketDeps, actor: Actor, f: TicketFilter, now: Date): Promise<{ total: number; items: TicketView[] }> {
  const { db } = deps;
  let q = db.selectFrom('tickets').where(ticketVisibleTo(actor));
  if (f.state?.length) q = q.where('tickets.state', 'in', f.state.filter((s) => (TICKET_STATES as readonly string[]).includes(s)));
  if (f.type) q = q.where('tickets.type', '=', f.type);
  if (f.channel) q = q.where('tickets.channel', '=', f.channel);
  if (f.districtId) q = q.where('tickets.district_id', '=', f.districtId);
  if (f.slaLevel !== undefined) q = q.where('tickets.sla_level', '=', f.slaLevel);
  if (f.repeat) q = q.where('tickets.repeat', '=', true);
  if (f.subjectId) {
    q = q.where(sql<boolean>`tickets.subject_id in (select s.id from subjects s where s.path like (select p.path || '%' from subjects p where p.id = ${f.subjectId}))`);
  }
  if (f.pending?.length) {
    const kinds = f.pending.filter((k) => PENDING_KINDS.includes(k));
    q = q.where(sql<boolean>`exists (select 1 from assignments pa where pa.ticket_id = tickets.id
      and pa.pending in (${sql.join(kinds.length ? kinds : ['none'])}) and pa.state in ('assigned', 'handling'))`);
  }
  if (f.unitId !== undefined || f.assignmentState?.length || f.sentBack) {
    const unit = f.unitId !== undefined
      ? await db.selectFrom('units').select('path').where('id', '=', f.unitId).where('platform_id', '=', actor.platformId).executeTakeFirst()
      : { path: actor.unitPath };
    if (!unit) return { total: 0, items: [] };
    const states = f.assignmentState?.length ? f.assignmentState : null;
    q = q.where(sql<boolean>`exists (select 1 from assignments fa join units fu on fu.id = fa.unit_id
      where fa.ticket_id = tickets.id and fu.path like ${subtreePattern(unit.path)}
      ${states ? sql`and fa.state in (${sql.join(states)})` : sql``}
      ${f.sentBack ? sql`and fa.sendback_count > 0 and fa.state = 'handling'` : sql``}
      ${f.unitId === undefined ? sql`and fa.unit_id = ${actor.unitId}` : sql``})`);
  }
  if (f.overdue) {
    const before = f.overdue === '30d' ? new Date(now.getTime() - OVERDUE_30_DAYS_MS) : now;
    // As the sweep counts: a live assignment at or past its deadline; a suspended ticket's clock is stopped.
    q = q.where('tickets.state', '!=', 'suspended').where(sql<boolean>`exists (select 1 from assignments oa where oa.ticket_id = tickets.id
      and oa.state in ('assigned', 'handling') and oa.reply_deadline <= ${before})`);
  }
  if (f.from) q = q.where('tickets.accepted_at', '>=', atLocal(f.from, '00:00'));
  if (f.to) q = q.where('tickets.accepted_at', '<', new Date(atLocal(f.to, '00:00').getTime() + 86_400_000));
  if (f.phone) {
    // Platform users only: for a unit, "which ticket is this phone's" would unmask confidential callers.
    if (!atPlatformRoot(actor)) throw forbidden('按电话查询来电人');
    const phoneHash = deps.vault.hash(checkPhone(f.phone, 'phone'));
    q = q.where('tickets.citizen_id', 'in', (eb) => eb.selectFrom('citizens').select('citizens.id')
      .where('citizens.platform_id', '=', actor.platformId).where('citizens.phone_hash', '=', phoneHash));
  }
  const text = f.q?.trim();
  // Full-text (H-SEARCH, search-tokens.ts): all words must match; a ticket number is looked up as it is.
  const match = text && !/^\d{8,16}$/.test(text) ? await ticketTextMatch(db, actor.platformId, text) : null;
  if (text) q = match ? q.where(match.where) : q.where('tickets.number', '=', text);
  // Relevance only means something with words to rank; otherwise the list's own order.
  const sort = f.sort === 'relevance' ? (match?.rank ? 'relevance' : '-acceptedAt') : f.sort ?? '-acceptedAt';
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q.selectAll('tickets')
      .$call((qq) => sort === 'dueAt' ? qq.orderBy(sql`tickets.due_at asc nulls last`) : sort === '-dueAt' ? qq.orderBy(sql`tickets.due_at desc nulls last`)
        // The ticket's due_at is its primary unit's; an assisting or child unit races its own deadline.
        : sort === 'unitDue' ? qq.orderBy(sql`(select min(case when ua.state = 'assigned' then ua.sign_deadline else ua.reply_deadline end)
            from assignments ua where ua.ticket_id = tickets.id and ua.unit_id = ${actor.unitId} and ua.state in ('assigned', 'handling')) asc nulls last`)
            .orderBy(sql`tickets.due_at asc nulls last`)
        : sort === 'relevance' ? qq.orderBy(sql`${match!.rank} desc nulls last`).orderBy('tickets.accepted_at', 'desc')
        : qq.orderBy('tickets.accepted_at', sort === 'acceptedAt' ? 'asc' : 'desc'))
      .orderBy('tickets.id', sort === 'acceptedAt' ? 'asc' : 'desc')
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
  ]);
  return { total: Number(total), items: await presentTickets(db, rows, actor) };
}

export interface TicketEventView {
  id: number;
  at: string;
  type: string;
  actorId: number | null;
  actorName: string | null;
  actorUnitName: string | null;
  assignmentId: number | null;
  fromState: string | null;
  toState: string | null;
  data: Record<string, unknown>;
}

export interface TicketDetail extends TicketView {
  events: TicketEventView[];
  actions: TicketAction[];
  proposal: DispatchProposal | null;
  supervisionOrders: { id: number; unitId: number; level: string; state: string; reason: string; deadline: string; answer: string | null; result: string | null; openedAt: string }[];
  attachments: { id: number; fileName: string; contentType: string; size: number; createdAt: string; assignmentId: number | null }[];
  related: { id: number; number: string; state: string; relation: 'merged_from' | 'split_into' }[];
}

export async function getTicket(db: Db, actor: Actor, id: number): Promise<TicketDetail> {
  const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', id).where(ticketVisibleTo(actor)).executeTakeFirst();
  if (!ticket) throw ticketMissing();
  const [[view], events, orders, files, related] = await Promise.all([
    presentTickets(db, [ticket], actor),
    db.selectFrom('ticket_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').leftJoin('units as n', 'n.id', 'e.actor_unit_id')
      .select(['e.id', 'e.at', 'e.type', 'e.actor_id', 'u.display_name', 'n.name as unit_name', 'e.assignment_id', 'e.from_state', 'e.to_state', 'e.data'])
      .where('e.ticket_id', '=', id).orderBy('e.id').execute(),
    db.selectFrom('supervision_orders').selectAll().where('ticket_id', '=', id).orderBy('id').execute(),
    db.selectFrom('attachments').select(['id', 'file_name', 'content_type', 'size', 'created_at', 'assignment_id']).where('ticket_id', '=', id).orderBy('id').execute(),
    db.selectFrom('tickets').select(['id', 'number', 'state', 'merged_into_id']).where((eb) => eb.or([eb('merged_into_id', '=', id), eb('split_from_id', '=', id)])).orderBy('id').execute(),
  ]);
  const assignments = await db.selectFrom('assignments').selectAll().where('ticket_id', '=', id).execute();
  const queued = ticket.state === 'accepted' || ticket.state === 'dispatching';
  const proposal = queued ? await proposeDispatch(db, ticket.platform_id, {
    subjectId: ticket.subject_id, districtId: ticket.district_id, streetId: ticket.street_id, communityId: ticket.community_id, gridId: ticket.grid_id,
  }) : null;
  return {
    ...view!,
    events: events.map((e) => ({
      id: e.id, at: e.at.toISOString(), type: e.type, actorId: e.actor_id, actorName: e.display_name, actorUnitName: e.unit_name,
      assignmentId: e.assignment_id, fromState: e.from_state, toState: e.to_state, data: e.data,
    })),
    actions: availableActions(ticket, assignments, actor, orders.filter((o) => o.state === 'open').map((o) => o.unit_id)),
    proposal,
    supervisionOrders: orders.map((o) => ({
      id: o.id, unitId: o.unit_id, level: o.level, state: o.state, reason: o.reason, deadline: o.deadline.toISOString(), answer: o.answer, result: o.result,
      openedAt: o.opened_at.toISOString(),
    })),
    attachments: files.map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, size: a.size, createdAt: a.created_at.toISOString(), assignmentId: a.assignment_id })),
    related: related.map((r) => ({ id: r.id, number: r.number, state: r.state, relation: r.merged_into_id === id ? 'merged_from' as const : 'split_into' as const })),
  };
}
