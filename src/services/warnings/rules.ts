// Sensitive-matter rules 敏感事项规则 (DOMAIN.md §9, seed 001: 噪音, 停水, 停电, 讨薪, 安全生产,
// 交通堵塞, 群体事件): configuration as data, edited by administrators as one list.
import { hasRole, type Actor } from '../../domain/actor.js';
import { fieldError, forbidden } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';

export interface WarningRule {
  id?: number;
  name: string;
  keywords: string[];
  subjectIds: number[];
  minCount: number;
  windowHours: number;
  level: 1 | 2 | 3;
  active: boolean;
}

/**
 * The defaults a platform starts with. Levels follow seed 001's 三级研判: a mass incident or a safety
 * accident goes to the party secretary and mayor at once (level 1, from the first or third ticket);
 * unpaid wages and water or power cuts across a district to the deputy mayor in charge (level 2);
 * noise and traffic to the departments (level 3).
 */
export const DEFAULT_RULES: readonly WarningRule[] = [
  { name: '群体事件', keywords: ['群体', '集体', '聚集', '堵路', '上访', '围堵', '静坐', '拉横幅'], subjectIds: [], minCount: 3, windowHours: 24, level: 1, active: true },
  { name: '安全生产事故', keywords: ['爆炸', '起火', '坍塌', '塌方', '燃气泄漏', '危化品', '安全生产'], subjectIds: [], minCount: 1, windowHours: 24, level: 1, active: true },
  { name: '讨薪欠薪', keywords: ['讨薪', '欠薪', '拖欠工资', '农民工工资', '拖欠薪资'], subjectIds: [], minCount: 5, windowHours: 72, level: 2, active: true },
  { name: '停水', keywords: ['停水', '断水'], subjectIds: [], minCount: 10, windowHours: 24, level: 2, active: true },
  { name: '停电', keywords: ['停电', '断电'], subjectIds: [], minCount: 10, windowHours: 24, level: 2, active: true },
  { name: '噪音扰民', keywords: ['噪音', '噪声'], subjectIds: [], minCount: 10, windowHours: 24, level: 3, active: true },
  { name: '交通堵塞', keywords: ['交通堵塞', '拥堵', '堵车'], subjectIds: [], minCount: 10, windowHours: 24, level: 3, active: true },
];

/**
 * Writes the defaults for a platform that has no rule at all (a new platform). An administrator who
 * wants no rule switches them off (active: false) rather than deleting them all.
 */
export async function ensureDefaultRules(db: Db, platformId: number, now: Date): Promise<void> {
  const any = await db.selectFrom('warning_rules').select('id').where('platform_id', '=', platformId).limit(1).executeTakeFirst();
  if (any) return;
  await db.insertInto('warning_rules').values(DEFAULT_RULES.map((r, i) => ({
    platform_id: platformId, name: r.name, keywords: r.keywords, subject_ids: r.subjectIds, min_count: r.minCount,
    window_hours: r.windowHours, level: r.level, active: r.active, sort_order: i + 1, updated_at: now,
  }))).onConflict((oc) => oc.doNothing()).execute();
}

const mayEditRules = (actor: Actor) => hasRole(actor, 'admin');

export async function listRules(db: Db, actor: Actor, now: Date): Promise<WarningRule[]> {
  if (!mayEditRules(actor)) throw forbidden('查看预警规则');
  await ensureDefaultRules(db, actor.platformId, now);
  return loadRules(db, actor.platformId);
}

export async function loadRules(db: Db, platformId: number, activeOnly = false): Promise<(WarningRule & { id: number })[]> {
  let q = db.selectFrom('warning_rules').selectAll().where('platform_id', '=', platformId);
  if (activeOnly) q = q.where('active', '=', true);
  const rows = await q.orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, name: r.name, keywords: r.keywords, subjectIds: r.subject_ids.map(Number), minCount: r.min_count,
    windowHours: r.window_hours, level: r.level as 1 | 2 | 3, active: r.active,
  }));
}

/**
 * Replaces the list: rules are matched by id (kept, updated), new ones (no id) added, missing ones
 * switched off rather than deleted, since past warnings name them.
 */
export async function putRules(db: Db, actor: Actor, rules: WarningRule[], now: Date): Promise<WarningRule[]> {
  if (!mayEditRules(actor)) throw forbidden('编辑预警规则');
  const names = new Set<string>();
  rules.forEach((r, i) => {
    if (names.has(r.name)) throw fieldError(`rules.${i}.name`, `规则名称“${r.name}”重复`, `duplicate rule name "${r.name}"`);
    names.add(r.name);
    if (r.keywords.length === 0 && r.subjectIds.length === 0) {
      throw fieldError(`rules.${i}.keywords`, '每条规则至少需要一个关键词或一个诉求分类', 'each rule needs a keyword or a subject');
    }
  });
  const subjectIds = [...new Set(rules.flatMap((r) => r.subjectIds))];
  if (subjectIds.length > 0) {
    const found = await db.selectFrom('subjects').select('id').where('platform_id', '=', actor.platformId).where('id', 'in', subjectIds).execute();
    const missing = subjectIds.filter((id) => !found.some((f) => Number(f.id) === id));
    if (missing.length) throw fieldError('rules', `诉求分类 ${missing.join('、')} 不存在`, `subjects ${missing.join(', ')} do not exist`);
  }
  await db.transaction().execute(async (tx) => {
    await ensureDefaultRules(tx, actor.platformId, now);
    const before = await loadRules(tx, actor.platformId);
    const unknown = rules.filter((r) => r.id !== undefined && !before.some((b) => b.id === r.id));
    if (unknown.length) throw fieldError('rules', `规则 ${unknown.map((r) => r.id).join('、')} 不存在`, `rules ${unknown.map((r) => r.id).join(', ')} do not exist`);
    const kept = new Set(rules.filter((r) => r.id !== undefined).map((r) => r.id!));
    // Names must stay unique while rows change: park the kept ones under temporary names first.
    for (const b of before) {
      if (!kept.has(b.id)) await tx.updateTable('warning_rules').set({ active: false, name: `${b.name}（停用 ${b.id}）`.slice(0, 50), updated_at: now }).where('id', '=', b.id).where('active', '=', true).execute();
    }
    for (const [i, r] of rules.entries()) {
      const values = {
        name: r.name, keywords: r.keywords, subject_ids: r.subjectIds, min_count: r.minCount, window_hours: r.windowHours,
        level: r.level, active: r.active, sort_order: i + 1, updated_at: now,
      };
      if (r.id !== undefined) await tx.updateTable('warning_rules').set({ ...values, name: `#${r.id}` }).where('id', '=', r.id).execute();
    }
    for (const [i, r] of rules.entries()) {
      const values = {
        name: r.name, keywords: r.keywords, subject_ids: r.subjectIds, min_count: r.minCount, window_hours: r.windowHours,
        level: r.level, active: r.active, sort_order: i + 1, updated_at: now,
      };
      if (r.id !== undefined) {
        await tx.updateTable('warning_rules').set(values).where('id', '=', r.id).execute();
      } else {
        // A new rule whose name a switched-off one holds takes that row over.
        await tx.insertInto('warning_rules').values({ platform_id: actor.platformId, ...values })
          .onConflict((oc) => oc.columns(['platform_id', 'name']).doUpdateSet(values)).execute();
      }
    }
    await audit(tx, { platformId: actor.platformId, actor, action: 'warnings.rules_update', targetType: 'warning_rules', details: { before, after: rules }, at: now });
  });
  return loadRules(db, actor.platformId);
}
