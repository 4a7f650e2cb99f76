// Evaluation templates 考评方案 (docs/evaluation.md): configuration as data, edited by the hotline
// office's administrators. Saving writes a new version; months already computed keep the version they
// used. The units a template evaluates (and which are 重点服务单位) are kept beside it.
import { hasRole, type Actor } from '../../domain/actor.js';
import { conflict, fieldError, forbidden, invalid, notFound } from '../../domain/errors.js';
import { templateProblems, type Template } from '../../domain/evaluation/index.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';
import { atPlatformRoot, inTransaction } from '../tickets/context.js';

export interface TemplateUnit { unitId: number; keyUnit: boolean }

export interface TemplateView {
  id: number;
  code: string;
  version: number;
  name: string;
  body: Template;
  active: boolean;
  createdAt: string;
  units: (TemplateUnit & { name: string; kind: string })[];
  /** Versions of this template, newest first. */
  versions: number[];
}

export interface TemplateInput {
  code: string;
  name: string;
  body: Template;
  units: TemplateUnit[];
}

/** Administrators at the platform root: the office that runs the evaluation. */
export function requireEvaluationAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin') || !atPlatformRoot(actor)) throw forbidden('管理考评（仅限平台管理员）');
}

/** The newest version of each active template (or of one code). */
export async function currentTemplates(db: Db, platformId: number, code?: string) {
  let q = db.selectFrom('evaluation_templates').selectAll().distinctOn('code')
    .where('platform_id', '=', platformId).where('active', '=', true);
  if (code !== undefined) q = q.where('code', '=', code);
  return q.orderBy('code').orderBy('version', 'desc').execute();
}

export async function requireTemplate(db: Db, platformId: number, code: string) {
  const [t] = await currentTemplates(db, platformId, code);
  if (!t) throw notFound('考评方案', 'evaluation template');
  return t;
}

async function unitsOf(db: Db, platformId: number, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('evaluation_units as e').innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.template_code', 'e.unit_id', 'e.key_unit', 'u.name', 'u.kind', 'u.sort_order', 'u.path'])
    .where('e.platform_id', '=', platformId).where('e.template_code', 'in', codes)
    .orderBy('u.path').execute();
}

export async function listTemplates(db: Db, actor: Actor): Promise<TemplateView[]> {
  requireEvaluationAdmin(actor);
  return viewsOf(db, actor.platformId, await currentTemplates(db, actor.platformId));
}

export async function getTemplate(db: Db, actor: Actor, code: string): Promise<TemplateView> {
  requireEvaluationAdmin(actor);
  return (await viewsOf(db, actor.platformId, [await requireTemplate(db, actor.platformId, code)]))[0]!;
}

async function viewsOf(db: Db, platformId: number, rows: Awaited<ReturnType<typeof currentTemplates>>): Promise<TemplateView[]> {
  const codes = rows.map((r) => r.code);
  const units = await unitsOf(db, platformId, codes);
  const versions = codes.length === 0 ? [] : await db.selectFrom('evaluation_templates').select(['code', 'version'])
    .where('platform_id', '=', platformId).where('code', 'in', codes).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, code: r.code, version: r.version, name: r.name, body: r.body as Template, active: r.active, createdAt: r.created_at.toISOString(),
    units: units.filter((u) => u.template_code === r.code).map((u) => ({ unitId: u.unit_id, keyUnit: u.key_unit, name: u.name, kind: u.kind })),
    versions: versions.filter((v) => v.code === r.code).map((v) => v.version),
  }));
}

async function checkUnits(tx: Db, platformId: number, code: string, units: TemplateUnit[]): Promise<void> {
  const ids = units.map((u) => u.unitId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw fieldError('units', `单位 ${dup} 重复`, `unit ${dup} is listed twice`);
  if (ids.length === 0) return;
  const found = await tx.selectFrom('units').select('id').where('platform_id', '=', platformId).where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw fieldError('units', `单位 ${missing.join('、')} 不存在`, `units ${missing.join(', ')} do not exist`);
  const taken = await tx.selectFrom('evaluation_units as e').innerJoin('units as u', 'u.id', 'e.unit_id').select(['u.name', 'e.template_code'])
    .where('e.platform_id', '=', platformId).where('e.unit_id', 'in', ids).where('e.template_code', '<>', code).execute();
  if (taken.length) {
    throw fieldError('units', `${taken.map((t) => t.name).join('、')} 已在考评方案“${taken[0]!.template_code}”中`, `${taken.length} unit(s) are evaluated under another template (${taken[0]!.template_code})`);
  }
}

/**
 * Creates a template (version 1) or saves a new version of it, and replaces its units, in one
 * transaction. `expectVersion` guards against two administrators saving over each other (409).
 */
export async function saveTemplate(db: Db, actor: Actor, input: TemplateInput, now: Date, expectVersion?: number): Promise<TemplateView> {
  requireEvaluationAdmin(actor);
  const problems = templateProblems(input.body);
  if (problems.length) throw invalid(problems);
  await inTransaction(db, async (tx) => {
    const latest = await tx.selectFrom('evaluation_templates').select(['version', 'active'])
      .where('platform_id', '=', actor.platformId).where('code', '=', input.code)
      .orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
    if (expectVersion !== undefined && (latest?.version ?? 0) !== expectVersion) {
      throw conflict(`考评方案已被他人修改（当前第 ${latest?.version ?? 0} 版），请刷新后重试`, `The template has changed (now version ${latest?.version ?? 0}); reload and retry`, 'version_conflict');
    }
    await checkUnits(tx, actor.platformId, input.code, input.units);
    const version = (latest?.version ?? 0) + 1;
    const row = await tx.insertInto('evaluation_templates').values({
      platform_id: actor.platformId, code: input.code, version, name: input.name, body: JSON.stringify(input.body), active: true,
      created_by: actor.userId, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.deleteFrom('evaluation_units').where('platform_id', '=', actor.platformId).where('template_code', '=', input.code).execute();
    if (input.units.length) {
      await tx.insertInto('evaluation_units').values(input.units.map((u) => ({ platform_id: actor.platformId, template_code: input.code, unit_id: u.unitId, key_unit: u.keyUnit }))).execute();
    }
    await audit(tx, {
      platformId: actor.platformId, actor, action: version === 1 ? 'evaluation.template_create' : 'evaluation.template_update',
      targetType: 'evaluation_template', targetId: row.id, details: { code: input.code, version, name: input.name, units: input.units.length }, at: now,
    });
  });
  return getTemplate(db, actor, input.code);
}

/** Switches a template off (its versions stay: computed months name them) and frees its units. */
export async function deleteTemplate(db: Db, actor: Actor, code: string, now: Date): Promise<void> {
  requireEvaluationAdmin(actor);
  await inTransaction(db, async (tx) => {
    const t = await requireTemplate(tx, actor.platformId, code);
    await tx.updateTable('evaluation_templates').set({ active: false }).where('platform_id', '=', actor.platformId).where('code', '=', code).execute();
    await tx.deleteFrom('evaluation_units').where('platform_id', '=', actor.platformId).where('template_code', '=', code).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'evaluation.template_delete', targetType: 'evaluation_template', targetId: t.id, details: { code }, at: now });
  });
}
