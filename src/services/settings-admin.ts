// The platform settings an administrator may change without a deploy (configuration is data): each
// with its meaning, its default and its rule. Values are validated here, once, for every caller.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import { buildCalendar, DEFAULT_WORK_HOURS } from '../domain/calendar/index.js';
import { fieldError, forbidden, notFound } from '../domain/errors.js';
import { DEFAULT_LOCKOUT } from '../domain/login-lockout.js';
import { canEditCalendar } from '../domain/policies/admin.js';
import type { Db } from '../db/connection.js';
import { DEFAULT_PERFUNCTORY_BELOW } from '../text/reply-quality.js';
import { audit } from './audit.js';
import { putSetting } from './settings.js';

interface SettingSpec {
  label: string;
  labelEn: string;
  fallback: unknown;
  schema: z.ZodType;
  /** Changing it changes deadlines: the calendar version moves, so the recompute job runs. */
  movesDeadlines?: boolean;
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);

export const SETTINGS: Record<string, SettingSpec> = {
  'tickets.returnLimit': { label: '每件工单最多退单次数（超过须联席研判）', labelEn: 'Returns per ticket before joint adjudication', fallback: 3, schema: z.number().int().min(0).max(20) },
  'tickets.reopenLimit': { label: '每件工单最多重办次数', labelEn: 'Reopens per ticket', fallback: 2, schema: z.number().int().min(0).max(10) },
  'figures.satisfactionBasicWeight': {
    label: '满意率中“基本满意”的权重 k（满意率 =（满意 + k·基本满意）÷ 有效回访）', labelEn: 'Weight k of 基本满意 in the satisfaction rate', fallback: 1,
    schema: z.number().min(0).max(1),
  },
  'figures.compositeWeights': {
    label: '综合满意度权重 [响应率, 解决率, 满意率]（docs/figures.md）', labelEn: 'Weights of the composite: [response, resolution, satisfaction]', fallback: [0.1, 0.5, 0.4],
    schema: z.array(z.number().min(0).max(1)).length(3).refine((w) => Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9, '三项权重之和应为 1 / weights must sum to 1'),
  },
  // H-REPEAT (docs/repeats.md): the duplicate finder's window and the 屡办不成 rule.
  'duplicates.windowDays': { label: '受理时提示可能重复工单的时间范围（天）', labelEn: 'Days back the intake looks for likely duplicates', fallback: 30, schema: z.number().int().min(1).max(365) },
  'repeats.minCount': { label: '屡办不成：同一来电人或同一地点的同一诉求达到几次', labelEn: 'Repeat complaint: tickets of one matter from one caller or place', fallback: 3, schema: z.number().int().min(2).max(50) },
  'repeats.windowDays': { label: '屡办不成：统计的时间范围（天）', labelEn: 'Repeat complaint: within how many days', fallback: 30, schema: z.number().int().min(1).max(365) },
  'repeats.textSimilarity': {
    label: '屡办不成：分类不同时，内容相似度达到多少算同一诉求（0–1）', labelEn: 'Repeat complaint: text similarity that makes one matter when subjects differ', fallback: 0.4,
    schema: z.number().min(0.1).max(1),
  },
  // H-REPLY (docs/reply-quality.md): below this overall score a unit's reply is flagged 疑似敷衍 for the reviewer.
  'replyQuality.perfunctoryBelow': {
    label: '答复质量：综合得分低于多少标为“疑似敷衍”（0–1）', labelEn: 'Reply quality: overall score below which a reply is flagged perfunctory', fallback: DEFAULT_PERFUNCTORY_BELOW,
    schema: z.number().min(0).max(1),
  },
  'attachments.maxBytes': { label: '单个附件大小上限（字节）', labelEn: 'Largest attachment (bytes)', fallback: 20 * 1024 * 1024, schema: z.number().int().min(1024).max(100 * 1024 * 1024) },
  'attachments.maxPerTicket': { label: '每件工单附件数上限', labelEn: 'Attachments per ticket', fallback: 20, schema: z.number().int().min(1).max(100) },
  'auth.lockout': {
    label: '登录失败锁定（次数、锁定分钟）', labelEn: 'Log-in lock-out (failures, minutes)', fallback: DEFAULT_LOCKOUT,
    schema: z.object({ maxFailures: z.number().int().min(3).max(20), lockMinutes: z.number().int().min(1).max(24 * 60) }).strict(),
  },
  'suggest.trainingCap': { label: '推荐模型训练所用的最近办结工单数上限', labelEn: 'Newest closed tickets the suggestion models train on', fallback: 50_000, schema: z.number().int().min(100).max(500_000) },
  'suggest.minClassExamples': { label: '推荐模型中一个类别至少需要的样本数（少于此数的类别不学习）', labelEn: 'Examples a label needs to be learnt', fallback: 3, schema: z.number().int().min(2).max(100) },
  'calendar.workHours': {
    label: '每日工作时段', labelEn: 'Daily working hours', fallback: DEFAULT_WORK_HOURS, movesDeadlines: true,
    schema: z.array(z.object({ start: hhmm, end: hhmm }).strict()).min(1).max(4),
  },
};

export interface SettingView {
  key: string;
  label: string;
  labelEn: string;
  value: unknown;
  defaultValue: unknown;
  isDefault: boolean;
}

const requireAdmin = (actor: Actor) => {
  if (!canEditCalendar(actor) || !/^\/\d+\/$/.test(actor.unitPath)) throw forbidden('修改平台设置');
};

export async function listSettings(db: Db, actor: Actor): Promise<SettingView[]> {
  requireAdmin(actor);
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('platform_id', '=', actor.platformId).execute();
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  return Object.entries(SETTINGS).map(([key, spec]) => ({
    key, label: spec.label, labelEn: spec.labelEn, value: stored.has(key) ? stored.get(key) : spec.fallback, defaultValue: spec.fallback, isDefault: !stored.has(key),
  }));
}

export async function updateSetting(db: Db, actor: Actor, key: string, value: unknown, now: Date): Promise<SettingView> {
  requireAdmin(actor);
  const spec = SETTINGS[key];
  if (!spec) throw notFound('设置项', 'setting');
  const parsed = spec.schema.safeParse(value);
  if (!parsed.success) {
    throw fieldError('value', `取值不符合要求：${parsed.error.issues.map((i) => `${i.path.join('.') || key} ${i.message}`).join('；')}`, `invalid value: ${parsed.error.issues.map((i) => `${i.path.join('.') || key} ${i.message}`).join('; ')}`);
  }
  if (key === 'calendar.workHours') {
    try {
      buildCalendar([], parsed.data as typeof DEFAULT_WORK_HOURS);
    } catch (e) {
      throw fieldError('value', `工作时段无效：${(e as Error).message}`, `invalid working hours: ${(e as Error).message}`);
    }
  }
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('settings').select('value').where('platform_id', '=', actor.platformId).where('key', '=', key).executeTakeFirst();
    await putSetting(tx, actor.platformId, key, parsed.data, now);
    if (spec.movesDeadlines) await tx.updateTable('platforms').set({ calendar_version: sql`calendar_version + 1` }).where('id', '=', actor.platformId).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'setting.update', targetType: 'setting', targetId: key, details: { from: before?.value ?? spec.fallback, to: parsed.data }, at: now });
    return { key, label: spec.label, labelEn: spec.labelEn, value: parsed.data, defaultValue: spec.fallback, isDefault: false };
  });
}
