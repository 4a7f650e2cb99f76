// 超期 buckets (DOMAIN.md §7, the report bucket "超期30天以上"): per unit in the caller's scope, how
// many live assignments are past their reply deadline, and how many by more than 30 days. The
// list behind each number is GET /api/tickets?overdue=any|30d&unitId=….
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import type { Db } from '../../db/connection.js';
import { subtreePattern } from '../../db/scope.js';

/** The same 30 days as the ticket list's `overdue=30d` filter. */
export const OVERDUE_BUCKET_DAYS = 30;

export interface OverdueBucket {
  unitId: number;
  unitName: string;
  unitKind: string;
  /** Live assignments past their reply deadline. */
  overdue: number;
  /** Of those, past it by more than 30 days. */
  overdue30: number;
}

export interface OverdueSummary {
  asOf: string;
  total: { overdue: number; overdue30: number };
  units: OverdueBucket[];
}

/**
 * Counted from assignments, not tickets: a ticket late at two units is late at each. A suspended
 * ticket's clock is stopped, so its stale deadlines do not count. One indexed range scan
 * (assignments_open_reply_deadline_idx), whatever the size of the city.
 */
export async function overdueBuckets(db: Db, actor: Actor, now: Date): Promise<OverdueSummary> {
  const before30 = new Date(now.getTime() - OVERDUE_BUCKET_DAYS * 86_400_000);
  const { rows } = await sql<{ unit_id: number; name: string; kind: string; overdue: number; overdue30: number }>`
    select a.unit_id, u.name, u.kind, count(*)::int as overdue, (count(*) filter (where a.reply_deadline < ${before30}))::int as overdue30
    from assignments a
    join units u on u.id = a.unit_id
    join tickets t on t.id = a.ticket_id
    where a.platform_id = ${actor.platformId} and a.state in ('assigned', 'handling') and a.reply_deadline < ${now}
      and u.platform_id = ${actor.platformId} and u.path like ${subtreePattern(actor.unitPath)}
      and t.state <> 'suspended'
    group by a.unit_id, u.name, u.kind
    order by overdue30 desc, overdue desc, a.unit_id`.execute(db);
  const units = rows.map((r) => ({ unitId: r.unit_id, unitName: r.name, unitKind: r.kind, overdue: r.overdue, overdue30: r.overdue30 }));
  return {
    asOf: now.toISOString(),
    total: { overdue: units.reduce((s, u) => s + u.overdue, 0), overdue30: units.reduce((s, u) => s + u.overdue30, 0) },
    units,
  };
}
