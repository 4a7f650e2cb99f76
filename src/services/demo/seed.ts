// The demo city: the planned units and users written in bulk (a few statements, not one per row).
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { childPath } from '../../domain/units.js';
import { audit } from '../audit.js';
import { hashPassword } from '../auth.js';
import { DEFAULT_PLATFORM_ID, hasUnits } from '../platform.js';
import { planDemoCity, type CityPlan } from './city-plan.js';
import { planDemoDispatch } from './dispatch-plan.js';
import { seedDemoArticles } from '../knowledge/demo-articles.js';
import { seedDemoEvaluation } from '../evaluation/demo.js';

export interface DemoSeedResult {
  units: number;
  users: number;
  dispatchRules: number;
  /** The users a person signs in as first; printed by `npm start` on first run. */
  highlights: string[];
}

const HIGHLIGHTS = ['admin', 'operator1', 'dispatcher1', 'reviewer1', 'visitor1', 'supervisor1', 'leader1'];

export async function seedDemoCity(db: Db, password: string, now: Date, plan: CityPlan = planDemoCity()): Promise<DemoSeedResult> {
  if (await hasUnits(db)) throw new Error('the database already holds units: the demo city only goes into an empty platform');
  // One hash for all demo users: they share a known password anyway, and argon2 is slow by design.
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const ids = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('units', 'id'))::int as id from generate_series(1, ${plan.units.length})`.execute(tx);
    const idOf = new Map(plan.units.map((u, i) => [u.key, ids.rows[i]!.id]));
    const pathOf = new Map<string, string>();
    const rows = plan.units.map((u, i) => {
      // The plan lists parents before children, so each parent's path is known here.
      const parentPath = u.parentKey === null ? null : pathOf.get(u.parentKey);
      if (u.parentKey !== null && parentPath === undefined) throw new Error(`demo plan lists ${u.key} before its parent ${u.parentKey}`);
      const id = idOf.get(u.key)!;
      const path = childPath(parentPath ?? null, id);
      pathOf.set(u.key, path);
      return {
        id, platform_id: DEFAULT_PLATFORM_ID, parent_id: u.parentKey === null ? null : idOf.get(u.parentKey)!, kind: u.kind, code: u.code,
        name: u.name, short_name: u.shortName, path, depth: path.split('/').length - 3, sort_order: i,
        boundary: u.boundary ? JSON.stringify(u.boundary) : null, address_keywords: u.addressKeywords, created_at: now, updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('units').values(rows.slice(i, i + 500)).execute();
    const users = plan.users.map((u) => ({
      platform_id: DEFAULT_PLATFORM_ID, unit_id: idOf.get(u.unitKey)!, username: u.username, display_name: u.displayName,
      password_hash: passwordHash, roles: u.roles, is_demo: true, password_changed_at: now, created_at: now, updated_at: now,
    }));
    for (let i = 0; i < users.length; i += 500) await tx.insertInto('users').values(users.slice(i, i + 500)).execute();
    const dispatchRules = await seedDemoDispatch(tx, plan, idOf, now);
    // The knowledge base's demo articles (issue 5 §3), owned by the units just written.
    await seedDemoArticles(tx, DEFAULT_PLATFORM_ID, now);
    // The evaluation template 考评方案 (issue 6), over the units just written.
    await seedDemoEvaluation(tx, DEFAULT_PLATFORM_ID, now);
    await tx.updateTable('platforms').set({ name: plan.name }).where('id', '=', DEFAULT_PLATFORM_ID).execute();
    await audit(tx, { platformId: DEFAULT_PLATFORM_ID, action: 'demo.seed', details: { units: rows.length, users: users.length, dispatchRules }, at: now });
    return { units: rows.length, users: users.length, dispatchRules, highlights: HIGHLIGHTS.filter((h) => plan.users.some((u) => u.username === h)) };
  });
}

/**
 * The demo dispatch catalogue, in one statement. Subjects are found by their names from the top;
 * a rule whose subject the platform's tree lacks (an administrator replaced the defaults) is left
 * out, and an SLA policy that is missing leaves the choice to the ticket's type and urgency.
 */
async function seedDemoDispatch(tx: Db, plan: CityPlan, idOf: ReadonlyMap<string, number>, now: Date): Promise<number> {
  const subjects = await tx.selectFrom('subjects').select(['id', 'parent_id', 'name']).where('platform_id', '=', DEFAULT_PLATFORM_ID).orderBy('level').execute();
  const pathOf = new Map<number, string>();
  const subjectByPath = new Map<string, number>();
  for (const s of subjects) {
    const path = s.parent_id === null ? s.name : `${pathOf.get(s.parent_id) ?? '?'}/${s.name}`;
    pathOf.set(s.id, path);
    subjectByPath.set(path, s.id);
  }
  const policies = new Map((await tx.selectFrom('sla_policies').select(['id', 'name']).where('platform_id', '=', DEFAULT_PLATFORM_ID).execute()).map((p) => [p.name, p.id]));
  const rows = planDemoDispatch(plan).flatMap((r) => {
    const subjectId = subjectByPath.get(r.subjectPath.join('/'));
    if (subjectId === undefined) return [];
    return [{
      platform_id: DEFAULT_PLATFORM_ID, subject_id: subjectId, area_unit_id: r.areaKey === null ? null : idOf.get(r.areaKey)!,
      primary_unit_id: r.primaryKey === null ? null : idOf.get(r.primaryKey)!, primary_area_level: r.primaryAreaLevel,
      assisting_unit_ids: r.assistingKeys.map((k) => idOf.get(k)!), sla_policy_id: r.slaPolicyName === null ? null : (policies.get(r.slaPolicyName) ?? null),
      priority: r.priority, note: r.note, source: 'demo', active: true, created_at: now, updated_at: now,
    }];
  });
  if (rows.length > 0) await tx.insertInto('dispatch_rules').values(rows).execute();
  return rows.length;
}
