// The seed scenarios (county-2017, city-2017) each go into a platform of their own: its row, the
// reference data a new platform starts with (code lists, subjects, calendar, SLA policies), and its
// units and users written in bulk. Shared here so both scenarios build their platform the same way.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { Role } from '../../../domain/roles.js';
import type { UnitKind } from '../../../domain/units.js';
import { childPath } from '../../../domain/units.js';
import { audit } from '../../audit.js';
import { hashPassword } from '../../auth.js';
import { seedCalendar } from '../../calendar.js';
import { seedDefaultCodes } from '../../catalogue/code-lists.js';
import { seedDefaultSubjects } from '../../catalogue/subjects.js';
import { seedDefaultPolicies } from '../../sla-policies.js';

/** A unit of a scenario, under the root (parentKey null) or under another unit of the list. */
export interface ScenarioUnit {
  key: string;
  parentKey: string | null;
  kind: UnitKind;
  code: string;
  name: string;
  shortName?: string;
}

export interface ScenarioUser {
  username: string;
  displayName: string;
  unitKey: string;
  roles: Role[];
}

export interface ScenarioPlatformInput {
  platformId: number;
  code: string;
  name: string;
  /** The root first (parentKey null, kind 'platform'), parents before children. */
  units: readonly ScenarioUnit[];
  users: readonly ScenarioUser[];
  password: string;
  now: Date;
}

export interface ScenarioPlatform {
  platformId: number;
  /** Unit ids by the scenario's keys. */
  unitIds: Map<string, number>;
  users: number;
}

/** The root staff of a scenario's hotline office, one per role the ticket use cases need. */
export const ROOT_STAFF: ReadonlyArray<[login: string, displayName: string, roles: Role[]]> = [
  ['admin', '系统管理员', ['admin']],
  ['operator1', '话务员一', ['operator']],
  ['dispatcher1', '派单员一', ['dispatcher']],
  ['reviewer1', '审核员一', ['reviewer']],
  ['visitor1', '回访员一', ['visitor']],
  ['supervisor1', '督办员一', ['supervisor']],
  ['leader1', '领导一', ['leader']],
];

/** The next free platform id (a scenario added beside an existing platform, as the tests do). */
export async function nextPlatformId(db: Db): Promise<number> {
  const r = await sql<{ id: number }>`select coalesce(max(id), 0)::int + 1 as id from platforms`.execute(db);
  return r.rows[0]!.id;
}

/**
 * Creates the platform with its reference data and writes its units and users, in one transaction.
 * Refuses a platform that already holds units: a scenario rebuilds a seed exactly, which it cannot
 * do on top of other data. The calendar is seeded from 2016, the scenarios' years (chinese-days
 * carries the State Council's holidays back to 2004).
 */
export async function createScenarioPlatform(db: Db, input: ScenarioPlatformInput): Promise<ScenarioPlatform> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const { platformId, now } = input;
    await tx.insertInto('platforms').values({ id: platformId, code: input.code, name: input.name })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    const held = await tx.selectFrom('units').select('id').where('platform_id', '=', platformId).limit(1).executeTakeFirst();
    if (held) throw new Error(`platform ${platformId} already holds units: a scenario only goes into an empty platform`);
    await tx.updateTable('platforms').set({ name: input.name }).where('id', '=', platformId).execute();
    await seedDefaultCodes(tx, platformId);
    await seedDefaultSubjects(tx, platformId, now);
    await seedCalendar(tx, platformId, now, 2016);
    await seedDefaultPolicies(tx, platformId, now);
    const ids = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('units', 'id'))::int as id from generate_series(1, ${input.units.length})`.execute(tx);
    const unitIds = new Map(input.units.map((u, i) => [u.key, ids.rows[i]!.id]));
    const pathOf = new Map<string, string>();
    const rows = input.units.map((u, i) => {
      const parentPath = u.parentKey === null ? null : pathOf.get(u.parentKey);
      if (u.parentKey !== null && parentPath === undefined) throw new Error(`scenario lists ${u.key} before its parent ${u.parentKey}`);
      const id = unitIds.get(u.key)!;
      const path = childPath(parentPath ?? null, id);
      pathOf.set(u.key, path);
      return {
        id, platform_id: platformId, parent_id: u.parentKey === null ? null : unitIds.get(u.parentKey)!, kind: u.kind, code: u.code, name: u.name,
        short_name: u.shortName ?? null, path, depth: path.split('/').length - 3, sort_order: i, created_at: now, updated_at: now,
      };
    });
    await tx.insertInto('units').values(rows).execute();
    const users = input.users.map((u) => ({
      platform_id: platformId, unit_id: unitIds.get(u.unitKey)!, username: u.username, display_name: u.displayName, password_hash: passwordHash,
      roles: u.roles, is_demo: true, password_changed_at: now, created_at: now, updated_at: now,
    }));
    await tx.insertInto('users').values(users).execute();
    await audit(tx, { platformId, action: 'demo.scenario', details: { code: input.code, units: rows.length, users: users.length }, at: now });
    return { platformId, unitIds, users: users.length };
  });
}
