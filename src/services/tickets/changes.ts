// Change notices for live screens: every write to a ticket announces itself with pg_notify inside
// its own transaction, so PostgreSQL delivers the notice on commit and drops it on rollback, and
// every app instance listening (src/services/tickets/bus.ts) hears every other instance's changes.
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

export const TICKET_CHANNEL = 'minsheng_tickets';

/** A notice as it travels: one ticket with the unit paths that may see it, or a sweep of many. */
export type TicketNotice =
  | { kind: 'ticket'; platformId: number; ticketId: number; types: string[]; paths: string[] }
  | { kind: 'sweep'; platformId: number; count: number };

/**
 * Announces a change to one ticket. The unit paths (its assignees' and its reporting unit's) travel
 * with the notice so each listener can tell, without a query per connection, who may hear of it.
 */
export async function announceTicket(tx: Db, platformId: number, ticketId: number, types: string[]): Promise<void> {
  await sql`select pg_notify(${TICKET_CHANNEL}, json_build_object(
      'kind', 'ticket', 'platformId', ${platformId}::int, 'ticketId', ${ticketId}::bigint, 'types', ${JSON.stringify(types)}::json,
      'paths', (select coalesce(json_agg(distinct u.path), '[]'::json) from units u
        where u.id in (select a.unit_id from assignments a where a.ticket_id = ${ticketId})
           or u.id = (select t.source_unit_id from tickets t where t.id = ${ticketId})))::text)`.execute(tx);
}

/** Announces a job's change to many tickets at once (the deadline sweep): screens reload their lists. */
export async function announceSweep(tx: Db, platformId: number, count: number): Promise<void> {
  if (count <= 0) return;
  await sql`select pg_notify(${TICKET_CHANNEL}, ${JSON.stringify({ kind: 'sweep', platformId, count })})`.execute(tx);
}

/** Reads a notice's payload; null for anything malformed (a listener must never crash on one). */
export function parseNotice(payload: string | undefined): TicketNotice | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as Record<string, unknown>;
    if (v.kind === 'ticket' && typeof v.platformId === 'number' && typeof v.ticketId === 'number') {
      return {
        kind: 'ticket', platformId: v.platformId, ticketId: v.ticketId,
        types: Array.isArray(v.types) ? v.types.map(String) : [], paths: Array.isArray(v.paths) ? v.paths.map(String) : [],
      };
    }
    if (v.kind === 'sweep' && typeof v.platformId === 'number') return { kind: 'sweep', platformId: v.platformId, count: Number(v.count) || 0 };
  } catch {
    // not JSON: ignored
  }
  return null;
}

/** May a user at `unitPath` hear of this notice? The hotline office hears all of its platform. */
export function noticeVisibleTo(notice: TicketNotice, actor: { platformId: number; unitPath: string }, atRoot: boolean): boolean {
  if (notice.platformId !== actor.platformId) return false;
  if (notice.kind === 'sweep' || atRoot) return true;
  return notice.paths.some((p) => p.startsWith(actor.unitPath));
}
