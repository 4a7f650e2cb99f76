// 督办 for the supervisor's screens: the supervision orders list and the per-unit watch list (what is
// overdue or about to be at each unit, and the orders it carries). Orders are opened, answered and
// closed by the ticket action `supervise` (../tickets/supervision.ts); this module only reads.
// Scope: an order is addressed to a unit, so a user sees the orders against their unit or a unit
// below it (the hotline office, at the root, sees all of its platform's).
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { SUPERVISION_LEVEL_LABELS, TICKET_STATE_LABELS, type SupervisionLevel, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import { requireUnitInScope, subtreePattern, unitIdInScope } from '../../db/scope.js';
import { OVERDUE_BUCKET_DAYS } from '../tickets/overdue.js';
import type { OrderPage, OrderState, UnitWatchSummary } from './types.js';

export const ORDER_STATES: readonly OrderState[] = ['open', 'answered', 'closed'];
// The same words as the ticket page's (web/src/tickets/detail/labels.ts).
export const ORDER_STATE_LABELS: Record<OrderState, string> = { open: '督办中', answered: '已答复', closed: '已结束' };

export interface OrderFilter {
  state?: OrderState;
  /** Orders against this unit or a unit below it (in the caller's scope). */
  unitId?: number;
  /** A ticket number. */
  q?: string;
  page: number;
  pageSize: number;
}

export async function listOrders(db: Db, actor: Actor, f: OrderFilter, now: Date): Promise<OrderPage> {
  const unitPath = f.unitId !== undefined ? (await requireUnitInScope(db, actor, f.unitId)).path : actor.unitPath;
  let base = db.selectFrom('supervision_orders as o')
    .where('o.platform_id', '=', actor.platformId)
    .where(unitIdInScope(actor, 'o.unit_id'));
  if (unitPath !== actor.unitPath) {
    base = base.where(sql<boolean>`o.unit_id in (select fu.id from units fu where fu.platform_id = ${actor.platformId} and fu.path like ${subtreePattern(unitPath)})`);
  }
  const number = f.q?.trim();
  if (number) base = base.where('o.ticket_id', 'in', (eb) => eb.selectFrom('tickets').select('tickets.id').where('tickets.platform_id', '=', actor.platformId).where('tickets.number', '=', number));
  const filtered = f.state ? base.where('o.state', '=', f.state) : base;
  const [byState, rows] = await Promise.all([
    base.select(['o.state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('o.state').execute(),
    filtered
      .innerJoin('tickets as t', 't.id', 'o.ticket_id')
      .innerJoin('units as u', 'u.id', 'o.unit_id')
      .leftJoin('users as opener', 'opener.id', 'o.opened_by')
      .select([
        'o.id', 'o.ticket_id', 't.number', 't.title', 't.state as ticket_state', 'o.unit_id', 'u.name as unit_name', 'o.level', 'o.state', 'o.reason',
        'o.deadline', 'o.opened_at', 'opener.display_name as opener_name', 'o.answer', 'o.answered_at', 'o.result', 'o.closed_at',
      ])
      .orderBy('o.opened_at', 'desc').orderBy('o.id', 'desc')
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  const counts = { open: 0, answered: 0, closed: 0 } as Record<OrderState, number>;
  for (const r of byState) counts[r.state as OrderState] = Number(r.n);
  return {
    items: rows.map((r) => {
      const state = r.state as OrderState;
      return {
        id: r.id, ticketId: r.ticket_id, ticketNumber: r.number, ticketTitle: r.title, ticketState: r.ticket_state,
        ticketStateLabel: TICKET_STATE_LABELS[r.ticket_state as TicketState] ?? r.ticket_state,
        unitId: r.unit_id, unitName: r.unit_name, level: r.level, levelLabel: SUPERVISION_LEVEL_LABELS[r.level as SupervisionLevel] ?? r.level,
        state, stateLabel: ORDER_STATE_LABELS[state] ?? state, reason: r.reason, deadline: r.deadline.toISOString(),
        late: state === 'open' && r.deadline <= now, openedAt: r.opened_at.toISOString(), openedByName: r.opener_name,
        answer: r.answer, answeredAt: r.answered_at?.toISOString() ?? null, answeredOnTime: r.answered_at ? r.answered_at <= r.deadline : null,
        result: r.result, closedAt: r.closed_at?.toISOString() ?? null,
      };
    }),
    total: f.state ? counts[f.state] : counts.open + counts.answered + counts.closed,
    page: f.page,
    pageSize: f.pageSize,
    counts,
  };
}

const RECENT_DAYS = 30;

/**
 * 按单位: per unit in scope, its live assignments past 75% of their reply limit (临期) or past the
 * deadline (超期, and 超期30天以上), counted as GET /api/tickets?overdue=… does (at or past the
 * deadline; a suspended ticket's clock is stopped), and its supervision orders: still unanswered,
 * and opened in the last 30 days. Two index range scans (assignments_open_reply_warn_idx /
 * assignments_open_reply_deadline_idx, supervision_orders_platform_idx), whatever the city's size.
 */
export async function unitWatch(db: Db, actor: Actor, now: Date): Promise<UnitWatchSummary> {
  const before30 = new Date(now.getTime() - OVERDUE_BUCKET_DAYS * 86_400_000);
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const pattern = subtreePattern(actor.unitPath);
  const { rows } = await sql<{ id: number; name: string; kind: string; overdue: number; overdue30: number; warning: number; orders_open: number; orders30: number }>`
    with late as (
      select a.unit_id,
        count(*) filter (where a.reply_deadline <= ${now}) as overdue,
        count(*) filter (where a.reply_deadline <= ${before30}) as overdue30,
        count(*) filter (where a.reply_deadline > ${now}) as warning
      from assignments a
      join tickets t on t.id = a.ticket_id
      where a.platform_id = ${actor.platformId} and a.state in ('assigned', 'handling') and a.reply_warn_at <= ${now} and t.state <> 'suspended'
      group by a.unit_id
    ), orders as (
      select o.unit_id, count(*) filter (where o.state = 'open') as orders_open, count(*) filter (where o.opened_at >= ${since}) as orders30
      from supervision_orders o
      where o.platform_id = ${actor.platformId} and (o.state = 'open' or o.opened_at >= ${since})
      group by o.unit_id
    )
    select u.id, u.name, u.kind, coalesce(late.overdue, 0) as overdue, coalesce(late.overdue30, 0) as overdue30, coalesce(late.warning, 0) as warning,
      coalesce(orders.orders_open, 0) as orders_open, coalesce(orders.orders30, 0) as orders30
    from units u
    left join late on late.unit_id = u.id
    left join orders on orders.unit_id = u.id
    where u.platform_id = ${actor.platformId} and u.path like ${pattern} and (late.unit_id is not null or orders.unit_id is not null)
    order by overdue30 desc, overdue desc, warning desc, orders_open desc, u.id`.execute(db);
  const units = rows.map((r) => ({
    unitId: r.id, unitName: r.name, unitKind: r.kind, overdue: Number(r.overdue), overdue30: Number(r.overdue30), warning: Number(r.warning),
    ordersOpen: Number(r.orders_open), orders30: Number(r.orders30),
  }));
  const sum = (k: 'overdue' | 'overdue30' | 'warning' | 'ordersOpen' | 'orders30') => units.reduce((s, u) => s + u[k], 0);
  return {
    asOf: now.toISOString(),
    total: { overdue: sum('overdue'), overdue30: sum('overdue30'), warning: sum('warning'), ordersOpen: sum('ordersOpen'), orders30: sum('orders30') },
    units,
  };
}
