// The unit-scope helper. Every query of unit-owned data (units, users, and later tickets and their
// assignments) filters by the caller's unit subtree here, in SQL, never in the screen.
import { sql, type ExpressionBuilder, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../domain/actor.js';
import { notFound, outOfScope } from '../domain/errors.js';
import type { Db } from './connection.js';
import type { DB } from './schema.js';

/** LIKE pattern of a subtree. Paths hold only digits and '/', so nothing needs escaping. */
export const subtreePattern = (path: string): string => {
  if (!/^\/(\d+\/)+$/.test(path)) throw new Error(`not a unit path: ${path}`);
  return `${path}%`;
};

/** Filter for the `units` table itself: the caller's platform and unit subtree. */
export function unitsInScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'units'>): Expression<SqlBool> =>
    eb.and([eb('units.platform_id', '=', actor.platformId), eb('units.path', 'like', subtreePattern(actor.unitPath))]);
}

/** Filter for any column holding a unit id (users.unit_id, and later assignments.unit_id …). */
export function unitIdInScope(actor: Actor, column: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (select scope_unit.id from units as scope_unit
    where scope_unit.platform_id = ${actor.platformId} and scope_unit.path like ${subtreePattern(actor.unitPath)})`;
}

export interface ScopedUnit {
  id: number;
  parent_id: number | null;
  path: string;
  kind: string;
  name: string;
  platform_id: number;
}

/**
 * Loads a unit the caller names (a parent, a filter, a target) and refuses it when it lies outside
 * their subtree: 404 when it does not exist, 403 when it belongs to someone else.
 */
export async function requireUnitInScope(db: Db, actor: Actor, unitId: number): Promise<ScopedUnit> {
  const unit = await db.selectFrom('units')
    .select(['id', 'parent_id', 'path', 'kind', 'name', 'platform_id'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw notFound('单位', 'unit');
  if (unit.platform_id !== actor.platformId || !unit.path.startsWith(actor.unitPath)) throw outOfScope('该单位', 'this unit');
  return unit;
}
