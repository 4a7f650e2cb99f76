// Files of a knowledge article (a scanned notice, a form to fill in). The bytes go to the same file
// store as ticket attachments, with the same type check and size limit; the rows are the article's
// own (knowledge_attachments), so the rules of ticket attachments stay untouched. Files are not
// versioned with the text: an editor of the article's unit adds or removes them directly, which is
// audited; readers of the article see them.
import type { Readable } from 'node:stream';
import type { Actor } from '../../domain/actor.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';
import { storeCheckedFile } from '../attachments/attachments.js';
import type { FileStore } from '../attachments/storage.js';
import { getArticle, mayEdit, type AttachmentFacts } from './articles.js';

/** Files per article. */
export const MAX_FILES_PER_ARTICLE = 10;

async function requireEditable(db: Db, actor: Actor, articleId: number, now: Date) {
  const article = await getArticle(db, actor, articleId, now);
  if (!mayEdit(actor) || !article.editable) throw forbidden('修改该知识库文章的附件');
  return article;
}

/** The checks before the upload is read: nothing is stored for a caller who may not add. */
export async function checkMayAttachToArticle(db: Db, actor: Actor, articleId: number, now: Date): Promise<void> {
  await requireEditable(db, actor, articleId, now);
}

export async function addArticleFile(deps: { db: Db; files: FileStore }, actor: Actor, articleId: number, input: { fileName: string; declaredType?: string; bytes: Uint8Array }, now: Date): Promise<AttachmentFacts> {
  return storeCheckedFile(deps, actor.platformId, input, now, ({ fileName, contentType, sha256, key }) =>
    deps.db.transaction().execute(async (tx) => {
      // Lock the article so two uploads cannot both take the last place.
      await tx.selectFrom('knowledge_articles').select('id').where('id', '=', articleId).forUpdate().executeTakeFirst();
      await requireEditable(tx, actor, articleId, now);
      const { count } = await tx.selectFrom('knowledge_attachments').select((eb) => eb.fn.countAll<string>().as('count')).where('article_id', '=', articleId).executeTakeFirstOrThrow();
      if (Number(count) >= MAX_FILES_PER_ARTICLE) throw new AppError(409, 'too_many_attachments', `每篇文章最多 ${MAX_FILES_PER_ARTICLE} 个附件`, `At most ${MAX_FILES_PER_ARTICLE} files per article`);
      const row = await tx.insertInto('knowledge_attachments').values({
        platform_id: actor.platformId, article_id: articleId, storage_key: key, file_name: fileName, content_type: contentType,
        size: input.bytes.length, sha256, uploaded_by: actor.userId, created_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(tx, { platformId: actor.platformId, actor, action: 'knowledge.attach', targetType: 'knowledge_article', targetId: articleId, details: { attachmentId: row.id, fileName, size: row.size, sha256 }, at: now });
      return { id: row.id, fileName: row.file_name, contentType: row.content_type, size: row.size, createdAt: row.created_at.toISOString() };
    }));
}

export async function removeArticleFile(deps: { db: Db; files: FileStore }, actor: Actor, articleId: number, attachmentId: number, now: Date): Promise<void> {
  const key = await deps.db.transaction().execute(async (tx) => {
    await requireEditable(tx, actor, articleId, now);
    const row = await tx.deleteFrom('knowledge_attachments').where('id', '=', attachmentId).where('article_id', '=', articleId).returning(['storage_key', 'file_name']).executeTakeFirst();
    if (!row) throw notFound('附件', 'attachment');
    await audit(tx, { platformId: actor.platformId, actor, action: 'knowledge.detach', targetType: 'knowledge_article', targetId: articleId, details: { attachmentId, fileName: row.file_name }, at: now });
    return row.storage_key;
  });
  // After the commit: a failed delete leaves an orphan file, never a row without its file.
  await deps.files.delete(key).catch(() => undefined);
}

/** A file's bytes; the route has checked first that the caller may read the article. */
export async function openArticleFile(deps: { db: Db; files: FileStore }, articleId: number, attachmentId: number, platformId: number): Promise<{ fileName: string; contentType: string; size: number; sha256: string; stream: Readable }> {
  const row = await deps.db.selectFrom('knowledge_attachments').selectAll().where('id', '=', attachmentId).where('article_id', '=', articleId).where('platform_id', '=', platformId).executeTakeFirst();
  if (!row) throw notFound('附件', 'attachment');
  const stream = await deps.files.get(row.storage_key);
  if (!stream) throw new AppError(404, 'file_missing', '附件文件已丢失，请联系管理员', 'The attachment\'s file is missing from the store; tell an administrator');
  return { fileName: row.file_name, contentType: row.content_type, size: row.size, sha256: row.sha256, stream };
}
