// SLA policies 时限策略: configuration as data. A new platform starts with DOMAIN.md §7's defaults;
// administrators of the hotline office list, add, edit and disable them, each change audited.
//
// What a change reaches: an assignment snapshots its sign, reply, return-window and extension
// limits from the policy when it is dispatched, so edits apply to dispatches from then on; the
// review and visit limits and the warn share are read when those steps start. Policies are never
// deleted (tickets keep the id of the policy they were dispatched under): they are disabled.
import type { Insertable } from 'kysely';
import { hasRole, type Actor } from '../domain/actor.js';
import { conflict, forbidden, invalid, notFound, type FieldError } from '../domain/errors.js';
import { DEFAULT_POLICIES, WORKING_DAY } from '../domain/sla/policy.js';
import type { Db } from '../db/connection.js';
import type { SlaPoliciesTable, SlaPolicy } from '../db/schema.js';
import { audit, beforeValues } from './audit.js';

/** Idempotent: only adds the default policies a platform lacks (by name). */
export async function seedDefaultPolicies(db: Db, platformId: number, now: Date): Promise<number> {
  const subjects = await db.selectFrom('subjects').select(['id', 'name']).where('platform_id', '=', platformId).where('level', '=', 2).execute();
  const rows = DEFAULT_POLICIES.flatMap((p): Insertable<SlaPoliciesTable>[] => {
    const base = {
      platform_id: platformId, priority: p.priority, match_type: p.type ?? null, match_urgency: p.urgency ?? null,
      sign_minutes: p.sign.minutes, sign_clock: p.sign.clock, reply_minutes: p.reply.minutes, reply_clock: p.reply.clock, created_at: now, updated_at: now,
    };
    if (!p.subjects) return [{ ...base, name: p.name, match_subject_id: null }];
    // One policy per subject node (水电气热: 供水, 供电, 燃气, 供热), named after both.
    return subjects.filter((s) => p.subjects!.includes(s.name)).map((s) => ({ ...base, name: `${p.name}·${s.name}`, match_subject_id: s.id }));
  });
  if (rows.length === 0) return 0;
  const inserted = await db.insertInto('sla_policies').values(rows)
    .onConflict((oc) => oc.columns(['platform_id', 'name']).doNothing()).returning('id').execute();
  return inserted.length;
}

// ── Administration ────────────────────────────────────────────────────────────────────────────

/**
 * Time limits bind every unit of the platform, so only its administrators at the root change
 * them (a district's second-level platform works to the city's limits). Everyone signed in reads.
 */
export const canEditSlaPolicies = (a: Actor): boolean => hasRole(a, 'admin') && /^\/\d+\/$/.test(a.unitPath);

export interface LimitInput {
  minutes: number;
  /** Wall-clock minutes (urgent limits) instead of working minutes. */
  clock: boolean;
}

/** A policy's own values: limits in minutes, working minutes (450 = one working day) unless `clock`. */
export interface SlaPolicyValues {
  name: string;
  priority: number;
  matchType: string | null;
  matchUrgency: string | null;
  matchSubjectId: number | null;
  sign: LimitInput;
  reply: LimitInput;
  reviewMinutes: number;
  visitMinutes: number;
  returnWindowMinutes: number;
  extensionMaxMinutes: number;
  extensionMaxCount: number;
  warnShare: number;
  active: boolean;
}

export type SlaPolicyInput = Pick<SlaPolicyValues, 'name' | 'sign' | 'reply'> & Partial<Omit<SlaPolicyValues, 'name' | 'sign' | 'reply'>>;
export type SlaPolicyUpdate = Partial<SlaPolicyValues>;

export interface SlaPolicyView extends SlaPolicyValues {
  id: number;
  matchSubjectName: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = SlaPolicy & { subject_name: string | null };

const toValues = (r: SlaPolicy): SlaPolicyValues => ({
  name: r.name, priority: r.priority, matchType: r.match_type, matchUrgency: r.match_urgency, matchSubjectId: r.match_subject_id,
  sign: { minutes: r.sign_minutes, clock: r.sign_clock }, reply: { minutes: r.reply_minutes, clock: r.reply_clock },
  reviewMinutes: r.review_minutes, visitMinutes: r.visit_minutes, returnWindowMinutes: r.return_window_minutes,
  extensionMaxMinutes: r.extension_max_minutes, extensionMaxCount: r.extension_max_count, warnShare: Number(r.warn_share), active: r.active,
});

const toView = (r: Row): SlaPolicyView => ({
  id: r.id, ...toValues(r), matchSubjectName: r.subject_name, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

const toColumns = (v: SlaPolicyValues) => ({
  name: v.name, priority: v.priority, match_type: v.matchType, match_urgency: v.matchUrgency, match_subject_id: v.matchSubjectId,
  sign_minutes: v.sign.minutes, sign_clock: v.sign.clock, reply_minutes: v.reply.minutes, reply_clock: v.reply.clock,
  review_minutes: v.reviewMinutes, visit_minutes: v.visitMinutes, return_window_minutes: v.returnWindowMinutes,
  extension_max_minutes: v.extensionMaxMinutes, extension_max_count: v.extensionMaxCount, warn_share: v.warnShare, active: v.active,
});

const selectPolicies = (db: Db, platformId: number) => db.selectFrom('sla_policies as p')
  .leftJoin('subjects as s', 's.id', 'p.match_subject_id')
  .selectAll('p').select('s.name as subject_name')
  .where('p.platform_id', '=', platformId);

/** Every policy of the platform in the order they are tried: priority, then id. */
export async function listSlaPolicies(db: Db, actor: Actor): Promise<SlaPolicyView[]> {
  const rows = await selectPolicies(db, actor.platformId).orderBy('p.priority').orderBy('p.id').execute();
  return rows.map(toView);
}

async function getPolicy(db: Db, platformId: number, id: number): Promise<SlaPolicyView> {
  const row = await selectPolicies(db, platformId).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('时限策略', 'SLA policy');
  return toView(row);
}

/** The largest limit accepted: 60 working days, or 60 days on the clock. */
const MAX_MINUTES = 60 * 24 * 60;

const fe = (field: string, message: string, message_en: string): FieldError => ({ field, message, message_en });

/** Checks a policy's values and references; `fresh` names the fields given in this request. */
async function checkPolicy(db: Db, platformId: number, v: SlaPolicyValues, fresh: ReadonlySet<string>, selfId?: number): Promise<FieldError[]> {
  const fields: FieldError[] = [];
  const name = v.name.trim();
  if (name.length < 1 || name.length > 60) fields.push(fe('name', '名称须为 1–60 个字符', 'name: 1–60 characters'));
  if (!Number.isInteger(v.priority) || v.priority < 0 || v.priority > 100_000) fields.push(fe('priority', '优先级须为 0–100000 的整数', 'priority: an integer 0–100000'));
  const limit = (field: string, minutes: number, min: number) => {
    if (!Number.isInteger(minutes) || minutes < min || minutes > MAX_MINUTES) {
      fields.push(fe(field, `须为 ${min}–${MAX_MINUTES} 的整数（分钟）`, `an integer number of minutes, ${min}–${MAX_MINUTES}`));
    }
  };
  limit('sign.minutes', v.sign.minutes, 1);
  limit('reply.minutes', v.reply.minutes, 1);
  limit('reviewMinutes', v.reviewMinutes, 1);
  limit('visitMinutes', v.visitMinutes, 1);
  limit('returnWindowMinutes', v.returnWindowMinutes, 0);
  limit('extensionMaxMinutes', v.extensionMaxMinutes, 0);
  // Extensions are asked and granted in whole working days.
  if (v.extensionMaxMinutes % WORKING_DAY !== 0) {
    fields.push(fe('extensionMaxMinutes', `须为整数个工作日（${WORKING_DAY} 分钟的倍数）`, `whole working days (a multiple of ${WORKING_DAY} minutes)`));
  }
  if (!Number.isInteger(v.extensionMaxCount) || v.extensionMaxCount < 0 || v.extensionMaxCount > 10) {
    fields.push(fe('extensionMaxCount', '延期次数须为 0–10 的整数', 'extensionMaxCount: an integer 0–10'));
  }
  if (!(v.warnShare > 0 && v.warnShare < 1) || Math.round(v.warnShare * 1000) !== v.warnShare * 1000) {
    fields.push(fe('warnShare', '预警比例须大于 0 小于 1，最多三位小数（如 0.75）', 'warnShare: above 0, below 1, at most 3 decimals (e.g. 0.75)'));
  }
  const [type, urgency, subject, sameName] = await Promise.all([
    v.matchType === null ? null : db.selectFrom('ticket_types').select(['code', 'active']).where('platform_id', '=', platformId).where('code', '=', v.matchType).executeTakeFirst(),
    v.matchUrgency === null ? null : db.selectFrom('urgency_levels').select(['code', 'active']).where('platform_id', '=', platformId).where('code', '=', v.matchUrgency).executeTakeFirst(),
    v.matchSubjectId === null ? null : db.selectFrom('subjects').select(['id', 'name', 'active']).where('platform_id', '=', platformId).where('id', '=', v.matchSubjectId).executeTakeFirst(),
    db.selectFrom('sla_policies').select('id').where('platform_id', '=', platformId).where('name', '=', name).$if(selfId !== undefined, (q) => q.where('id', '<>', selfId!)).executeTakeFirst(),
  ]);
  if (v.matchType !== null && !type) fields.push(fe('matchType', `诉求类型“${v.matchType}”不存在`, `unknown ticket type "${v.matchType}"`));
  if (v.matchUrgency !== null && !urgency) fields.push(fe('matchUrgency', `紧急程度“${v.matchUrgency}”不存在`, `unknown urgency "${v.matchUrgency}"`));
  if (v.matchSubjectId !== null && !subject) fields.push(fe('matchSubjectId', '诉求分类不存在', 'subject not found'));
  else if (subject && !subject.active && fresh.has('matchSubjectId')) fields.push(fe('matchSubjectId', `诉求分类“${subject.name}”已停用`, 'the subject is disabled'));
  if (sameName) fields.push(fe('name', `已有名为“${name}”的时限策略`, `a policy named "${name}" exists`));
  return fields;
}

/**
 * Every ticket must find a policy: one active catch-all (no conditions) has to remain, or dispatch
 * would refuse every ticket no other policy matches.
 */
async function requireCatchAll(db: Db, platformId: number): Promise<void> {
  const row = await db.selectFrom('sla_policies').select('id').where('platform_id', '=', platformId).where('active', '=', true)
    .where('match_type', 'is', null).where('match_urgency', 'is', null).where('match_subject_id', 'is', null).executeTakeFirst();
  if (!row) {
    throw conflict('至少要保留一条启用且不限条件的时限策略（如“默认”），否则部分工单将无法派单',
      'at least one active policy without conditions (such as 默认) must remain, or some tickets could not be dispatched', 'catch_all_required');
  }
}

const requireEditor = (actor: Actor): void => {
  if (!canEditSlaPolicies(actor)) throw forbidden('编辑时限策略');
};

const DEFAULTS = { priority: 100, matchType: null, matchUrgency: null, matchSubjectId: null, reviewMinutes: 450, visitMinutes: 900, returnWindowMinutes: 900,
  extensionMaxMinutes: 4500, extensionMaxCount: 1, warnShare: 0.75, active: true } as const;

export async function createSlaPolicy(db: Db, actor: Actor, input: SlaPolicyInput, now: Date): Promise<SlaPolicyView> {
  requireEditor(actor);
  const values: SlaPolicyValues = { ...DEFAULTS, ...input, name: input.name.trim() };
  return db.transaction().execute(async (tx) => {
    const fields = await checkPolicy(tx, actor.platformId, values, new Set(Object.keys(input)));
    if (fields.length > 0) throw invalid(fields);
    const { id } = await tx.insertInto('sla_policies')
      .values({ platform_id: actor.platformId, ...toColumns(values), created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { platformId: actor.platformId, actor, action: 'sla_policy.create', targetType: 'sla_policy', targetId: id, details: { ...values }, at: now });
    return getPolicy(tx, actor.platformId, id);
  });
}

export async function updateSlaPolicy(db: Db, actor: Actor, id: number, input: SlaPolicyUpdate, now: Date): Promise<SlaPolicyView> {
  requireEditor(actor);
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('sla_policies').selectAll().where('platform_id', '=', actor.platformId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('时限策略', 'SLA policy');
    const current = toValues(row);
    const values: SlaPolicyValues = { ...current, ...input, ...(input.name !== undefined ? { name: input.name.trim() } : {}) };
    const fields = await checkPolicy(tx, actor.platformId, values, new Set(Object.keys(input)), id);
    if (fields.length > 0) throw invalid(fields);
    await tx.updateTable('sla_policies').set({ ...toColumns(values), updated_at: now }).where('id', '=', id).execute();
    await requireCatchAll(tx, actor.platformId);
    await audit(tx, {
      platformId: actor.platformId, actor, action: 'sla_policy.update', targetType: 'sla_policy', targetId: id,
      details: { ...input, before: beforeValues(current as unknown as Record<string, unknown>, input) }, at: now,
    });
    return getPolicy(tx, actor.platformId, id);
  });
}

/** Disabling is an update: the policy stays for the tickets dispatched under it. */
export async function disableSlaPolicy(db: Db, actor: Actor, id: number, now: Date): Promise<SlaPolicyView> {
  return updateSlaPolicy(db, actor, id, { active: false }, now);
}
