// Drill-down: the tickets behind one cell of a statistics table. The cell is the query's period and
// filters, one key per grouped dimension, and a count figure; the tickets are those the raw source
// of that figure counts there (a ticket counted several times — two overdue assignments — is listed
// once). Always read from the raw tables: a list names tickets, which the rollups do not hold.
import { sql, type RawBuilder } from 'kysely';
import { addDays, atLocal } from '../../domain/calendar/index.js';
import { forbidden, invalid } from '../../domain/errors.js';
import { isCountKey, type CountKey } from '../../domain/figures/index.js';
import { TICKET_STATE_LABELS, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import type { Doer } from '../tickets/context.js';
import {
  ASSIGNMENT_COUNTS, CALL_COUNTS, LIVE_COUNTS, SUPERVISION_COUNTS, TICKET_COUNTS, liveOverdue, rangeOf, rawAssignments, rawTickets, supervisions,
} from './sources.js';
import { contextFor, dimSql, joinsFor, mayReadStats, validate, whereFor } from './stats.js';
import type { DrillPage, StatsQuery } from './types.js';

export type { DrillPage, DrillTicket } from './types.js';

export interface DrillQuery extends StatsQuery {
  /** The cell's key for each dimension of `by`, in order ('' for the unnamed group). */
  keys: string[];
  /** The count to list; default received. Rates drill into their numerator's tickets on the screen. */
  figure?: CountKey;
  limit?: number;
  offset?: number;
}


const columnOf = (figure: CountKey): { source: 'tickets' | 'assignments' | 'live' | 'supervisions'; column: string } => {
  const find = (cols: Record<string, string>) => Object.entries(cols).find(([, key]) => key === figure)?.[0];
  const t = find(TICKET_COUNTS);
  if (t) return { source: 'tickets', column: t };
  const a = find(ASSIGNMENT_COUNTS);
  if (a) return { source: 'assignments', column: a };
  const l = find(LIVE_COUNTS);
  if (l) return { source: 'live', column: l };
  if (find(SUPERVISION_COUNTS)) return { source: 'supervisions', column: 'supervisions' };
  throw invalid([{ field: 'figure', message: `该指标不能下钻到工单：${figure}`, message_en: `no ticket list for ${figure}` }]);
};

export async function drillTickets(db: Db, doer: Doer, q: DrillQuery, now: Date): Promise<DrillPage> {
  if (!mayReadStats(doer)) throw forbidden('查看统计');
  validate(q);
  const figure = q.figure ?? 'received';
  if (!isCountKey(figure) || figure in Object.fromEntries(Object.values(CALL_COUNTS).map((k) => [k, 1]))) {
    throw invalid([{ field: 'figure', message: `该指标不能下钻到工单：${figure}`, message_en: `no ticket list for ${figure}` }]);
  }
  const by = q.by ?? [];
  if (q.keys.length !== by.length) throw invalid([{ field: 'keys', message: '每个分组维度需要一个取值', message_en: 'one key per dimension of by' }]);
  const limit = Math.min(Math.max(q.limit ?? 20, 1), 200);
  const offset = Math.max(q.offset ?? 0, 0);
  const ctx = await contextFor(db, doer, q);
  const range = rangeOf(ctx.platformId, atLocal(q.from, '00:00'), atLocal(addDays(q.to, 1), '00:00'));
  const { source, column } = columnOf(figure);
  const from: RawBuilder<unknown> = source === 'tickets' ? rawTickets(range) : source === 'assignments' ? rawAssignments(range)
    : source === 'live' ? liveOverdue(range, now) : supervisions(range);
  // The overdue30 of the table is the replied-late part (tickets) plus the open part (live): list both.
  const extra = figure === 'overdue30' ? sql` union select g2.ticket_id from (select ${sql.join(by.map((d, i) => sql`${dimSql(d, ctx)} as ${sql.ref(`k${i}`)}`).concat([sql`s.ticket_id`, sql`s.overdue30_open`]))}
      from ${liveOverdue(range, now)} s ${joinsFor(ctx)} where s.day between ${q.from}::date and ${q.to}::date and ${whereFor(ctx)}) g2
      where g2.overdue30_open = 1 ${sql.join(by.map((_, i) => sql` and coalesce(${sql.ref(`g2.k${i}`)}, '') = ${q.keys[i]!}`), sql``)}` : sql``;
  const keyCols = by.map((d, i) => sql`${dimSql(d, ctx)} as ${sql.ref(`k${i}`)}`);
  const ids = await sql<{ ticket_id: number; total: number }>`
    select ticket_id, count(*) over ()::int as total from (
      select g.ticket_id from (select ${sql.join(keyCols.concat([sql`s.ticket_id`, sql`${sql.ref(`s.${column}`)} as flag`]))}
        from ${from} s ${joinsFor(ctx)} where s.day between ${q.from}::date and ${q.to}::date and ${whereFor(ctx)}) g
      where g.flag = 1 ${sql.join(by.map((_, i) => sql` and coalesce(${sql.ref(`g.k${i}`)}, '') = ${q.keys[i]!}`), sql``)}
      ${extra}
    ) x group by ticket_id order by ticket_id desc limit ${limit} offset ${offset}`.execute(db);
  const total = ids.rows[0]?.total ?? (offset > 0 ? await countOnly() : 0);
  async function countOnly(): Promise<number> {
    const r = await drillTickets(db, doer, { ...q, offset: 0, limit: 1 }, now);
    return r.total;
  }
  if (ids.rows.length === 0) return { items: [], total, figure, limit, offset };
  const rows = await db.selectFrom('tickets').leftJoin('units as d', 'd.id', 'tickets.district_id')
    .select(['tickets.id', 'tickets.number', 'tickets.title', 'tickets.state', 'tickets.accepted_at', 'd.name as district_name'])
    .where('tickets.platform_id', '=', ctx.platformId).where('tickets.id', 'in', ids.rows.map((r) => r.ticket_id))
    .orderBy('tickets.id', 'desc').execute();
  return {
    items: rows.map((r) => ({
      id: r.id, number: r.number, title: r.title, state: r.state, stateLabel: TICKET_STATE_LABELS[r.state as TicketState] ?? r.state,
      acceptedAt: r.accepted_at.toISOString(), districtName: r.district_name,
    })),
    total, figure, limit, offset,
  };
}
