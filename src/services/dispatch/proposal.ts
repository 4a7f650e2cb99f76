// The dispatch proposal: the catalogue's rule for the ticket's subject and area. The service loads
// the rules that could apply (one query) and the facts' unit paths; src/domain/routing.ts decides.
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { ancestorPaths, AREA_LEVELS, isAreaLevel, route, type AreaLevel, type RoutingRule } from '../../domain/routing.js';

export interface DispatchFacts {
  subjectId: number | null;
  districtId: number | null;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
}

export interface DispatchProposal {
  primaryUnitId: number;
  assistingUnitIds: number[];
  slaPolicyId: number | null;
  ruleId: number | null;
  /** Why, in Chinese, for the dispatcher's screen (e.g. 派单目录：市容环境 → 属地街道). */
  reason: string;
}

const FACT_KEYS: Record<AreaLevel, keyof DispatchFacts> = { district: 'districtId', street: 'streetId', community: 'communityId', grid: 'gridId' };

/**
 * The active rules on the subject or its ancestors, with what routing needs: paths and names,
 * assisting units reduced to the active ones (in their order), a fixed primary only while active,
 * and the SLA policy only while active (otherwise the ticket's own policy choice applies).
 */
export async function loadRoutingRules(db: Db, platformId: number, subjectPath: string): Promise<RoutingRule[]> {
  const rows = await db.selectFrom('dispatch_rules as r')
    .innerJoin('subjects as s', 's.id', 'r.subject_id')
    .leftJoin('units as au', 'au.id', 'r.area_unit_id')
    .leftJoin('units as pu', 'pu.id', 'r.primary_unit_id')
    .leftJoin('sla_policies as p', 'p.id', 'r.sla_policy_id')
    .select([
      'r.id', 'r.priority', 'r.primary_unit_id', 'r.primary_area_level', 's.path as subject_path', 's.name as subject_name',
      'au.path as area_path', 'au.name as area_name', 'pu.name as primary_name',
      sql<number | null>`case when p.active then r.sla_policy_id end`.as('sla_policy_id'),
      sql<string[]>`array(select x.id from unnest(r.assisting_unit_ids) with ordinality as x(id, n)
        join units u on u.id = x.id where u.active and u.platform_id = r.platform_id order by x.n)`.as('assisting'),
    ])
    .where('r.platform_id', '=', platformId).where('r.active', '=', true)
    .where('s.path', 'in', ancestorPaths(subjectPath))
    .where((eb) => eb.or([eb('r.primary_unit_id', 'is', null), eb('pu.active', '=', true)]))
    .execute();
  return rows.map((r) => ({
    id: r.id, subjectPath: r.subject_path, subjectName: r.subject_name, areaUnitPath: r.area_path, areaUnitName: r.area_name,
    primaryUnitId: r.primary_unit_id, primaryUnitName: r.primary_name,
    primaryAreaLevel: r.primary_area_level !== null && isAreaLevel(r.primary_area_level) ? r.primary_area_level : null,
    // bigint[] arrives as strings (the pool parses only scalar int8 to numbers).
    assistingUnitIds: r.assisting.map(Number), slaPolicyId: r.sla_policy_id === null ? null : Number(r.sla_policy_id), priority: r.priority,
  }));
}

export async function proposeDispatch(db: Db, platformId: number, facts: DispatchFacts): Promise<DispatchProposal | null> {
  if (facts.subjectId === null) return null;
  const subject = await db.selectFrom('subjects').select('path').where('id', '=', facts.subjectId).where('platform_id', '=', platformId).executeTakeFirst();
  if (!subject) return null;
  const ids = AREA_LEVELS.map((l) => facts[FACT_KEYS[l]]).filter((id): id is number => id !== null);
  const units = ids.length === 0 ? [] : await db.selectFrom('units').select(['id', 'kind', 'path', 'name'])
    .where('platform_id', '=', platformId).where('id', 'in', ids).where('active', '=', true).execute();
  // A level counts only when its unit exists, is active and is of that level: a stored ticket may
  // point at a street that has since been disabled, and the rule then falls through.
  const at = (level: AreaLevel) => units.find((u) => u.id === facts[FACT_KEYS[level]] && u.kind === level) ?? null;
  const resolved = Object.fromEntries(AREA_LEVELS.map((l) => [l, at(l)])) as Record<AreaLevel, (typeof units)[number] | null>;
  const rules = await loadRoutingRules(db, platformId, subject.path);
  const result = route({
    subjectPath: subject.path,
    districtId: resolved.district?.id ?? null, streetId: resolved.street?.id ?? null,
    communityId: resolved.community?.id ?? null, gridId: resolved.grid?.id ?? null,
    areaPaths: AREA_LEVELS.map((l) => resolved[l]?.path).filter((p): p is string => p !== undefined),
    areaNames: Object.fromEntries(AREA_LEVELS.filter((l) => resolved[l]).map((l) => [l, resolved[l]!.name])),
  }, rules);
  return result;
}

export interface NamedProposal extends DispatchProposal {
  primaryUnit: { id: number; code: string; name: string };
  assistingUnits: { id: number; code: string; name: string }[];
}

/** A proposal with its units' codes and names, for the dispatcher's screen. */
export async function proposeDispatchNamed(db: Db, platformId: number, facts: DispatchFacts): Promise<NamedProposal | null> {
  const proposal = await proposeDispatch(db, platformId, facts);
  if (!proposal) return null;
  const units = await db.selectFrom('units').select(['id', 'code', 'name'])
    .where('platform_id', '=', platformId).where('id', 'in', [proposal.primaryUnitId, ...proposal.assistingUnitIds]).execute();
  const brief = (id: number) => units.find((u) => u.id === id) ?? { id, code: '', name: '' };
  return { ...proposal, primaryUnit: brief(proposal.primaryUnitId), assistingUnits: proposal.assistingUnitIds.map(brief) };
}
