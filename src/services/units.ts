// The unit tree: read within scope, created and edited by administrators of the subtree.
import { sql } from 'kysely';
import type { Actor } from '../domain/actor.js';
import { AppError, conflict, fieldError, forbidden } from '../domain/errors.js';
import { canManageUnit, canManageUnits } from '../domain/policies/admin.js';
import { buildTree, type TreeNode } from '../domain/tree.js';
import { assertChildKind, childPath, type UnitKind } from '../domain/units.js';
import type { Db } from '../db/connection.js';
import { requireUnitInScope, unitsInScope } from '../db/scope.js';
import type { GeoJsonGeometry } from '../db/schema.js';
import { audit, beforeValues } from './audit.js';

export interface UnitView {
  id: number;
  parentId: number | null;
  kind: UnitKind;
  code: string;
  name: string;
  shortName: string | null;
  sortOrder: number;
  active: boolean;
  depth: number;
}

const unitColumns = ['id', 'parent_id', 'kind', 'code', 'name', 'short_name', 'sort_order', 'active', 'depth'] as const;

type UnitRow = { id: number; parent_id: number | null; kind: string; code: string; name: string; short_name: string | null; sort_order: number; active: boolean; depth: number };

const toView = (r: UnitRow): UnitView => ({
  id: r.id, parentId: r.parent_id, kind: r.kind as UnitKind, code: r.code, name: r.name, shortName: r.short_name,
  sortOrder: r.sort_order, active: r.active, depth: r.depth,
});

/** The caller's subtree (or a part of it, from `rootId`) as a nested tree. */
export async function unitTree(db: Db, actor: Actor, rootId?: number): Promise<TreeNode<UnitView>[]> {
  const rootPath = rootId === undefined ? actor.unitPath : (await requireUnitInScope(db, actor, rootId)).path;
  const rows = await db.selectFrom('units').select(unitColumns)
    .where(unitsInScope(actor))
    .where('path', 'like', `${rootPath}%`)
    .orderBy('depth').orderBy('sort_order').orderBy('id')
    .execute();
  return buildTree(rows.map(toView));
}

export async function getUnit(db: Db, actor: Actor, id: number): Promise<UnitView & { boundary: GeoJsonGeometry | null; addressKeywords: string[] }> {
  await requireUnitInScope(db, actor, id);
  const row = await db.selectFrom('units').select([...unitColumns, 'boundary', 'address_keywords']).where('id', '=', id).executeTakeFirstOrThrow();
  return { ...toView(row), boundary: row.boundary, addressKeywords: row.address_keywords };
}

export interface CreateUnitInput {
  parentId: number;
  kind: UnitKind;
  name: string;
  shortName?: string | null;
  code?: string;
  sortOrder?: number;
}

async function assertCodeFree(db: Db, platformId: number, code: string): Promise<void> {
  const taken = await db.selectFrom('units').select('id').where('platform_id', '=', platformId).where('code', '=', code).executeTakeFirst();
  if (taken) throw fieldError('code', `单位编码“${code}”已被使用`, `unit code "${code}" is already taken`);
}

async function assertNameFree(db: Db, platformId: number, parentId: number, name: string, exceptId?: number): Promise<void> {
  let q = db.selectFrom('units').select('id').where('platform_id', '=', platformId).where('parent_id', '=', parentId).where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw fieldError('name', `同一上级下已有名为“${name}”的单位`, `a unit named "${name}" already exists under this parent`);
}

export async function createUnit(db: Db, actor: Actor, input: CreateUnitInput, now: Date): Promise<UnitView> {
  if (!canManageUnits(actor)) throw forbidden('管理单位');
  return db.transaction().execute(async (tx) => {
    const parent = await requireUnitInScope(tx, actor, input.parentId);
    if (!canManageUnit(actor, parent.path) && parent.path !== actor.unitPath) throw forbidden('在该单位下设立单位');
    assertChildKind(parent.kind as UnitKind, input.kind);
    await assertNameFree(tx, actor.platformId, parent.id, input.name);
    const { id } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('units', 'id'))::int as id`.execute(tx).then((r) => r.rows[0]!);
    const code = input.code ?? `U${id}`;
    await assertCodeFree(tx, actor.platformId, code);
    const row = await tx.insertInto('units').values({
      id, platform_id: actor.platformId, parent_id: parent.id, kind: input.kind, code, name: input.name,
      short_name: input.shortName ?? null, path: childPath(parent.path, id), depth: parent.path.split('/').length - 2,
      sort_order: input.sortOrder ?? 0, created_at: now, updated_at: now,
    }).returning(unitColumns).executeTakeFirstOrThrow();
    await audit(tx, { platformId: actor.platformId, actor, action: 'unit.create', targetType: 'unit', targetId: id, details: { ...input, code }, at: now });
    return toView(row);
  }).catch(duplicateAsConflict);
}

export interface UpdateUnitInput {
  name?: string;
  shortName?: string | null;
  kind?: UnitKind;
  parentId?: number;
  sortOrder?: number;
  active?: boolean;
}

export async function updateUnit(db: Db, actor: Actor, id: number, input: UpdateUnitInput, now: Date): Promise<UnitView> {
  if (!canManageUnits(actor)) throw forbidden('管理单位');
  return db.transaction().execute(async (tx) => {
    const unit = await requireUnitInScope(tx, actor, id);
    if (!canManageUnit(actor, unit.path)) throw forbidden('修改本单位或上级单位');
    const current = await tx.selectFrom('units').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const kind = input.kind ?? (current.kind as UnitKind);
    // The present parent needs no scope check: the unit itself is in scope and stays where it is.
    let parent = current.parent_id === null ? null
      : await tx.selectFrom('units').select(['id', 'path', 'kind']).where('id', '=', current.parent_id).executeTakeFirstOrThrow();
    if (input.parentId !== undefined && input.parentId !== current.parent_id) {
      const target = await requireUnitInScope(tx, actor, input.parentId);
      if (target.path.startsWith(current.path)) throw fieldError('parentId', '不能把单位移到它自己的下级', 'a unit cannot move under itself');
      if (!canManageUnit(actor, target.path) && target.path !== actor.unitPath) throw forbidden('移入该单位');
      parent = target;
    }
    if (current.parent_id === null && (input.kind ?? 'platform') !== 'platform') throw fieldError('kind', '根单位必须是平台', 'the root unit must be a platform');
    if (parent) assertChildKind(parent.kind as UnitKind, kind);
    const name = input.name ?? current.name;
    if (parent) await assertNameFree(tx, actor.platformId, parent.id, name, id);
    if (parent && parent.id !== current.parent_id) {
      // A move rewrites the whole subtree's paths in one statement.
      const newPath = childPath(parent.path, id);
      const delta = newPath.split('/').length - current.path.split('/').length;
      await tx.updateTable('units')
        .set({ path: sql`${newPath} || substr(path, ${current.path.length + 1})`, depth: sql`depth + ${delta}`, updated_at: now })
        .where('platform_id', '=', actor.platformId).where('path', 'like', `${current.path}%`).execute();
    }
    const row = await tx.updateTable('units').set({
      name, kind, parent_id: parent?.id ?? null,
      short_name: input.shortName === undefined ? current.short_name : input.shortName,
      sort_order: input.sortOrder ?? current.sort_order,
      active: input.active ?? current.active,
      updated_at: now,
    }).where('id', '=', id).returning(unitColumns).executeTakeFirstOrThrow();
    const before = { name: current.name, shortName: current.short_name, kind: current.kind, parentId: current.parent_id, sortOrder: current.sort_order, active: current.active };
    await audit(tx, { platformId: actor.platformId, actor, action: 'unit.update', targetType: 'unit', targetId: id, details: { ...input, before: beforeValues(before, input) }, at: now });
    return toView(row);
  }).catch(duplicateAsConflict);
}

/** Two administrators racing to the same name or code: the loser gets a 409, not a 500. */
function duplicateAsConflict(e: unknown): never {
  if (!(e instanceof AppError) && (e as { code?: string }).code === '23505') throw conflict('单位名称或编码重复', 'duplicate unit name or code', 'duplicate');
  throw e;
}

export interface UnitExportRow {
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentCode: string | null;
  depth: number;
  active: boolean;
}

/** The caller's subtree, parents before children, for a spreadsheet. */
export async function exportUnits(db: Db, actor: Actor): Promise<UnitExportRow[]> {
  const rows = await db.selectFrom('units').leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select(['units.code', 'units.name', 'units.short_name', 'units.kind', 'parent.code as parent_code', 'units.depth', 'units.active'])
    .where(unitsInScope(actor))
    .orderBy(sql`string_to_array(trim(both '/' from units.path), '/')::int[]`)
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, shortName: r.short_name, kind: r.kind as UnitKind, parentCode: r.parent_code, depth: r.depth, active: r.active }));
}

/** GeoJSON boundaries in scope (of one kind, or of a unit and its children), for maps and location look-up. */
export async function unitBoundaries(db: Db, actor: Actor, filter: { kind?: UnitKind; parentId?: number }) {
  let q = db.selectFrom('units').select(['id', 'parent_id', 'code', 'name', 'kind', 'boundary'])
    .where(unitsInScope(actor)).where('boundary', 'is not', null);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.parentId !== undefined) {
    // A unit's own outline and its children's, for the map beside the tree.
    const parent = await requireUnitInScope(db, actor, filter.parentId);
    q = q.where((eb) => eb.or([eb('id', '=', parent.id), eb('parent_id', '=', parent.id)]));
  }
  const rows = await q.orderBy('depth').orderBy('sort_order').orderBy('id').execute();
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      properties: { id: r.id, parentId: r.parent_id, code: r.code, name: r.name, kind: r.kind },
      geometry: r.boundary,
    })),
  };
}

