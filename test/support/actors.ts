// An Actor as the services see a signed-in user, read from the seeded users: by name, or the first
// with a role (and unit kind), for service tests that call use cases without HTTP.
import { sql } from 'kysely';
import type { Actor } from '../../src/domain/actor.js';
import type { Role } from '../../src/domain/roles.js';
import type { Db } from '../../src/db/connection.js';

export async function actorWhere(db: Db, where: { username?: string; role?: Role; unitKind?: string }): Promise<Actor> {
  let q = db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.platform_id', 'users.unit_id', 'users.roles', 'units.path']);
  if (where.username) q = q.where('users.username', '=', where.username);
  if (where.role) q = q.where(sql<boolean>`${where.role} = any(users.roles)`);
  if (where.unitKind) q = q.where('units.kind', '=', where.unitKind);
  const u = await q.orderBy('users.id').executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
}
