// The dispatch catalogue 派单目录: rules mapping a subject (and an area) to a primary unit, assisting
// units and an SLA policy. Everyone signed in may read it (units check what they will be sent);
// administrators and dispatchers of the hotline office change it, each change audited. Rules are
// never deleted: assignments and events keep the id of the rule that proposed them, so a rule that
// no longer holds is disabled.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { conflict, forbidden, invalid, notFound, type FieldError } from '../../domain/errors.js';
import { canEditDispatchRules } from '../../domain/policies/dispatch.js';
import {
  AREA_LEVEL_LABELS, AREA_LEVELS, baselineRule, isAreaLevel, pushDownProblem, ruleProblems,
  type AreaLevel, type CatalogueRule, type RuleDraft, type UnitFacts,
} from '../../domain/routing.js';
import type { UnitKind } from '../../domain/units.js';
import type { Db } from '../../db/connection.js';
import { audit, beforeValues } from '../audit.js';
import { findColumn, readCsv, type RowError } from '../csv-import.js';
import type { Page } from '../users.js';

export const DEFAULT_PRIORITY = 100;

// ── Values and views ──────────────────────────────────────────────────────────────────────────

/** A rule's own values, ids resolved. */
export interface RuleValues {
  subjectId: number;
  areaUnitId: number | null;
  primaryUnitId: number | null;
  primaryAreaLevel: AreaLevel | null;
  assistingUnitIds: number[];
  slaPolicyId: number | null;
  priority: number;
  note: string | null;
  active: boolean;
}

export interface RuleInput {
  subjectId: number;
  areaUnitId?: number | null;
  primaryUnitId?: number | null;
  primaryAreaLevel?: AreaLevel | null;
  assistingUnitIds?: number[];
  slaPolicyId?: number | null;
  priority?: number;
  note?: string | null;
  active?: boolean;
}

export type RuleUpdate = Partial<RuleInput>;

export interface UnitBrief {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

export interface DispatchRuleView {
  id: number;
  /** `path` is the names from the top: 城市管理 / 市容环境. */
  subject: { id: number; code: string; name: string; path: string };
  areaUnit: UnitBrief | null;
  primaryUnit: UnitBrief | null;
  primaryAreaLevel: AreaLevel | null;
  assistingUnits: UnitBrief[];
  slaPolicy: { id: number; name: string } | null;
  priority: number;
  note: string | null;
  source: string;
  rulingId: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RuleFilter {
  subjectId?: number;
  unitId?: number;
  source?: string;
  active?: boolean;
  page: number;
  pageSize: number;
}

function viewQuery(db: Db, platformId: number) {
  return db.selectFrom('dispatch_rules as r')
    .innerJoin('subjects as s', 's.id', 'r.subject_id')
    .leftJoin('units as au', 'au.id', 'r.area_unit_id')
    .leftJoin('units as pu', 'pu.id', 'r.primary_unit_id')
    .leftJoin('sla_policies as p', 'p.id', 'r.sla_policy_id')
    .where('r.platform_id', '=', platformId);
}

async function selectViews(q: ReturnType<typeof viewQuery>, limit?: { page: number; pageSize: number }): Promise<DispatchRuleView[]> {
  let sel = q.select([
    'r.id', 'r.primary_area_level', 'r.priority', 'r.note', 'r.source', 'r.ruling_id', 'r.active', 'r.created_at', 'r.updated_at',
    's.id as subject_id', 's.code as subject_code', 's.name as subject_name',
    sql<string>`(select string_agg(a.name, ' / ' order by a.level) from subjects a where a.platform_id = r.platform_id and s.path like (a.path || '%'))`.as('subject_label'),
    'au.id as area_id', 'au.code as area_code', 'au.name as area_name', 'au.active as area_active',
    'pu.id as primary_id', 'pu.code as primary_code', 'pu.name as primary_name', 'pu.active as primary_active',
    'p.id as policy_id', 'p.name as policy_name',
    sql<UnitBrief[]>`coalesce((select json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'active', u.active) order by x.n)
      from unnest(r.assisting_unit_ids) with ordinality as x(id, n) join units u on u.id = x.id), '[]'::json)`.as('assisting'),
  ]).orderBy('s.code').orderBy(sql`au.code nulls first`).orderBy('r.priority').orderBy('r.id');
  if (limit) sel = sel.limit(limit.pageSize).offset((limit.page - 1) * limit.pageSize);
  const rows = await sel.execute();
  const brief = (id: number | null, code: string | null, name: string | null, active: boolean | null): UnitBrief | null =>
    id === null ? null : { id, code: code ?? '', name: name ?? '', active: active ?? false };
  return rows.map((r) => ({
    id: r.id,
    subject: { id: r.subject_id, code: r.subject_code, name: r.subject_name, path: r.subject_label },
    areaUnit: brief(r.area_id, r.area_code, r.area_name, r.area_active),
    primaryUnit: brief(r.primary_id, r.primary_code, r.primary_name, r.primary_active),
    primaryAreaLevel: r.primary_area_level !== null && isAreaLevel(r.primary_area_level) ? r.primary_area_level : null,
    assistingUnits: r.assisting.map((u) => ({ ...u, id: Number(u.id) })),
    slaPolicy: r.policy_id === null ? null : { id: r.policy_id, name: r.policy_name ?? '' },
    priority: r.priority, note: r.note, source: r.source, rulingId: r.ruling_id, active: r.active,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  }));
}

export async function listDispatchRules(db: Db, actor: Actor, filter: RuleFilter): Promise<Page<DispatchRuleView>> {
  let q = viewQuery(db, actor.platformId);
  if (filter.subjectId !== undefined) {
    const subject = await db.selectFrom('subjects').select('path').where('id', '=', filter.subjectId).where('platform_id', '=', actor.platformId).executeTakeFirst();
    if (!subject) throw notFound('诉求分类', 'subject');
    // The subject's subtree: the rules that decide its children too.
    q = q.where('s.path', 'like', `${subject.path}%`);
  }
  if (filter.unitId !== undefined) {
    const u = filter.unitId;
    q = q.where(sql<boolean>`(r.area_unit_id = ${u} or r.primary_unit_id = ${u} or ${u}::bigint = any(r.assisting_unit_ids))`);
  }
  if (filter.source) q = q.where('r.source', '=', filter.source);
  if (filter.active !== undefined) q = q.where('r.active', '=', filter.active);
  const [{ total }, items] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    selectViews(q, filter),
  ]);
  return { items, total: Number(total), page: filter.page, pageSize: filter.pageSize };
}

export async function getDispatchRule(db: Db, platformId: number, id: number): Promise<DispatchRuleView> {
  const [view] = await selectViews(viewQuery(db, platformId).where('r.id', '=', id));
  if (!view) throw notFound('派单规则', 'dispatch rule');
  return view;
}

// ── Checking a rule against the catalogue ─────────────────────────────────────────────────────

interface UnitRef extends UnitFacts { code: string; active: boolean }
interface SubjectRef { id: number; code: string; name: string; path: string; active: boolean }
interface PolicyRef { id: number; name: string; active: boolean }
export interface StoredRule extends RuleValues { id: number }

/**
 * What checking rules needs, loaded whole (units without their boundaries, subjects, policies,
 * rules): a few hundred to a few thousand small rows, read once per save or per import, so an
 * import of a thousand rows checks in memory instead of querying per row.
 */
export interface RuleContext {
  units: Map<number, UnitRef>;
  unitsByCode: Map<string, UnitRef>;
  subjects: Map<number, SubjectRef>;
  subjectsByCode: Map<string, SubjectRef>;
  policies: Map<number, PolicyRef>;
  policiesByName: Map<string, PolicyRef>;
  rules: StoredRule[];
}

const toStored = (r: {
  id: number; subject_id: number; area_unit_id: number | null; primary_unit_id: number | null; primary_area_level: string | null;
  assisting_unit_ids: unknown[]; sla_policy_id: number | null; priority: number; note: string | null; active: boolean;
}): StoredRule => ({
  id: r.id, subjectId: r.subject_id, areaUnitId: r.area_unit_id, primaryUnitId: r.primary_unit_id,
  primaryAreaLevel: r.primary_area_level !== null && isAreaLevel(r.primary_area_level) ? r.primary_area_level : null,
  // bigint[] arrives as strings (the pool parses only scalar int8 to numbers).
  assistingUnitIds: r.assisting_unit_ids.map(Number), slaPolicyId: r.sla_policy_id, priority: r.priority, note: r.note, active: r.active,
});

export async function loadRuleContext(db: Db, platformId: number): Promise<RuleContext> {
  const [units, subjects, policies, rules] = await Promise.all([
    db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'path', 'active']).where('platform_id', '=', platformId).execute(),
    db.selectFrom('subjects').select(['id', 'code', 'name', 'path', 'active']).where('platform_id', '=', platformId).execute(),
    db.selectFrom('sla_policies').select(['id', 'name', 'active']).where('platform_id', '=', platformId).execute(),
    db.selectFrom('dispatch_rules').select(['id', 'subject_id', 'area_unit_id', 'primary_unit_id', 'primary_area_level', 'assisting_unit_ids',
      'sla_policy_id', 'priority', 'note', 'active']).where('platform_id', '=', platformId).orderBy('id').execute(),
  ]);
  const unitRefs = units.map((u): UnitRef => ({ ...u, kind: u.kind as UnitKind }));
  return {
    units: new Map(unitRefs.map((u) => [u.id, u])),
    unitsByCode: new Map(unitRefs.map((u) => [u.code, u])),
    subjects: new Map(subjects.map((s) => [s.id, s])),
    subjectsByCode: new Map(subjects.map((s) => [s.code, s])),
    policies: new Map(policies.map((p) => [p.id, p])),
    policiesByName: new Map(policies.map((p) => [p.name, p])),
    rules: rules.map(toStored),
  };
}

/** Serialises changes of one platform's catalogue, so two saves cannot both pass the duplicate check. */
export async function lockCatalogue(tx: Db, platformId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('minsheng.dispatch_rules'), ${platformId}::int)`.execute(tx);
}

const VALUE_FIELDS = ['subjectId', 'areaUnitId', 'primaryUnitId', 'primaryAreaLevel', 'assistingUnitIds', 'slaPolicyId', 'priority', 'note', 'active'] as const;
export type RuleField = (typeof VALUE_FIELDS)[number];
export const ALL_FIELDS: ReadonlySet<RuleField> = new Set(VALUE_FIELDS);

export interface RuleCheck {
  fields: FieldError[];
  /** An active rule with the same subject, area and priority: the new one would shadow it or be shadowed. */
  duplicateOf: number | null;
  /** The loaded references, when they all exist. */
  refs: { subject: SubjectRef; area: UnitRef | null; primary: UnitRef | null } | null;
}

const fe = (field: string, message: string, message_en: string): FieldError => ({ field, message, message_en });

/**
 * Checks references (they exist in the platform; those named afresh, `fresh`, are active: editing a
 * rule's note does not fail because a helper unit was disabled since), the rule's own values and,
 * for an active rule, the catalogue: 66号文 and one active rule per subject, area and priority.
 * `catalogue: false` checks a ruling that is only recorded: references and its own values, without
 * the territorial, 66号文 and duplicate checks that apply to rules.
 */
export function checkRule(ctx: RuleContext, v: RuleValues, opts: { selfId?: number; fresh: ReadonlySet<RuleField>; catalogue?: boolean }): RuleCheck {
  const fields: FieldError[] = [];
  const subject = ctx.subjects.get(v.subjectId);
  if (!subject) fields.push(fe('subjectId', '诉求分类不存在', 'subject not found'));
  else if (opts.fresh.has('subjectId') && !subject.active) fields.push(fe('subjectId', `诉求分类“${subject.name}”已停用`, 'the subject is disabled'));
  const unit = (field: RuleField, id: number): UnitRef | null => {
    const u = ctx.units.get(id);
    if (!u) { fields.push(fe(field, `单位 ${id} 不存在`, `unit ${id} not found`)); return null; }
    if (opts.fresh.has(field) && !u.active) fields.push(fe(field, `单位“${u.name}”已停用`, `unit ${u.code} is disabled`));
    return u;
  };
  const area = v.areaUnitId === null ? null : unit('areaUnitId', v.areaUnitId);
  const primary = v.primaryUnitId === null ? null : unit('primaryUnitId', v.primaryUnitId);
  const assisting = v.assistingUnitIds.map((id) => unit('assistingUnitIds', id));
  if (v.slaPolicyId !== null) {
    const p = ctx.policies.get(v.slaPolicyId);
    if (!p) fields.push(fe('slaPolicyId', '时限策略不存在', 'SLA policy not found'));
    else if (opts.fresh.has('slaPolicyId') && !p.active) fields.push(fe('slaPolicyId', `时限策略“${p.name}”已停用`, 'the SLA policy is disabled'));
  }
  const missing = (v.areaUnitId !== null && !area) || (v.primaryUnitId !== null && !primary) || assisting.some((a) => a === null);
  if (!subject || missing) return { fields, duplicateOf: null, refs: null };
  const draft: RuleDraft = {
    areaUnit: area, primaryUnit: primary, primaryAreaLevel: v.primaryAreaLevel,
    assistingUnits: assisting.filter((a): a is UnitRef => a !== null), priority: v.priority, note: v.note,
  };
  const catalogue = opts.catalogue !== false;
  fields.push(...ruleProblems(draft, { territorial: catalogue }));
  let duplicateOf: number | null = null;
  if (fields.length === 0 && v.active && catalogue) {
    const pushDown = pushDownProblem(draft, baselineRule(subject.path, catalogueRules(ctx), opts.selfId));
    if (pushDown) fields.push(pushDown);
    duplicateOf = ctx.rules.find((r) => r.active && r.id !== opts.selfId && r.subjectId === v.subjectId
      && r.areaUnitId === v.areaUnitId && r.priority === v.priority)?.id ?? null;
  }
  return { fields, duplicateOf, refs: { subject, area, primary } };
}

/** The active rules as routing sees them (a fixed primary only while it is active). */
function catalogueRules(ctx: RuleContext): CatalogueRule[] {
  return ctx.rules.flatMap((r): CatalogueRule[] => {
    const subject = ctx.subjects.get(r.subjectId);
    const primary = r.primaryUnitId === null ? null : ctx.units.get(r.primaryUnitId);
    if (!r.active || !subject || (r.primaryUnitId !== null && !primary?.active)) return [];
    return [{
      id: r.id, subjectPath: subject.path, areaUnitPath: r.areaUnitId === null ? null : (ctx.units.get(r.areaUnitId)?.path ?? null),
      primaryUnitId: r.primaryUnitId, primaryUnitName: primary?.name ?? null, primaryUnitKind: primary?.kind ?? null,
      primaryAreaLevel: r.primaryAreaLevel, assistingUnitIds: r.assistingUnitIds, slaPolicyId: r.slaPolicyId, priority: r.priority,
    }];
  });
}

/** A save's verdict as the API's errors: 400 naming the fields, 409 for a rule in the same place. */
export function throwIfRejected(check: RuleCheck): void {
  if (check.fields.length > 0) throw invalid(check.fields);
  if (check.duplicateOf !== null) {
    throw conflict(`同一诉求分类、区域和优先级已有启用的派单规则（#${check.duplicateOf}），请修改那条规则或调整优先级`,
      `an active rule with the same subject, area and priority exists (#${check.duplicateOf}); edit it or change the priority`, 'duplicate_rule');
  }
}

const rowOf = (platformId: number, v: RuleValues, source: string, now: Date, rulingId: number | null = null) => ({
  platform_id: platformId, subject_id: v.subjectId, area_unit_id: v.areaUnitId, primary_unit_id: v.primaryUnitId,
  primary_area_level: v.primaryAreaLevel, assisting_unit_ids: v.assistingUnitIds, sla_policy_id: v.slaPolicyId,
  priority: v.priority, note: v.note, source, ruling_id: rulingId, active: v.active, created_at: now, updated_at: now,
});

/** Inserts checked rules; the caller holds the catalogue lock and audits. */
export async function insertRules(tx: Db, platformId: number, values: readonly RuleValues[], source: string, now: Date, rulingId: number | null = null): Promise<number[]> {
  if (values.length === 0) return [];
  const rows = await tx.insertInto('dispatch_rules').values(values.map((v) => rowOf(platformId, v, source, now, rulingId))).returning('id').execute();
  return rows.map((r) => r.id);
}

// ── Use cases ─────────────────────────────────────────────────────────────────────────────────

const valuesOf = (input: RuleInput): RuleValues => ({
  subjectId: input.subjectId, areaUnitId: input.areaUnitId ?? null, primaryUnitId: input.primaryUnitId ?? null,
  primaryAreaLevel: input.primaryAreaLevel ?? null, assistingUnitIds: input.assistingUnitIds ?? [], slaPolicyId: input.slaPolicyId ?? null,
  priority: input.priority ?? DEFAULT_PRIORITY, note: input.note?.trim() || null, active: input.active ?? true,
});

export async function createDispatchRule(db: Db, actor: Actor, input: RuleInput, now: Date): Promise<DispatchRuleView> {
  if (!canEditDispatchRules(actor)) throw forbidden('编辑派单目录');
  return db.transaction().execute(async (tx) => {
    await lockCatalogue(tx, actor.platformId);
    const ctx = await loadRuleContext(tx, actor.platformId);
    const values = valuesOf(input);
    throwIfRejected(checkRule(ctx, values, { fresh: ALL_FIELDS }));
    const [id] = await insertRules(tx, actor.platformId, [values], 'admin', now);
    await audit(tx, { platformId: actor.platformId, actor, action: 'dispatch_rule.create', targetType: 'dispatch_rule', targetId: id!, details: { ...values }, at: now });
    return getDispatchRule(tx, actor.platformId, id!);
  });
}

/** Assisting lists compare in order: the order is the one the dispatcher's screen shows. */
const sameIds = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const changedFields = (before: RuleValues, after: RuleValues): RuleField[] =>
  VALUE_FIELDS.filter((f) => (f === 'assistingUnitIds' ? !sameIds(before[f], after[f]) : before[f] !== after[f]));

/** Merges a partial update: naming one kind of target (a unit, or an area level) clears the other. */
function merge(current: RuleValues, input: RuleUpdate): RuleValues {
  const next: RuleValues = { ...current };
  for (const f of VALUE_FIELDS) {
    if (input[f] !== undefined) (next as unknown as Record<string, unknown>)[f] = input[f];
  }
  if (input.primaryUnitId != null && input.primaryAreaLevel === undefined) next.primaryAreaLevel = null;
  if (input.primaryAreaLevel != null && input.primaryUnitId === undefined) next.primaryUnitId = null;
  if (input.note !== undefined) next.note = input.note?.trim() || null;
  return next;
}

export async function updateDispatchRule(db: Db, actor: Actor, id: number, input: RuleUpdate, now: Date): Promise<DispatchRuleView> {
  if (!canEditDispatchRules(actor)) throw forbidden('编辑派单目录');
  return db.transaction().execute(async (tx) => {
    await lockCatalogue(tx, actor.platformId);
    const ctx = await loadRuleContext(tx, actor.platformId);
    const current = ctx.rules.find((r) => r.id === id);
    if (!current) throw notFound('派单规则', 'dispatch rule');
    const next = merge(current, input);
    const changed = changedFields(current, next);
    // Switching a rule back on checks everything it names, as a new rule would be.
    const fresh = !current.active && next.active ? ALL_FIELDS : new Set(changed);
    throwIfRejected(checkRule(ctx, next, { selfId: id, fresh }));
    if (changed.length > 0) {
      const { platform_id: _p, created_at: _c, source: _s, ruling_id: _r, ...row } = rowOf(actor.platformId, next, 'admin', now);
      await tx.updateTable('dispatch_rules').set(row).where('id', '=', id).where('platform_id', '=', actor.platformId).execute();
      await audit(tx, {
        platformId: actor.platformId, actor, action: 'dispatch_rule.update', targetType: 'dispatch_rule', targetId: id,
        details: { ...input, before: beforeValues({ ...current }, Object.fromEntries(changed.map((f) => [f, true]))) }, at: now,
      });
    }
    return getDispatchRule(tx, actor.platformId, id);
  });
}

// ── CSV export and import ─────────────────────────────────────────────────────────────────────

/** Columns the import reads; the export also writes the names beside the codes, for people. */
const COL = {
  subject: '诉求分类编码', subjectName: '诉求分类', area: '区域单位编码', areaName: '区域单位', primary: '主办单位编码', primaryName: '主办单位',
  level: '属地层级', assisting: '协办单位编码', assistingNames: '协办单位', policy: '时限策略', priority: '优先级', note: '备注', status: '状态', source: '来源',
} as const;

export const RULE_CSV_HEADER: string[] = [COL.subject, COL.subjectName, COL.area, COL.areaName, COL.primary, COL.primaryName, COL.level,
  COL.assisting, COL.assistingNames, COL.policy, COL.priority, COL.note, COL.status, COL.source];

const SOURCE_LABELS: Record<string, string> = { admin: '手工', import: '导入', adjudication: '联席研判', demo: '演示' };

/** Every rule of the platform (disabled ones too, marked 停用), as rows under RULE_CSV_HEADER. */
export async function exportDispatchRules(db: Db, actor: Actor): Promise<(string | number | null)[][]> {
  const views = await selectViews(viewQuery(db, actor.platformId));
  return views.map((r) => [
    r.subject.code, r.subject.path, r.areaUnit?.code ?? null, r.areaUnit?.name ?? null, r.primaryUnit?.code ?? null, r.primaryUnit?.name ?? null,
    r.primaryAreaLevel ? AREA_LEVEL_LABELS[r.primaryAreaLevel] : null,
    r.assistingUnits.map((u) => u.code).join(';'), r.assistingUnits.map((u) => u.name).join(';'),
    r.slaPolicy?.name ?? null, r.priority, r.note, r.active ? '启用' : '停用', SOURCE_LABELS[r.source] ?? r.source,
  ]);
}

export interface RuleImportResult {
  rows: number;
  created: number;
  updated: number;
  existing: number;
  rejected: RowError[];
}

/** 街道乡镇, 街道, street …: the labels people type for a level. */
const LEVEL_WORDS: Record<string, AreaLevel> = {
  ...Object.fromEntries(AREA_LEVELS.map((l) => [l, l])),
  ...Object.fromEntries(AREA_LEVELS.map((l) => [AREA_LEVEL_LABELS[l], l])),
  区县: 'district', 区: 'district', 县: 'district', 街道: 'street', 乡镇: 'street', 社区: 'community', 村: 'community',
};
const STATUS_WORDS: Record<string, boolean> = { 启用: true, 是: true, true: true, 1: true, 停用: false, 否: false, false: false, 0: false };

/** Which column an API field's problem belongs to. */
const FIELD_COLUMN: Record<string, string> = {
  subjectId: COL.subject, areaUnitId: COL.area, primaryUnitId: COL.primary, primaryAreaLevel: COL.level, assistingUnitIds: COL.assisting,
  slaPolicyId: COL.policy, priority: COL.priority, note: COL.note, active: COL.status,
};

/**
 * Imports rules in the export's format. A row's place in the catalogue is its subject, area and
 * priority: a row equal to a rule there is left alone (so the export imports back unchanged), a
 * row that differs updates the rule there (the active one, else the newest), and a row for an empty
 * place creates a rule. Rows never delete: a rule missing from the file stays as it is.
 */
export async function importDispatchRulesCsv(db: Db, actor: Actor, text: string, now: Date): Promise<RuleImportResult> {
  if (!canEditDispatchRules(actor)) throw forbidden('导入派单目录');
  const { header, records, lines } = readCsv(text);
  const col = {
    subject: findColumn(header, COL.subject, 'subjectCode'), area: findColumn(header, COL.area, 'areaUnitCode'),
    primary: findColumn(header, COL.primary, 'primaryUnitCode'), level: findColumn(header, COL.level, 'primaryAreaLevel'),
    assisting: findColumn(header, COL.assisting, 'assistingUnitCodes'), policy: findColumn(header, COL.policy, 'slaPolicy'),
    priority: findColumn(header, COL.priority, 'priority'), note: findColumn(header, COL.note, 'note'), status: findColumn(header, COL.status, 'active'),
  };
  if (!col.subject || (!col.primary && !col.level)) {
    throw invalid([{ field: 'file', message: `缺少列：${COL.subject}，以及${COL.primary}或${COL.level}（应有 ${RULE_CSV_HEADER.join(',')}）`,
      message_en: `missing columns: ${COL.subject} and ${COL.primary} or ${COL.level}` }]);
  }
  const cell = (r: Record<string, string>, c: string | null): string => (c ? (r[c] ?? '').trim() : '');

  return db.transaction().execute(async (tx) => {
    await lockCatalogue(tx, actor.platformId);
    const ctx = await loadRuleContext(tx, actor.platformId);
    const result: RuleImportResult = { rows: records.length, created: 0, updated: 0, existing: 0, rejected: [] };
    const reject = (row: number, column: string | null, message: string, message_en: string) =>
      result.rejected.push({ row, field: column ?? 'file', message, message_en });
    const toCreate: StoredRule[] = [];
    const toUpdate = new Map<number, { before: StoredRule; after: StoredRule }>();
    const placeLine = new Map<string, number>(); // subject/area/priority → the line that changed it
    let tempId = -1;

    for (const [i, r] of records.entries()) {
      const line = lines[i]!;
      const subject = ctx.subjectsByCode.get(cell(r, col.subject));
      if (!subject) { reject(line, col.subject, `诉求分类编码“${cell(r, col.subject)}”不存在`, `unknown subject code "${cell(r, col.subject)}"`); continue; }
      const unitCode = (column: string | null): { id: number | null; bad: string | null } => {
        const code = cell(r, column);
        if (!code) return { id: null, bad: null };
        const u = ctx.unitsByCode.get(code);
        return u ? { id: u.id, bad: null } : { id: null, bad: code };
      };
      const area = unitCode(col.area);
      if (area.bad) { reject(line, col.area, `单位编码“${area.bad}”不存在`, `unknown unit code "${area.bad}"`); continue; }
      const primary = unitCode(col.primary);
      if (primary.bad) { reject(line, col.primary, `单位编码“${primary.bad}”不存在`, `unknown unit code "${primary.bad}"`); continue; }
      const levelText = cell(r, col.level);
      const level = levelText ? LEVEL_WORDS[levelText] ?? LEVEL_WORDS[levelText.toLowerCase()] : null;
      if (level === undefined) { reject(line, col.level, `属地层级无效：${levelText}（可填 区县、街道乡镇、社区村、网格）`, `unknown area level "${levelText}"`); continue; }
      const assistingCodes = cell(r, col.assisting).split(/[;；、,，\s]+/).filter(Boolean);
      const unknown = assistingCodes.find((c) => !ctx.unitsByCode.has(c));
      if (unknown) { reject(line, col.assisting, `协办单位编码“${unknown}”不存在`, `unknown unit code "${unknown}"`); continue; }
      const policyName = cell(r, col.policy);
      const policy = policyName ? ctx.policiesByName.get(policyName) : null;
      if (policy === undefined) { reject(line, col.policy, `时限策略“${policyName}”不存在`, `unknown SLA policy "${policyName}"`); continue; }
      const priorityText = cell(r, col.priority);
      const priority = priorityText ? Number(priorityText) : DEFAULT_PRIORITY;
      if (!Number.isInteger(priority)) { reject(line, col.priority, `优先级须为整数：${priorityText}`, `priority must be an integer: ${priorityText}`); continue; }
      const statusText = cell(r, col.status);
      const active = statusText ? STATUS_WORDS[statusText.toLowerCase()] : true;
      if (active === undefined) { reject(line, col.status, `状态须为 启用 或 停用：${statusText}`, `status must be 启用 or 停用: ${statusText}`); continue; }
      const values: RuleValues = {
        subjectId: subject.id, areaUnitId: area.id, primaryUnitId: primary.id, primaryAreaLevel: level, assistingUnitIds: assistingCodes.map((c) => ctx.unitsByCode.get(c)!.id),
        slaPolicyId: policy?.id ?? null, priority, note: cell(r, col.note) || null, active,
      };

      const place = `${values.subjectId}/${values.areaUnitId ?? ''}/${values.priority}`;
      const atPlace = ctx.rules.filter((x) => x.subjectId === values.subjectId && x.areaUnitId === values.areaUnitId && x.priority === values.priority);
      const earlier = placeLine.get(place);
      if (atPlace.some((x) => changedFields(x, values).length === 0)) {
        // The place is claimed by this line even when nothing changes, so a later line for the same
        // place is refused on every run of the file, not applied on the second run.
        if (earlier === undefined) placeLine.set(place, line);
        result.existing += 1;
        continue;
      }
      if (earlier !== undefined) {
        reject(line, col.priority, `与第 ${earlier} 行的诉求分类、区域和优先级相同`, `same subject, area and priority as line ${earlier}`);
        continue;
      }
      const target = atPlace.find((x) => x.active) ?? atPlace.at(-1);
      const fresh = !target || (!target.active && values.active) ? ALL_FIELDS : new Set(changedFields(target, values));
      const check = checkRule(ctx, values, { selfId: target?.id, fresh });
      const problem = check.fields[0];
      if (problem) { reject(line, FIELD_COLUMN[problem.field] ?? null, problem.message, problem.message_en); continue; }
      if (check.duplicateOf !== null) {
        reject(line, col.priority, `同一诉求分类、区域和优先级已有启用的派单规则（#${check.duplicateOf}）`, `an active rule with the same subject, area and priority exists (#${check.duplicateOf})`);
        continue;
      }
      placeLine.set(place, line);
      // Later rows are checked against the catalogue as this row leaves it.
      if (target) {
        const after = { ...values, id: target.id };
        toUpdate.set(target.id, { before: toUpdate.get(target.id)?.before ?? { ...target }, after });
        ctx.rules[ctx.rules.indexOf(target)] = after;
      } else {
        const created = { ...values, id: tempId-- };
        toCreate.push(created);
        ctx.rules.push(created);
      }
    }

    const ids = await insertRules(tx, actor.platformId, toCreate, 'import', now);
    for (const { after } of toUpdate.values()) {
      const { platform_id: _p, created_at: _c, source: _s, ruling_id: _r, ...row } = rowOf(actor.platformId, after, 'import', now);
      await tx.updateTable('dispatch_rules').set(row).where('id', '=', after.id).where('platform_id', '=', actor.platformId).execute();
    }
    result.created = ids.length;
    result.updated = toUpdate.size;
    result.rejected.sort((a, b) => a.row - b.row);
    await audit(tx, {
      platformId: actor.platformId, actor, action: 'dispatch_rule.import',
      details: {
        rows: result.rows, created: result.created, updated: result.updated, existing: result.existing, rejected: result.rejected.length, createdIds: ids,
        updates: [...toUpdate.values()].map(({ before, after }) => ({ id: after.id, before: beforeValues({ ...before }, Object.fromEntries(changedFields(before, after).map((f) => [f, true]))) })),
      },
      at: now,
    });
    return result;
  });
}
