// Knowledge articles (DOMAIN.md §8): policies, procedures, unit duties and FAQs owned by units,
// reviewed by the hotline office before intake and citizens see them.
//
// Workflow. An article is written as a draft (草稿) by its unit, submitted (待审核), and approved
// (已发布) or rejected back to draft with a reason. Every row keeps two copies: the working copy its
// unit edits and the live copy last approved (live_*). Approval copies the working copy over the
// live one; editing a published article turns it back into a draft that must be reviewed again,
// while the live text stays what intake and citizens read. Search only ever reads the live copy.
//
// Who. Editors (handler, unit_admin, reviewer, admin) change articles of units in their own subtree;
// the hotline office reviews: a reviewer or admin at the platform's root unit. Everyone on the
// console reads live articles of every unit, and working copies within their subtree. Every change
// is written to the audit log in its transaction.
import { sql } from 'kysely';
import { hasRole, type Actor } from '../../domain/actor.js';
import { localDate } from '../../domain/calendar/index.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import type { Db } from '../../db/connection.js';
import type { KnowledgeArticlesTable } from '../../db/schema.js';
import { requireUnitInScope, subtreePattern } from '../../db/scope.js';
import type { Selectable } from 'kysely';
import { audit } from '../audit.js';
import { atPlatformRoot } from '../tickets/context.js';
import { tokenizerFor } from '../text/tokenizer.js';
import { articleWords, tokensExpr } from './tokens.js';

export const ARTICLE_KINDS = ['policy', 'guide', 'duty', 'faq'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];
export const ARTICLE_KIND_LABELS: Record<ArticleKind, string> = { policy: '政策', guide: '办事指南', duty: '部门职责', faq: '常见问答' };
export const ARTICLE_STATUSES = ['draft', 'submitted', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const EDITOR_ROLES: readonly Role[] = ['handler', 'unit_admin', 'reviewer', 'admin'];
export const REVIEWER_ROLES: readonly Role[] = ['reviewer', 'admin'];

type Row = Selectable<KnowledgeArticlesTable>;

export const mayEdit = (actor: Actor): boolean => hasRole(actor, ...EDITOR_ROLES);
export const mayReview = (actor: Actor): boolean => hasRole(actor, ...REVIEWER_ROLES) && atPlatformRoot(actor);

export interface ArticleInput {
  unitId?: number;
  subjectId?: number | null;
  kind: ArticleKind;
  title: string;
  body: string;
  keywords?: string[];
  validFrom?: string | null;
  validTo?: string | null;
}

export interface LiveCopy {
  title: string;
  body: string;
  kind: ArticleKind;
  subjectId: number | null;
  subjectName: string | null;
  keywords: string[];
  validFrom: string | null;
  validTo: string | null;
  publishedAt: string;
  revision: number;
  /** Within its validity today (Asia/Shanghai). */
  valid: boolean;
}

export interface AttachmentFacts {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface ArticleView {
  id: number;
  unitId: number;
  unitName: string;
  subjectId: number | null;
  subjectName: string | null;
  kind: ArticleKind;
  kindLabel: string;
  title: string;
  body: string;
  keywords: string[];
  validFrom: string | null;
  validTo: string | null;
  status: ArticleStatus;
  /** The reviewer's reason of the last rejection, until the article is submitted again. */
  rejectReason: string | null;
  submittedAt: string | null;
  version: number;
  updatedAt: string;
  live: LiveCopy | null;
  /** Tickets answered directly from this article (引用次数). */
  citations: number;
  /** The caller may edit / submit it (their unit's subtree, an editor role). */
  editable: boolean;
  /** The caller may approve or reject it (it is submitted and they are the hotline office's reviewer). */
  reviewable: boolean;
  attachments: AttachmentFacts[];
}

const inSubtree = (actor: Actor, unitPath: string): boolean => unitPath.startsWith(actor.unitPath);

export const isValidOn = (day: string, from: string | null, to: string | null): boolean => (from === null || from <= day) && (to === null || to >= day);

function cleanInput(input: ArticleInput): ArticleInput {
  const keywords = [...new Set((input.keywords ?? []).map((k) => k.trim()).filter(Boolean))];
  if (keywords.length > 20) throw fieldError('keywords', '关键词最多 20 个', 'at most 20 keywords');
  if (input.validFrom && input.validTo && input.validTo < input.validFrom) {
    throw fieldError('validTo', '失效日期不能早于生效日期', 'validTo must not be before validFrom');
  }
  return { ...input, title: input.title.trim(), body: input.body.trim(), keywords };
}

async function checkSubject(db: Db, actor: Actor, subjectId: number | null | undefined): Promise<void> {
  if (subjectId == null) return;
  const s = await db.selectFrom('subjects').select('id').where('id', '=', subjectId).where('platform_id', '=', actor.platformId).executeTakeFirst();
  if (!s) throw fieldError('subjectId', '诉求分类不存在', 'no such subject');
}

/** The row and its unit's path, locked for an update; 404 when the caller may not see its working copy. */
async function lockArticle(tx: Db, actor: Actor, id: number): Promise<Row & { unit_path: string }> {
  const row = await tx.selectFrom('knowledge_articles').innerJoin('units', 'units.id', 'knowledge_articles.unit_id')
    .selectAll('knowledge_articles').select('units.path as unit_path')
    .where('knowledge_articles.id', '=', id).where('knowledge_articles.platform_id', '=', actor.platformId)
    .forUpdate('knowledge_articles')
    .executeTakeFirst();
  if (!row) throw notFound('知识库文章', 'article');
  if (!inSubtree(actor, row.unit_path)) {
    // A live article of another unit is visible, but not theirs to change: 403; a draft of theirs is not even there.
    if (row.live_at) throw forbidden('修改其他单位的知识库文章');
    throw notFound('知识库文章', 'article');
  }
  return row;
}

function checkVersion(row: Row, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.version) {
    throw new AppError(409, 'version_conflict', `文章已被他人更新（当前版本 ${row.version}），请刷新后重试`,
      `The article has changed (now version ${row.version}); reload and retry`, undefined, { version: row.version });
  }
}

export async function createArticle(db: Db, actor: Actor, raw: ArticleInput, now: Date): Promise<ArticleView> {
  if (!mayEdit(actor)) throw forbidden('编写知识库文章（承办人、单位联络员、审核员、管理员）');
  const input = cleanInput(raw);
  const unit = await requireUnitInScope(db, actor, input.unitId ?? actor.unitId);
  await checkSubject(db, actor, input.subjectId);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('knowledge_articles').values({
      platform_id: actor.platformId, unit_id: unit.id, subject_id: input.subjectId ?? null, kind: input.kind, title: input.title, body: input.body,
      keywords: input.keywords ?? [], valid_from: input.validFrom ?? null, valid_to: input.validTo ?? null, status: 'draft',
      created_by: actor.userId, created_at: now, updated_by: actor.userId, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { platformId: actor.platformId, actor, action: 'knowledge.create', targetType: 'knowledge_article', targetId: row.id, details: { title: input.title, unitId: unit.id }, at: now });
    return row.id;
  });
  return getArticle(db, actor, id, now);
}

/**
 * Changes the working copy. A published article becomes a draft again (a pending revision) while
 * its live copy stays; a submitted one cannot change under its reviewer's eyes (409).
 */
export async function updateArticle(db: Db, actor: Actor, id: number, raw: ArticleInput & { version?: number }, now: Date): Promise<ArticleView> {
  if (!mayEdit(actor)) throw forbidden('修改知识库文章');
  const input = cleanInput(raw);
  await checkSubject(db, actor, input.subjectId);
  await db.transaction().execute(async (tx) => {
    const row = await lockArticle(tx, actor, id);
    checkVersion(row, raw.version);
    if (row.status === 'submitted') throw conflict('文章正在审核中，审核完成前不能修改', 'The article is being reviewed; it cannot change until the review is done', 'invalid_state');
    let unitId = row.unit_id;
    if (input.unitId !== undefined && input.unitId !== row.unit_id) unitId = (await requireUnitInScope(tx, actor, input.unitId)).id;
    await tx.updateTable('knowledge_articles').set({
      unit_id: unitId, subject_id: input.subjectId ?? null, kind: input.kind, title: input.title, body: input.body, keywords: input.keywords ?? [],
      valid_from: input.validFrom ?? null, valid_to: input.validTo ?? null, status: 'draft',
      version: sql`version + 1`, updated_by: actor.userId, updated_at: now,
    }).where('id', '=', id).execute();
    await audit(tx, {
      platformId: actor.platformId, actor, action: 'knowledge.update', targetType: 'knowledge_article', targetId: id,
      details: { before: { title: row.title, status: row.status, unitId: row.unit_id, validFrom: row.valid_from, validTo: row.valid_to }, title: input.title },
      at: now,
    });
  });
  return getArticle(db, actor, id, now);
}

export async function submitArticle(db: Db, actor: Actor, id: number, version: number | undefined, now: Date): Promise<ArticleView> {
  if (!mayEdit(actor)) throw forbidden('提交知识库文章');
  await db.transaction().execute(async (tx) => {
    const row = await lockArticle(tx, actor, id);
    checkVersion(row, version);
    if (row.status !== 'draft') {
      throw conflict(row.status === 'submitted' ? '文章已提交，正在等待审核' : '文章没有待审核的修改', row.status === 'submitted' ? 'Already submitted' : 'Nothing to submit: the article is published as it is', 'invalid_state');
    }
    await tx.updateTable('knowledge_articles').set({
      status: 'submitted', reject_reason: null, submitted_at: now, submitted_by: actor.userId, version: sql`version + 1`, updated_at: now, updated_by: actor.userId,
    }).where('id', '=', id).execute();
    await audit(tx, { platformId: actor.platformId, actor, action: 'knowledge.submit', targetType: 'knowledge_article', targetId: id, details: { title: row.title }, at: now });
  });
  return getArticle(db, actor, id, now);
}

export interface ReviewArticleInput {
  approve: boolean;
  reason?: string | null;
  version?: number;
}

/** Approve (the working copy goes live, its words indexed) or reject with a reason (back to draft). */
export async function reviewArticle(db: Db, actor: Actor, id: number, input: ReviewArticleInput, now: Date): Promise<ArticleView> {
  if (!mayReview(actor)) throw forbidden('审核发布知识库文章（热线平台的审核员或管理员）');
  const reason = input.reason?.trim() ?? '';
  if (!input.approve && !reason) throw fieldError('reason', '退回须填写原因', 'a reason is required to reject');
  const tokenizer = input.approve ? await tokenizerFor(db, actor.platformId) : null;
  await db.transaction().execute(async (tx) => {
    const row = await lockArticle(tx, actor, id);
    checkVersion(row, input.version);
    if (row.status !== 'submitted') throw conflict('文章不在待审核状态', 'The article is not awaiting review', 'invalid_state');
    if (tokenizer) {
      const w = articleWords(tokenizer, { title: row.title, keywords: row.keywords, body: row.body });
      await tx.updateTable('knowledge_articles').set({
        status: 'published', reject_reason: null,
        live_title: row.title, live_body: row.body, live_kind: row.kind, live_subject_id: row.subject_id, live_keywords: row.keywords,
        live_valid_from: row.valid_from, live_valid_to: row.valid_to, live_at: now, live_by: actor.userId, live_revision: sql`live_revision + 1`,
        search_tokens: tokensExpr(w.title, w.keywords, w.body) as never,
        version: sql`version + 1`, updated_at: now,
      }).where('id', '=', id).execute();
    } else {
      await tx.updateTable('knowledge_articles').set({ status: 'draft', reject_reason: reason, version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
    }
    await audit(tx, {
      platformId: actor.platformId, actor, action: input.approve ? 'knowledge.publish' : 'knowledge.reject', targetType: 'knowledge_article', targetId: id,
      details: { title: row.title, ...(input.approve ? { revision: row.live_revision + 1 } : { reason }) }, at: now,
    });
  });
  return getArticle(db, actor, id, now);
}

/** 引用次数 of some articles: tickets answered from each (partial index tickets_knowledge_article_idx). */
export async function citationCounts(db: Db, platformId: number, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tickets').select(['knowledge_article_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('platform_id', '=', platformId).where('knowledge_article_id', 'in', [...ids]).groupBy('knowledge_article_id').execute();
  return new Map(rows.map((r) => [Number(r.knowledge_article_id), Number(r.n)]));
}

type ListRow = Row & { unit_name: string; unit_path: string; subject_name: string | null; live_subject_name: string | null };

function toView(actor: Actor, r: ListRow, day: string, citations: number, attachments: AttachmentFacts[]): ArticleView {
  const own = inSubtree(actor, r.unit_path);
  const live: LiveCopy | null = r.live_at ? {
    title: r.live_title!, body: r.live_body!, kind: r.live_kind as ArticleKind, subjectId: r.live_subject_id, subjectName: r.live_subject_name,
    keywords: r.live_keywords ?? [], validFrom: r.live_valid_from, validTo: r.live_valid_to, publishedAt: r.live_at.toISOString(), revision: r.live_revision,
    valid: isValidOn(day, r.live_valid_from, r.live_valid_to),
  } : null;
  // Someone outside the owning subtree sees the live copy only, never a draft or a rejection.
  const shown = own || !live ? {
    subjectId: r.subject_id, subjectName: r.subject_name, kind: r.kind as ArticleKind, title: r.title, body: r.body, keywords: r.keywords,
    validFrom: r.valid_from, validTo: r.valid_to, status: r.status as ArticleStatus, rejectReason: r.reject_reason, submittedAt: r.submitted_at?.toISOString() ?? null,
  } : {
    subjectId: live.subjectId, subjectName: live.subjectName, kind: live.kind, title: live.title, body: live.body, keywords: live.keywords,
    validFrom: live.validFrom, validTo: live.validTo, status: 'published' as const, rejectReason: null, submittedAt: null,
  };
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, ...shown, kindLabel: ARTICLE_KIND_LABELS[shown.kind],
    version: r.version, updatedAt: r.updated_at.toISOString(), live, citations,
    editable: own && mayEdit(actor) && r.status !== 'submitted', reviewable: r.status === 'submitted' && mayReview(actor), attachments,
  };
}

function baseQuery(db: Db, actor: Actor) {
  return db.selectFrom('knowledge_articles as a')
    .innerJoin('units', 'units.id', 'a.unit_id')
    .leftJoin('subjects as s', 's.id', 'a.subject_id')
    .leftJoin('subjects as ls', 'ls.id', 'a.live_subject_id')
    .selectAll('a')
    .select(['units.name as unit_name', 'units.path as unit_path', 's.name as subject_name', 'ls.name as live_subject_name'])
    .where('a.platform_id', '=', actor.platformId)
    // Live articles of every unit, working copies of the caller's subtree.
    .where((eb) => eb.or([eb('a.live_at', 'is not', null), eb('units.path', 'like', subtreePattern(actor.unitPath))]));
}

export async function getArticle(db: Db, actor: Actor, id: number, now: Date): Promise<ArticleView> {
  const r = await baseQuery(db, actor).where('a.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('知识库文章', 'article');
  const [counts, files] = await Promise.all([
    citationCounts(db, actor.platformId, [id]),
    db.selectFrom('knowledge_attachments').select(['id', 'file_name', 'content_type', 'size', 'created_at']).where('article_id', '=', id).orderBy('id').execute(),
  ]);
  return toView(actor, r as ListRow, localDate(now), counts.get(id) ?? 0, files.map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size, createdAt: f.created_at.toISOString() })));
}

export interface ArticleFilter {
  q?: string;
  status?: ArticleStatus;
  unitId?: number;
  subjectId?: number;
  /** Only articles whose working copy the caller may change (their subtree). */
  mine?: boolean;
  page: number;
  pageSize: number;
}

/**
 * The console's list: newest changes first, paged. `q` matches the live words (the index) or the
 * working title, so an editor finds a draft by its title and anyone finds a published article.
 */
export async function listArticles(db: Db, actor: Actor, f: ArticleFilter, now: Date, words: string[] = []): Promise<{ total: number; items: ArticleView[] }> {
  let q = baseQuery(db, actor);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.unitId) q = q.where('a.unit_id', '=', f.unitId);
  if (f.subjectId) q = q.where((eb) => eb.or([eb('a.subject_id', '=', f.subjectId!), eb('a.live_subject_id', '=', f.subjectId!)]));
  if (f.mine) q = q.where('units.path', 'like', subtreePattern(actor.unitPath));
  const text = f.q?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const tsq = words.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ');
    q = q.where((eb) => eb.or([
      eb('a.title', 'ilike', like),
      ...(tsq ? [sql<boolean>`a.search_tokens @@ to_tsquery('simple', ${tsq})`] : []),
    ]));
  }
  const [{ total }, rows] = await Promise.all([
    q.clearSelect().select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
  ]);
  const counts = await citationCounts(db, actor.platformId, rows.map((r) => r.id));
  const day = localDate(now);
  return { total: Number(total), items: rows.map((r) => toView(actor, r as ListRow, day, counts.get(r.id) ?? 0, [])) };
}

/**
 * A direct answer at intake may name the article it was read from: it must exist on the platform,
 * be published and within its validity today, else 400 naming articleId.
 */
export async function requireCitableArticle(db: Db, platformId: number, articleId: number, now: Date): Promise<void> {
  const row = await db.selectFrom('knowledge_articles').select(['live_at', 'live_valid_from', 'live_valid_to'])
    .where('id', '=', articleId).where('platform_id', '=', platformId).executeTakeFirst();
  if (!row) throw fieldError('articleId', '知识库文章不存在', 'no such knowledge article');
  if (!row.live_at) throw fieldError('articleId', '该知识库文章尚未发布，不能作为答复依据', 'the article is not published');
  if (!isValidOn(localDate(now), row.live_valid_from, row.live_valid_to)) throw fieldError('articleId', '该知识库文章不在有效期内', 'the article is outside its validity dates');
}
