// Who receives a warning, by level (DOMAIN.md §9, seed 001's 三级研判预警):
//  level 1 → the party secretary and the mayor: active users with the `leader` role at the platform
//            unit (the city level);
//  level 2 → the deputy mayor in charge: the leaders of the district the tickets are in (a district's
//            leaders are the city's deputies there; the catalogue has no "in charge of subject"
//            column yet); without a district or district leaders, the city's leaders;
//  level 3 → the departments: unit administrators 联络员 and handlers 承办人 of the units the tickets
//            are assigned to (primary, top-level assignments); without an assignment, the district's
//            unit administrators; without those, the hotline office's dispatchers.
// The hotline office and supervisors see every warning anyway (src/services/warnings/warnings.ts).
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';

const withRole = (role: string) => sql<boolean>`${role} = any(users.roles)`;

export async function resolveRecipients(db: Db, platformId: number, level: 1 | 2 | 3, districtId: number | null, ticketIds: readonly number[]): Promise<number[]> {
  const users = db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('users.id')
    .where('users.platform_id', '=', platformId).where('users.active', '=', true);
  const cityLeaders = () => users.where('units.parent_id', 'is', null).where(withRole('leader')).execute();
  const ids = (rows: { id: number }[]) => rows.map((r) => Number(r.id));
  if (level === 1) return ids(await cityLeaders());
  if (level === 2) {
    const local = districtId === null ? [] : await users.where('users.unit_id', '=', districtId).where(withRole('leader')).execute();
    return ids(local.length ? local : await cityLeaders());
  }
  const units = ticketIds.length === 0 ? [] : await db.selectFrom('assignments').select('unit_id').distinct()
    .where('platform_id', '=', platformId).where('ticket_id', 'in', ticketIds).where('role', '=', 'primary').where('parent_assignment_id', 'is', null)
    .where('state', 'not in', ['withdrawn', 'returned']).execute();
  const handlers = (unitIds: number[]) => users.where('users.unit_id', 'in', unitIds)
    .where((eb) => eb.or([withRole('unit_admin'), withRole('handler')])).execute();
  if (units.length) {
    const found = await handlers(units.map((u) => Number(u.unit_id)));
    if (found.length) return ids(found);
  }
  if (districtId !== null) {
    const found = await users.where('users.unit_id', '=', districtId).where(withRole('unit_admin')).execute();
    if (found.length) return ids(found);
  }
  return ids(await users.where('units.parent_id', 'is', null).where(withRole('dispatcher')).execute());
}
