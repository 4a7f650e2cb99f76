// The dispatch catalogue 派单目录 as pure rules (DOMAIN.md §6): a ticket's subject and resolved
// area → the primary unit 主办, assisting units 协办 and an SLA policy. Plain values in, plain values
// out: the services load rows and names, this file decides. Rules are validated on save
// (`ruleProblems`, `pushDownProblem`), not while routing, so routing never throws.
import type { FieldError } from './errors.js';
import type { UnitKind } from './units.js';

/** The levels a location resolves to, top down. */
export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = { district: '区县', street: '街道乡镇', community: '社区村', grid: '网格' };
/** Short forms for the dispatcher's screen: 属地街道, 属地社区. */
const AREA_LEVEL_SHORT: Record<AreaLevel, string> = { district: '区县', street: '街道', community: '社区', grid: '网格' };

export const isAreaLevel = (value: string): value is AreaLevel => (AREA_LEVELS as readonly string[]).includes(value);

/**
 * Kinds that may restrict a rule to a place. A committee (管委会) counts: it runs streets and
 * communities of its own, whose paths lie under it. Departments and enterprises are not places.
 */
export const AREA_UNIT_KINDS: readonly UnitKind[] = ['district', 'street', 'community', 'grid', 'committee'];
/** Territorial units: they answer for their own territory only. */
const LOCALITY_KINDS: readonly UnitKind[] = ['district', 'street', 'community', 'grid'];
/** Street level and below: where 66号文 forbids pushing a function department's matter down to. */
const BELOW_DISTRICT_KINDS: readonly UnitKind[] = ['street', 'community', 'grid'];
const FUNCTION_KINDS: readonly UnitKind[] = ['department', 'enterprise'];

export const MAX_ASSISTING = 20;
export const MAX_NOTE = 500;
export const PRIORITY_RANGE = [0, 100_000] as const;

export interface RoutingFacts {
  /** Materialised path of the ticket's subject ('/3/17/120/'), or null when it has none. */
  subjectPath: string | null;
  districtId: number | null;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  /** Paths of the resolved (active) area units; an area-restricted rule matches when one lies in its area. */
  areaPaths: readonly string[];
  /** Names of the resolved units, only for the reason shown to the dispatcher. */
  areaNames?: Partial<Record<AreaLevel, string>>;
}

export interface RoutingRule {
  id: number;
  subjectPath: string;
  subjectName?: string;
  /** Path of the area unit the rule is restricted to, or null for everywhere. */
  areaUnitPath: string | null;
  areaUnitName?: string | null;
  /** Exactly one of primaryUnitId / primaryAreaLevel is set (a CHECK in the table says so too). */
  primaryUnitId: number | null;
  primaryUnitName?: string | null;
  primaryAreaLevel: AreaLevel | null;
  assistingUnitIds: readonly number[];
  slaPolicyId: number | null;
  /** Lower runs first among rules equally specific. */
  priority: number;
}

export interface RouteResult {
  primaryUnitId: number;
  assistingUnitIds: number[];
  slaPolicyId: number | null;
  ruleId: number;
  /** Why, in Chinese: 派单目录：市容环境 → 属地街道（青柳街道）. */
  reason: string;
}

/** Number of levels in a materialised path: '/3/' → 1, '/3/17/120/' → 3. */
export const pathDepth = (path: string): number => path.split('/').length - 2;

/** '/3/17/120/' → ['/3/', '/3/17/', '/3/17/120/']: the subjects whose rules may apply. */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/**
 * Specificity order: the deeper subject first; then area-restricted before unrestricted, and of
 * two restricted rules the deeper area first (a street's rule before its district's); then the lower
 * priority number; then the older rule (lower id), so the order is total and stable.
 */
export function compareRules(a: RoutingRule, b: RoutingRule): number {
  return pathDepth(b.subjectPath) - pathDepth(a.subjectPath)
    || areaDepth(b) - areaDepth(a)
    || a.priority - b.priority
    || a.id - b.id;
}

const areaDepth = (rule: RoutingRule): number => (rule.areaUnitPath === null ? 0 : pathDepth(rule.areaUnitPath));

export const orderRules = <T extends RoutingRule>(rules: readonly T[]): T[] => [...rules].sort(compareRules);

/** Whether a rule's subject and area conditions hold (its target is checked separately). */
export function ruleApplies(rule: RoutingRule, facts: RoutingFacts): boolean {
  if (facts.subjectPath === null || !facts.subjectPath.startsWith(rule.subjectPath)) return false;
  return rule.areaUnitPath === null || facts.areaPaths.some((p) => p.startsWith(rule.areaUnitPath!));
}

const levelId = (facts: RoutingFacts, level: AreaLevel): number | null =>
  ({ district: facts.districtId, street: facts.streetId, community: facts.communityId, grid: facts.gridId })[level];

/**
 * The first rule, in specificity order, whose conditions hold and whose target exists: a rule that
 * sends to "the resolved street" when no street was resolved falls through to the next rule.
 */
export function route(facts: RoutingFacts, rules: readonly RoutingRule[]): RouteResult | null {
  for (const rule of orderRules(rules)) {
    if (!ruleApplies(rule, facts)) continue;
    const primaryUnitId = rule.primaryAreaLevel !== null ? levelId(facts, rule.primaryAreaLevel) : rule.primaryUnitId;
    if (primaryUnitId === null) continue;
    return {
      primaryUnitId,
      // The primary never assists itself (a street that is both the 属地 target and listed as helper).
      assistingUnitIds: [...new Set(rule.assistingUnitIds)].filter((id) => id !== primaryUnitId),
      slaPolicyId: rule.slaPolicyId,
      ruleId: rule.id,
      reason: reasonOf(rule, facts),
    };
  }
  return null;
}

function reasonOf(rule: RoutingRule, facts: RoutingFacts): string {
  const subject = rule.subjectName ?? '诉求分类';
  const area = rule.areaUnitPath !== null && rule.areaUnitName ? `（${rule.areaUnitName}）` : '';
  let target: string;
  if (rule.primaryAreaLevel !== null) {
    const name = facts.areaNames?.[rule.primaryAreaLevel];
    target = `属地${AREA_LEVEL_SHORT[rule.primaryAreaLevel]}${name ? `（${name}）` : ''}`;
  } else {
    target = rule.primaryUnitName ?? `单位 ${rule.primaryUnitId}`;
  }
  return `派单目录：${subject}${area} → ${target}`;
}

// ── Validation on save ────────────────────────────────────────────────────────────────────────

export interface UnitFacts {
  id: number;
  kind: UnitKind;
  path: string;
  name: string;
}

/** A rule about to be saved, its references already loaded (existence and activity are the service's). */
export interface RuleDraft {
  areaUnit: UnitFacts | null;
  primaryUnit: UnitFacts | null;
  primaryAreaLevel: AreaLevel | null;
  assistingUnits: readonly UnitFacts[];
  priority: number;
  note: string | null;
}

const problem = (field: string, message: string, message_en: string): FieldError => ({ field, message, message_en });

/**
 * Problems of one rule on its own, by API field. Empty when it may be saved as far as its own
 * values go; `pushDownProblem` checks it against the rest of the catalogue. `territorial: false`
 * leaves out the check that a territorial primary stays inside the rule's area: a joint-adjudication
 * ruling that is only recorded (not made a rule) may name a street for the ticket in hand.
 */
export function ruleProblems(draft: RuleDraft, { territorial = true } = {}): FieldError[] {
  const out: FieldError[] = [];
  const { areaUnit, primaryUnit, primaryAreaLevel } = draft;
  if ((primaryUnit === null) === (primaryAreaLevel === null)) {
    out.push(problem('primaryUnitId', '须指定主办单位或属地层级（二选一）', 'give either a primary unit or an area level, not both'));
  }
  if (areaUnit && !AREA_UNIT_KINDS.includes(areaUnit.kind)) {
    // A department or enterprise has no territory: "tickets located inside 市公安局" means nothing.
    out.push(problem('areaUnitId', '区域单位须为区县、街道乡镇、社区村、网格或管委会', 'the area must be a district, street, community, grid or committee'));
  }
  if (territorial && primaryUnit && LOCALITY_KINDS.includes(primaryUnit.kind) && !(areaUnit && areaUnit.path.startsWith(primaryUnit.path))) {
    // A territorial unit answers for its own territory only: naming one street as the primary for
    // the whole city would send other streets' matters to it. Use an area level, or restrict the area.
    out.push(problem('areaUnitId', `“${primaryUnit.name}”是属地单位，作为固定主办时须把区域限定在其辖区内（或改用属地层级）`,
      `a territorial primary unit needs the rule's area to lie inside it (or use an area level)`));
  }
  out.push(...assistingProblems(primaryUnit?.id ?? null, draft.assistingUnits.map((u) => u.id)));
  if (!Number.isInteger(draft.priority) || draft.priority < PRIORITY_RANGE[0] || draft.priority > PRIORITY_RANGE[1]) {
    out.push(problem('priority', `优先级须为 ${PRIORITY_RANGE[0]}–${PRIORITY_RANGE[1]} 的整数`, `priority: an integer ${PRIORITY_RANGE[0]}–${PRIORITY_RANGE[1]}`));
  }
  if (draft.note !== null && draft.note.length > MAX_NOTE) out.push(problem('note', `备注不超过 ${MAX_NOTE} 字`, `note: at most ${MAX_NOTE} characters`));
  return out;
}

/** The assisting list on its own (a ruling checks it too): bounded, no repeats, not the primary. */
export function assistingProblems(primaryUnitId: number | null, assistingIds: readonly number[]): FieldError[] {
  const out: FieldError[] = [];
  if (assistingIds.length > MAX_ASSISTING) out.push(problem('assistingUnitIds', `协办单位最多 ${MAX_ASSISTING} 个`, `at most ${MAX_ASSISTING} assisting units`));
  if (new Set(assistingIds).size !== assistingIds.length) out.push(problem('assistingUnitIds', '协办单位重复', 'an assisting unit is listed twice'));
  if (primaryUnitId !== null && assistingIds.includes(primaryUnitId)) out.push(problem('assistingUnitIds', '主办单位不能同时是协办单位', 'the primary unit cannot also assist'));
  return out;
}

/** An active catalogue rule, as far as the push-down check needs it. */
export interface CatalogueRule extends RoutingRule {
  primaryUnitKind: UnitKind | null;
}

/**
 * The rule that decides a subject everywhere (no area restriction): the most specific active
 * unrestricted rule on the subject or an ancestor. `exceptId` leaves out the rule being edited.
 */
export function baselineRule<T extends RoutingRule>(subjectPath: string, rules: readonly T[], exceptId?: number): T | null {
  return orderRules(rules.filter((r) => r.id !== exceptId && r.areaUnitPath === null && subjectPath.startsWith(r.subjectPath)))[0] ?? null;
}

/**
 * 66号文: a function department's matter may not be pushed down to a street. The catalogue says
 * whose matter a subject is: its baseline rule (see `baselineRule`). When that names a department or
 * enterprise, an area rule may not hand the subject to a street, community or grid (as the 属地
 * level or as a fixed unit): the department stays primary and the locality may assist. Changing
 * the baseline itself (deciding city-wide that a subject is a street's matter, as the 清单 does for
 * 市容环境) is the catalogue's own decision and is allowed.
 */
export function pushDownProblem(draft: RuleDraft, baseline: CatalogueRule | null): FieldError | null {
  if (draft.areaUnit === null || baseline === null) return null;
  if (baseline.primaryUnitKind === null || !FUNCTION_KINDS.includes(baseline.primaryUnitKind)) return null;
  const toLevel = draft.primaryAreaLevel !== null && draft.primaryAreaLevel !== 'district';
  const toUnit = draft.primaryUnit !== null && BELOW_DISTRICT_KINDS.includes(draft.primaryUnit.kind);
  if (!toLevel && !toUnit) return null;
  const owner = baseline.primaryUnitName ?? `单位 ${baseline.primaryUnitId}`;
  return problem(toLevel ? 'primaryAreaLevel' : 'primaryUnitId',
    `该诉求分类在派单目录中由职能部门“${owner}”主办，不得按区域下派至街道乡镇及以下（66号文）；可由属地协办`,
    `the catalogue makes this subject a function department's matter (${owner}); an area rule may not push it down to a street or below (Document No. 66); the locality may assist`);
}
