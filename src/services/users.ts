// Users of the platform: listed within the caller's unit subtree, managed by administrators.
import { sql } from 'kysely';
import type { Actor } from '../domain/actor.js';
import { conflict, fieldError, forbidden, notFound } from '../domain/errors.js';
import { canManageUnit, canManageUsers, grantableRoles, roleFitsUnit } from '../domain/policies/admin.js';
import { checkPassword } from '../domain/password.js';
import { ROLE_LABELS, type Role } from '../domain/roles.js';
import { UNIT_KIND_LABELS, type UnitKind } from '../domain/units.js';
import type { Db } from '../db/connection.js';
import { escapeLike } from '../db/like.js';
import { requireUnitInScope, subtreePattern, unitIdInScope, type ScopedUnit } from '../db/scope.js';
import { audit, beforeValues } from './audit.js';
import { endSessions, hashPassword, toUserView, type UserView } from './auth.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UserFilter {
  unitId?: number;
  subtree?: boolean;
  role?: Role;
  q?: string;
  page: number;
  pageSize: number;
}

const viewColumns = [
  'users.id', 'users.username', 'users.display_name', 'users.unit_id', 'units.name as unit_name', 'units.kind as unit_kind',
  'users.roles', 'users.active', 'users.locked_until', 'users.last_login_at',
] as const;

function baseQuery(db: Db, actor: Actor) {
  return db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .where('users.platform_id', '=', actor.platformId)
    .where(unitIdInScope(actor, 'users.unit_id'));
}

export async function listUsers(db: Db, actor: Actor, filter: UserFilter, now: Date): Promise<Page<UserView>> {
  let q = baseQuery(db, actor);
  if (filter.unitId !== undefined) {
    const unit = await requireUnitInScope(db, actor, filter.unitId);
    q = filter.subtree ? q.where('units.path', 'like', subtreePattern(unit.path)) : q.where('users.unit_id', '=', unit.id);
  }
  // One text[] on the right (Kysely would spread a JS array into a value list).
  if (filter.role) q = q.where('users.roles', '@>', sql<string[]>`array[${filter.role}]::text[]`);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.display_name', 'ilike', like)]));
  }
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    // Tree order: the path's ids compared as numbers, so '/1/2/' comes before '/1/10/'.
    q.select(viewColumns).orderBy(sql`string_to_array(trim(both '/' from units.path), '/')::int[]`).orderBy('users.username')
      .limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute(),
  ]);
  return { items: rows.map((r) => toUserView(r, now)), total: Number(total), page: filter.page, pageSize: filter.pageSize };
}

async function loadUser(db: Db, actor: Actor, id: number) {
  const row = await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select([...viewColumns, 'units.path as unit_path', 'users.platform_id']).where('users.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('用户', 'user');
  // Same answer as for a unit: out of scope is a refusal, not a pretence that it does not exist.
  await requireUnitInScope(db, actor, row.unit_id);
  return row;
}

export function checkRoles(actor: Actor, roles: readonly Role[], unit: ScopedUnit): void {
  const allowed = grantableRoles(actor);
  const refused = roles.filter((r) => !allowed.includes(r));
  if (refused.length > 0) {
    throw fieldError('roles', `您不能授予角色：${refused.map((r) => ROLE_LABELS[r]).join('、')}`, `you may not grant the roles: ${refused.join(', ')}`);
  }
  const misplaced = roles.filter((r) => !roleFitsUnit(r, unit.kind as UnitKind));
  if (misplaced.length > 0) {
    throw fieldError('roles', `${UNIT_KIND_LABELS[unit.kind as UnitKind]}单位的用户不能担任：${misplaced.map((r) => ROLE_LABELS[r]).join('、')}`,
      `a user of a ${unit.kind} unit cannot hold: ${misplaced.join(', ')}`);
  }
}

export function checkManage(actor: Actor, unit: ScopedUnit): void {
  // A unit administrator manages the users of their own unit and of the units below it.
  if (!canManageUsers(actor) || !(unit.path === actor.unitPath || canManageUnit(actor, unit.path))) throw forbidden('管理该单位的用户');
}


export interface CreateUserInput {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  password: string;
}

export async function createUser(db: Db, actor: Actor, input: CreateUserInput, now: Date): Promise<UserView> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction().execute(async (tx) => {
    const unit = await requireUnitInScope(tx, actor, input.unitId);
    checkManage(actor, unit);
    checkRoles(actor, input.roles, unit);
    const username = input.username.toLowerCase();
    if (await tx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) {
      throw fieldError('username', `用户名“${username}”已被使用`, `user name "${username}" is already taken`);
    }
    const { id } = await tx.insertInto('users').values({
      platform_id: actor.platformId, unit_id: unit.id, username, display_name: input.displayName,
      password_hash: passwordHash, roles: [...new Set(input.roles)], password_changed_at: now, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { platformId: actor.platformId, actor, action: 'user.create', targetType: 'user', targetId: id, details: { username, unitId: unit.id, roles: input.roles }, at: now });
    return id;
  }).catch(rethrowDuplicate);
  return getUser(db, actor, id, now);
}

const rethrowDuplicate = (e: unknown): never => {
  if ((e as { code?: string }).code === '23505') throw conflict('用户名已被使用', 'user name already taken', 'duplicate');
  throw e;
};

export async function getUser(db: Db, actor: Actor, id: number, now: Date): Promise<UserView> {
  return toUserView(await loadUser(db, actor, id), now);
}

export interface UpdateUserInput {
  displayName?: string;
  unitId?: number;
  roles?: Role[];
  active?: boolean;
}

export async function updateUser(db: Db, actor: Actor, id: number, input: UpdateUserInput, now: Date): Promise<UserView> {
  await db.transaction().execute(async (tx) => {
    const user = await loadUser(tx, actor, id);
    const unit = await requireUnitInScope(tx, actor, user.unit_id);
    checkManage(actor, unit);
    const target = input.unitId === undefined || input.unitId === user.unit_id ? unit : await requireUnitInScope(tx, actor, input.unitId);
    checkManage(actor, target);
    const roles = input.roles ?? (user.roles as Role[]);
    if (input.roles || target !== unit) checkRoles(actor, roles, target);
    if (id === actor.userId && (input.active === false || (input.roles && !input.roles.includes('admin') && actor.roles.includes('admin')))) {
      throw fieldError(input.active === false ? 'active' : 'roles', '不能停用自己或撤销自己的管理员角色', 'you cannot disable yourself or drop your own admin role');
    }
    await tx.updateTable('users').set({
      display_name: input.displayName ?? user.display_name,
      unit_id: target.id,
      roles: [...new Set(roles)],
      active: input.active ?? user.active,
      updated_at: now,
    }).where('id', '=', id).execute();
    if (input.active === false) await endSessions(tx, id);
    const before = { displayName: user.display_name, unitId: user.unit_id, roles: user.roles, active: user.active };
    await audit(tx, { platformId: actor.platformId, actor, action: 'user.update', targetType: 'user', targetId: id, details: { ...input, before: beforeValues(before, input) }, at: now });
  });
  return getUser(db, actor, id, now);
}

export async function setPassword(db: Db, actor: Actor, id: number, password: string, now: Date): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const user = await loadUser(tx, actor, id);
    checkManage(actor, await requireUnitInScope(tx, actor, user.unit_id));
    await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, failed_logins: 0, locked_until: null, updated_at: now })
      .where('id', '=', id).execute();
    await endSessions(tx, id);
    await audit(tx, { platformId: actor.platformId, actor, action: 'user.password_reset', targetType: 'user', targetId: id, at: now });
  });
}

export async function unlockUser(db: Db, actor: Actor, id: number, now: Date): Promise<UserView> {
  await db.transaction().execute(async (tx) => {
    const user = await loadUser(tx, actor, id);
    checkManage(actor, await requireUnitInScope(tx, actor, user.unit_id));
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'user.unlock', targetType: 'user', targetId: id, at: now });
  });
  return getUser(db, actor, id, now);
}
