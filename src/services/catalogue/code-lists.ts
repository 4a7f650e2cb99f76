// The small code lists: ticket types 诉求类型, channels 来源, urgency levels 紧急程度. Codes are the
// integration contract (English, stable); names are what people read and administrators edit.
import type { Actor } from '../../domain/actor.js';
import { forbidden } from '../../domain/errors.js';
import { canEditCatalogue } from '../../domain/policies/admin.js';
import type { Db } from '../../db/connection.js';
import type { CodeListName } from '../../db/schema.js';
import { audit } from '../audit.js';

export const CODE_LISTS = { types: 'ticket_types', channels: 'channels', urgencies: 'urgency_levels' } as const satisfies Record<string, CodeListName>;
export type CodeListKey = keyof typeof CODE_LISTS;

type Entry = [code: string, name: string, nameEn: string];

export const DEFAULT_CODES: Record<CodeListKey, Entry[]> = {
  types: [
    ['consult', '咨询', 'Consultation'], ['help', '求助', 'Request for help'], ['complaint', '投诉', 'Complaint'],
    ['report', '举报', 'Report of wrongdoing'], ['suggestion', '建议', 'Suggestion'], ['praise', '表扬', 'Praise'], ['other', '其他', 'Other'],
  ],
  channels: [
    ['phone', '12345热线电话', 'Hotline phone'], ['grid', '网格员/信息采集监督员上报', 'Grid worker report'],
    ['province', '省平台流转', 'Province platform transfer'], ['web', '门户网站', 'Web portal'], ['wechat', '微信', 'WeChat'],
    ['weibo', '微博', 'Weibo'], ['email', '邮件', 'Email'], ['app', '市民APP', 'Citizen app'], ['sms', '短信', 'SMS'],
    ['leader', '领导交办', "Leader's assignment"], ['visit', '群众来访', 'Walk-in'], ['department', '部门转办', 'Department transfer'],
    ['open311', 'Open311 接口', 'Open311 API'],
  ],
  urgencies: [['normal', '一般', 'Normal'], ['urgent', '紧急', 'Urgent'], ['critical', '特急', 'Critical']],
};

export interface CodeView {
  code: string;
  name: string;
  nameEn: string;
  sortOrder: number;
  active: boolean;
  /** Types only: the group reports count the type under (seed 000's 市政管理类 …); null: the type's own name. */
  reportGroup?: string | null;
}

/** Report groups of the types (one read, merged into the list). */
async function reportGroups(db: Db, platformId: number): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('ticket_types').select(['code', 'report_group']).where('platform_id', '=', platformId).execute();
  return new Map(rows.map((r) => [r.code, r.report_group]));
}

export async function listCodes(db: Db, platformId: number, list: CodeListKey): Promise<CodeView[]> {
  const rows = await db.selectFrom(CODE_LISTS[list]).select(['code', 'name', 'name_en', 'sort_order', 'active'])
    .where('platform_id', '=', platformId).orderBy('sort_order').orderBy('code').execute();
  const groups = list === 'types' ? await reportGroups(db, platformId) : null;
  return rows.map((r) => ({
    code: r.code, name: r.name, nameEn: r.name_en, sortOrder: r.sort_order, active: r.active,
    ...(groups ? { reportGroup: groups.get(r.code) ?? null } : {}),
  }));
}

export async function seedDefaultCodes(db: Db, platformId: number): Promise<void> {
  for (const [list, entries] of Object.entries(DEFAULT_CODES) as [CodeListKey, Entry[]][]) {
    await db.insertInto(CODE_LISTS[list])
      .values(entries.map(([code, name, nameEn], i) => ({ platform_id: platformId, code, name, name_en: nameEn, sort_order: (i + 1) * 10 })))
      .onConflict((oc) => oc.columns(['platform_id', 'code']).doNothing())
      .execute();
  }
}

export interface CodeInput {
  name: string;
  nameEn: string;
  sortOrder?: number;
  active?: boolean;
  /** Types only; '' or null clears it. */
  reportGroup?: string | null;
}

export async function putCode(db: Db, actor: Actor, list: CodeListKey, code: string, input: CodeInput, now: Date): Promise<CodeView> {
  if (!canEditCatalogue(actor)) throw forbidden('编辑字典');
  return db.transaction().execute(async (tx) => {
    const values = { name: input.name, name_en: input.nameEn, sort_order: input.sortOrder ?? 1000, active: input.active ?? true };
    const row = await tx.insertInto(CODE_LISTS[list])
      .values({ platform_id: actor.platformId, code, ...values })
      .onConflict((oc) => oc.columns(['platform_id', 'code']).doUpdateSet({
        name: input.name, name_en: input.nameEn,
        ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      }))
      .returning(['code', 'name', 'name_en', 'sort_order', 'active'])
      .executeTakeFirstOrThrow();
    let reportGroup: string | null | undefined;
    if (list === 'types') {
      if (input.reportGroup !== undefined) {
        await tx.updateTable('ticket_types').set({ report_group: input.reportGroup?.trim() || null })
          .where('platform_id', '=', actor.platformId).where('code', '=', code).execute();
      }
      reportGroup = (await reportGroups(tx, actor.platformId)).get(code) ?? null;
    }
    await audit(tx, { platformId: actor.platformId, actor, action: `code.${list}.put`, targetType: list, targetId: code, details: { ...input }, at: now });
    return { code: row.code, name: row.name, nameEn: row.name_en, sortOrder: row.sort_order, active: row.active, ...(list === 'types' ? { reportGroup } : {}) };
  });
}
