// First start of a platform: its row, reference data (code lists, default subjects, calendar), and
// either the demo city or a bare root unit with an administrator.
import { sql } from 'kysely';
import type { Db } from '../db/connection.js';
import { DEFAULT_PLATFORM_ID } from '../domain/platform.js';
import { childPath } from '../domain/units.js';
import { audit } from './audit.js';
import { hashPassword } from './auth.js';
import { seedCalendar } from './calendar.js';
import { seedDefaultCodes } from './catalogue/code-lists.js';
import { seedDefaultSubjects } from './catalogue/subjects.js';
import { checkPassword } from '../domain/password.js';
import { seedDefaultPolicies } from './sla-policies.js';

export { DEFAULT_PLATFORM_ID };

export interface PlatformSeedResult {
  createdPlatform: boolean;
  subjects: number;
  calendarDays: number;
}

/** Idempotent: safe on every start, it only fills what is missing. */
export async function ensurePlatform(db: Db, now: Date, name = '市12345政务服务便民热线'): Promise<PlatformSeedResult> {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx.insertInto('platforms').values({ id: DEFAULT_PLATFORM_ID, code: 'city', name })
      .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
    await seedDefaultCodes(tx, DEFAULT_PLATFORM_ID);
    const subjects = await seedDefaultSubjects(tx, DEFAULT_PLATFORM_ID, now);
    const calendarDays = await seedCalendar(tx, DEFAULT_PLATFORM_ID, now);
    await seedDefaultPolicies(tx, DEFAULT_PLATFORM_ID, now);
    return { createdPlatform: inserted !== undefined, subjects, calendarDays };
  });
}

export async function hasUnits(db: Db, platformId = DEFAULT_PLATFORM_ID): Promise<boolean> {
  return (await db.selectFrom('units').select('id').where('platform_id', '=', platformId).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * A production first start: one root unit and the `admin` user, whose password the operator
 * supplies through MINSHENG_ADMIN_PASSWORD (never a default in production).
 */
export async function bootstrapRoot(db: Db, adminPassword: string, now: Date, rootName = '市12345政务服务便民热线'): Promise<void> {
  checkPassword(adminPassword);
  const passwordHash = await hashPassword(adminPassword);
  await db.transaction().execute(async (tx) => {
    const { id } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('units', 'id'))::int as id`.execute(tx).then((r) => r.rows[0]!);
    await tx.insertInto('units').values({
      id, platform_id: DEFAULT_PLATFORM_ID, parent_id: null, kind: 'platform', code: 'ROOT', name: rootName, path: childPath(null, id), depth: 0,
    }).execute();
    const user = await tx.insertInto('users').values({
      platform_id: DEFAULT_PLATFORM_ID, unit_id: id, username: 'admin', display_name: '系统管理员', password_hash: passwordHash, roles: ['admin'], password_changed_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { platformId: DEFAULT_PLATFORM_ID, action: 'platform.bootstrap', targetType: 'user', targetId: user.id, at: now });
  });
}
