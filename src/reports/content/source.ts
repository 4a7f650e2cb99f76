// Where report content gets its figures: only computeStats (src/services/stats), a handful of calls
// per report, each grouped by one or two dimensions, never one call per unit. The rows are read
// here into plain shapes the builders write prose from. The only other reads are names: the
// platform's, and the units a table lists (so units with no tickets still get their row).
import type { Actor } from '../../domain/actor.js';
import type { Db } from '../../db/connection.js';
import { requireUnitInScope } from '../../db/scope.js';
import { computeStats } from '../../services/stats/stats.js';
import type { Dimension, FigureKey, FigureValue, StatsQuery, StatsResult, StatsRow } from '../../services/stats/types.js';
import { atPlatformRoot, isSystem, type Doer } from '../../services/tickets/context.js';

export type { Doer };

export const stats = (db: Db, doer: Doer, query: StatsQuery, now: Date): Promise<StatsResult> => computeStats(db, doer, query, now);

export const platformOf = (doer: Doer): number => doer.platformId;

/** A figure's value in a row (counts: 0 when absent; rates: null when undefined). */
export function num(row: StatsRow | undefined, key: FigureKey): number {
  return row?.figures[key]?.value ?? 0;
}

export function rate(row: StatsRow | undefined, key: FigureKey): number | null {
  const v = row?.figures[key]?.value;
  return v === undefined ? null : v;
}

export function fig(row: StatsRow | undefined, key: FigureKey): FigureValue {
  return row?.figures[key] ?? { value: null };
}

/** The group key of a dimension in a row (id, code or date) and its label. */
export function keyOf(row: StatsRow, dimension: Dimension): { key: string; label: string } {
  const k = row.keys.find((x) => x.dimension === dimension);
  return { key: k?.key ?? '', label: k?.label ?? '' };
}

export interface ChildUnit {
  id: number;
  name: string;
  /** The name a table prints: the short name (住建局) when there is one. */
  label: string;
  kind: string;
  sortOrder: number;
  active: boolean;
}

export interface ParentUnit {
  id: number;
  name: string;
  kind: string;
  path: string;
  isRoot: boolean;
}

/**
 * The unit whose children a report groups by: the given one, or the platform root for the hotline
 * office and the system; a user below the root gets their own unit (they see their subtree only).
 */
export async function parentUnit(db: Db, doer: Doer, parentUnitId?: number): Promise<ParentUnit> {
  const platformId = doer.platformId;
  // A user names only a unit of their own subtree (404 unknown, 403 someone else's).
  if (parentUnitId !== undefined && !isSystem(doer)) await requireUnitInScope(db, doer, parentUnitId);
  let q = db.selectFrom('units').select(['id', 'name', 'kind', 'path', 'parent_id']).where('platform_id', '=', platformId);
  if (parentUnitId !== undefined) q = q.where('id', '=', parentUnitId);
  else if (!isSystem(doer) && !atPlatformRoot(doer as Actor)) q = q.where('id', '=', (doer as Actor).unitId);
  else q = q.where('parent_id', 'is', null);
  const unit = await q.orderBy('id').executeTakeFirst();
  if (!unit) return { id: 0, name: '', kind: 'platform', path: '/', isRoot: true };
  return { id: unit.id, name: unit.name, kind: unit.kind, path: unit.path, isRoot: unit.parent_id === null };
}

/** The children of a unit in the unit tree's own order (seed 003 lists its units that way). */
export async function childUnits(db: Db, platformId: number, parentId: number): Promise<ChildUnit[]> {
  const rows = await db.selectFrom('units').select(['id', 'name', 'short_name', 'kind', 'sort_order', 'active'])
    .where('platform_id', '=', platformId).where('parent_id', '=', parentId)
    .orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, label: r.short_name ?? r.name, kind: r.kind, sortOrder: r.sort_order, active: r.active }));
}

/** The platform's name, for titles: 市12345政务服务便民热线 (a bare city name 青澜市 gets the hotline's name added). */
export async function platformName(db: Db, platformId: number): Promise<string> {
  const p = await db.selectFrom('platforms').select('name').where('id', '=', platformId).executeTakeFirst();
  const name = p?.name ?? '';
  return name.includes('12345') ? name : `${name}12345政务服务便民热线`;
}

/** How prose names the platform, as seed 000 does: 市12345政务服务便民热线 → 市12345平台. */
export function shortPlatformName(name: string): string {
  const i = name.indexOf('12345');
  return i >= 0 ? `${name.slice(0, i)}12345平台` : `${name}12345平台`;
}
