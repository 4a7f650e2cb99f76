// 督办通报: a supervisor publishes a notice about units' handling over a period (DOMAIN.md §2: the
// supervisor "publishes notices"). It names the units concerned; the hotline office reads every
// notice, a unit reads the notices naming it or a unit below it. Published, never edited.
import { sql } from 'kysely';
import { hasRole, type Actor } from '../../domain/actor.js';
import { fieldError, forbidden } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { escapeLike } from '../../db/like.js';
import { requireUnitInScope, subtreePattern } from '../../db/scope.js';
import { audit } from '../audit.js';
import { atPlatformRoot } from '../tickets/context.js';
import type { NoticePage, NoticeView } from './types.js';

export interface NoticeInput {
  title: string;
  body: string;
  unitIds: number[];
  periodFrom: string;
  periodTo: string;
}

/** Supervisors publish; the units named must lie in their scope. */
export const mayPublishNotice = (actor: Actor): boolean => hasRole(actor, 'supervisor');

export async function publishNotice(db: Db, actor: Actor, input: NoticeInput, now: Date): Promise<NoticeView> {
  if (!mayPublishNotice(actor)) throw forbidden('发布督办通报');
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) throw fieldError('title', '请填写通报标题', 'the title is required');
  if (!body) throw fieldError('body', '请填写通报内容', 'the body is required');
  if (input.periodTo < input.periodFrom) throw fieldError('periodTo', '通报期间的结束日期不能早于开始日期', 'the period ends before it starts');
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length === 0) throw fieldError('unitIds', '请选择被通报的单位', 'name at least one unit');
  const units = await db.selectFrom('units').select(['id', 'name', 'path']).where('platform_id', '=', actor.platformId).where('id', 'in', unitIds).execute();
  const stray = unitIds.filter((id) => !units.some((u) => u.id === id && u.path.startsWith(actor.unitPath)));
  if (stray.length > 0) throw fieldError('unitIds', '所选单位不存在或不在您的管辖范围内', `units ${stray.join(', ')} do not exist or are outside your scope`);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('supervision_notices').values({
      platform_id: actor.platformId, title, body, period_from: input.periodFrom, period_to: input.periodTo,
      published_by: actor.userId, published_unit_id: actor.unitId, published_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('supervision_notice_units').values(unitIds.map((unitId) => ({ platform_id: actor.platformId, notice_id: row.id, unit_id: unitId }))).execute();
    await audit(tx, {
      platformId: actor.platformId, actor, action: 'supervision.notice_publish', targetType: 'supervision_notice', targetId: row.id,
      details: { title, unitIds, periodFrom: input.periodFrom, periodTo: input.periodTo }, at: now,
    });
    return row.id;
  });
  const [notice] = await noticesByIds(db, [id]);
  return notice!;
}

export interface NoticeFilter {
  /** Notices naming this unit or a unit below it (in the caller's scope). */
  unitId?: number;
  /** Text in the title or body. */
  q?: string;
  page: number;
  pageSize: number;
}

export async function listNotices(db: Db, actor: Actor, f: NoticeFilter): Promise<NoticePage> {
  let q = db.selectFrom('supervision_notices as n').where('n.platform_id', '=', actor.platformId);
  const naming = (path: string) => sql<boolean>`exists (select 1 from supervision_notice_units nu join units nuu on nuu.id = nu.unit_id
    where nu.notice_id = n.id and nuu.platform_id = ${actor.platformId} and nuu.path like ${subtreePattern(path)})`;
  if (!atPlatformRoot(actor)) q = q.where(naming(actor.unitPath));
  if (f.unitId !== undefined) q = q.where(naming((await requireUnitInScope(db, actor, f.unitId)).path));
  const text = f.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    q = q.where((eb) => eb.or([eb('n.title', 'ilike', like), eb('n.body', 'ilike', like)]));
  }
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q.select('n.id').orderBy('n.published_at', 'desc').orderBy('n.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
  ]);
  return { items: await noticesByIds(db, rows.map((r) => r.id)), total: Number(total), page: f.page, pageSize: f.pageSize };
}

/** Notices with their units' and publisher's names, in the order of `ids`. */
async function noticesByIds(db: Db, ids: number[]): Promise<NoticeView[]> {
  if (ids.length === 0) return [];
  const [rows, named] = await Promise.all([
    db.selectFrom('supervision_notices as n')
      .leftJoin('users as p', 'p.id', 'n.published_by')
      .leftJoin('units as pu', 'pu.id', 'n.published_unit_id')
      .select(['n.id', 'n.title', 'n.body', 'n.period_from', 'n.period_to', 'n.published_at', 'p.display_name', 'pu.name as unit_name'])
      .where('n.id', 'in', ids).execute(),
    db.selectFrom('supervision_notice_units as nu').innerJoin('units as u', 'u.id', 'nu.unit_id')
      .select(['nu.notice_id', 'u.id', 'u.name']).where('nu.notice_id', 'in', ids).orderBy('u.path').execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{
      id: r.id, title: r.title, body: r.body, periodFrom: r.period_from, periodTo: r.period_to,
      units: named.filter((u) => u.notice_id === id).map((u) => ({ id: u.id, name: u.name })),
      publishedAt: r.published_at.toISOString(), publishedByName: r.display_name, publishedUnitName: r.unit_name,
    }];
  });
}
