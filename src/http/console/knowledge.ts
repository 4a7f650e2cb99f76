// The knowledge base on the console (DOMAIN.md §8): intake's suggestions (articles to quote and
// earlier answers), the articles' list, editor and review, their files, the re-index after the
// dictionary changed, and the 智能问答 figures. Rules and scope live in src/services/knowledge/.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, fieldError, forbidden } from '../../domain/errors.js';
import { hasRole } from '../../domain/actor.js';
import { attachmentLimits, tooLarge } from '../../services/attachments/attachments.js';
import {
  ARTICLE_KINDS, ARTICLE_STATUSES, createArticle, getArticle, listArticles, reviewArticle, submitArticle, updateArticle,
} from '../../services/knowledge/articles.js';
import { askFigures } from '../../services/knowledge/ask.js';
import { addArticleFile, checkMayAttachToArticle, openArticleFile, removeArticleFile } from '../../services/knowledge/attachments.js';
import { intakeKnowledge } from '../../services/knowledge/search.js';
import { queryWords, reindexArticles } from '../../services/knowledge/tokens.js';
import type { AppDeps } from '../deps.js';
import { errorSchema, errors, idParams, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';
import { contentDisposition } from '../tickets/attachments.js';

const hitSchema = z.object({
  kind: z.enum(['ticket']).describe('an earlier ticket'),
  ticketId: z.number(), number: z.string(), title: z.string(), subjectId: z.number().nullable(), subjectName: z.string().nullable(),
  source: z.enum(['answer', 'reply']).describe('answer: answered at the front desk; reply: the primary unit\'s approved reply'),
  unitName: z.string().nullable().describe('the unit that replied; null for a direct answer'),
  answer: z.string().describe('the answer, up to 2,000 characters'),
  snippet: z.string().describe('about 120 characters around the first match'),
  answeredAt: z.string().nullable(), score: z.number().describe('tokens matched'),
});

export const articleHitSchema = z.object({
  id: z.number(), title: z.string(), kind: z.enum(ARTICLE_KINDS), kindLabel: z.string(), unitId: z.number(), unitName: z.string().describe('the owning unit'),
  subjectId: z.number().nullable(), subjectName: z.string().nullable(), validFrom: z.string().nullable(), validTo: z.string().nullable(), publishedAt: z.string(),
  snippet: z.string().describe('about 120 characters of the body around the first matched word'),
  matched: z.array(z.string()).describe('the query\'s words the article holds (to highlight)'),
});
const intakeArticleSchema = articleHitSchema.extend({
  via: z.enum(['words', 'near']).describe('words: the token index; near: a near spelling of the title (trigrams)'),
  score: z.number(), body: z.string().describe('the live text, to quote'),
});

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式为 YYYY-MM-DD', 'a date as YYYY-MM-DD'));
const articleBody = z.object({
  unitId: z.number().int().positive().optional().describe('owning unit; default the caller\'s'),
  subjectId: z.number().int().positive().nullish(),
  kind: z.enum(ARTICLE_KINDS).describe('policy 政策 / guide 办事指南 / duty 部门职责 / faq 常见问答'),
  title: z.string().trim().min(1, bi('请填写标题', 'the title is required')).max(200),
  body: z.string().trim().min(1, bi('请填写正文', 'the body is required')).max(50_000),
  keywords: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
  validFrom: dateString.nullish(), validTo: dateString.nullish(),
}).strict();

const liveSchema = z.object({
  title: z.string(), body: z.string(), kind: z.enum(ARTICLE_KINDS), subjectId: z.number().nullable(), subjectName: z.string().nullable(), keywords: z.array(z.string()),
  validFrom: z.string().nullable(), validTo: z.string().nullable(), publishedAt: z.string(), revision: z.number(), valid: z.boolean(),
});
const fileSchema = z.object({ id: z.number(), fileName: z.string(), contentType: z.string(), size: z.number(), createdAt: z.string() });
const articleSchema = z.object({
  id: z.number(), unitId: z.number(), unitName: z.string(), subjectId: z.number().nullable(), subjectName: z.string().nullable(),
  kind: z.enum(ARTICLE_KINDS), kindLabel: z.string(), title: z.string(), body: z.string(), keywords: z.array(z.string()),
  validFrom: z.string().nullable(), validTo: z.string().nullable(),
  status: z.enum(ARTICLE_STATUSES).describe('draft 草稿 (or rejected, with rejectReason) / submitted 待审核 / published 已发布'),
  rejectReason: z.string().nullable(), submittedAt: z.string().nullable(), version: z.number(), updatedAt: z.string(),
  live: liveSchema.nullable().describe('the approved copy intake and citizens read; null until first published'),
  citations: z.number().describe('引用次数: tickets answered directly from it'),
  editable: z.boolean(), reviewable: z.boolean(), attachments: z.array(fileSchema),
});
const version = z.number().int().positive().optional().describe('the version you read (409 when it changed)');

export const knowledgeRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/knowledge/search', {
    schema: {
      tags: ['knowledge'], summary: '知识检索（受理时） Live articles to quote, and earlier answers on the caller\'s tickets',
      querystring: z.object({
        q: z.string().trim().min(1).max(500).describe('the title and content typed so far'),
        limit: z.coerce.number().int().min(1).max(20).optional().describe('default 8 earlier answers, at most 5 articles'),
      }),
      response: {
        200: z.object({ tokens: z.array(z.string()), items: z.array(hitSchema), words: z.array(z.string()), articles: z.array(intakeArticleSchema) }),
        ...errors(400, 401),
      },
    },
  }, async (req) => intakeKnowledge(deps.db, actorOf(req), req.query.q, { limit: req.query.limit, now: deps.clock() }));

  app.get('/api/knowledge/articles', {
    schema: {
      tags: ['knowledge'], summary: '知识库文章列表 Articles: live ones of every unit, working copies of the caller\'s subtree',
      querystring: z.object({
        q: z.string().trim().max(200).optional(), status: z.enum(ARTICLE_STATUSES).optional(),
        unitId: z.coerce.number().int().positive().optional(), subjectId: z.coerce.number().int().positive().optional(),
        mine: z.enum(['true', 'false']).optional().describe('only the caller\'s subtree'), ...paging,
      }),
      response: { 200: z.object({ total: z.number(), items: z.array(articleSchema) }), ...errors(400, 401) },
    },
  }, async (req) => {
    const actor = actorOf(req);
    const words = req.query.q ? await queryWords(deps.db, actor.platformId, req.query.q) : [];
    return listArticles(deps.db, actor, { ...req.query, mine: req.query.mine === 'true' }, deps.clock(), words);
  });

  app.post('/api/knowledge/articles', {
    schema: { tags: ['knowledge'], summary: '新建文章（草稿） Write an article (a draft of the caller\'s unit or one below)', body: articleBody, response: { 201: articleSchema, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => reply.status(201).send(await createArticle(deps.db, actorOf(req), req.body, deps.clock())));

  app.get('/api/knowledge/articles/:id', {
    schema: { tags: ['knowledge'], summary: '文章 One article', params: idParams, response: { 200: articleSchema, ...errors(400, 401, 404) } },
  }, async (req) => getArticle(deps.db, actorOf(req), req.params.id, deps.clock()));

  app.put('/api/knowledge/articles/:id', {
    schema: {
      tags: ['knowledge'], summary: '修改文章 Edit the working copy (a published article keeps its live copy until the revision is approved)',
      params: idParams, body: articleBody.extend({ version }), response: { 200: articleSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateArticle(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.post('/api/knowledge/articles/:id/submit', {
    schema: { tags: ['knowledge'], summary: '提交审核 Submit for review', params: idParams, body: z.object({ version }).strict(), response: { 200: articleSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => submitArticle(deps.db, actorOf(req), req.params.id, req.body.version, deps.clock()));

  app.post('/api/knowledge/articles/:id/review', {
    schema: {
      tags: ['knowledge'], summary: '审核发布/退回 Approve (publish) or reject with a reason (hotline office reviewers)', params: idParams,
      body: z.object({ approve: z.boolean(), reason: z.string().trim().max(500).nullish().describe('required to reject'), version }).strict(),
      response: { 200: articleSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => reviewArticle(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.get('/api/knowledge/figures', {
    schema: {
      tags: ['knowledge'], summary: '智能问答统计 Questions asked, answered, handed over, 自助解决率',
      querystring: z.object({ from: z.coerce.date(), to: z.coerce.date() }),
      response: { 200: z.object({ asked: z.number(), answered: z.number(), handedOver: z.number(), selfServiceRate: z.number().nullable() }), ...errors(400, 401) },
    },
  }, async (req) => askFigures(deps.db, actorOf(req).platformId, req.query.from, req.query.to));

  app.post('/api/knowledge/reindex', {
    schema: {
      tags: ['knowledge'], summary: '重建检索词 Re-tokenise every live article (after the dictionary changed; admin)',
      response: { 200: z.object({ articles: z.number(), ms: z.number(), tokenizeMs: z.number().describe('of ms, cutting the text') }), ...errors(401, 403) },
    },
  }, async (req) => {
    const actor = actorOf(req);
    if (!hasRole(actor, 'admin')) throw forbidden('重建知识库检索词（系统管理员）');
    return reindexArticles(deps.db, actor.platformId);
  });

  const files = deps.files;
  if (!files) return;
  const store = { db: deps.db, files };

  app.post('/api/knowledge/articles/:id/attachments', {
    schema: {
      tags: ['knowledge'], summary: '上传文章附件 Attach a file (multipart: file)', params: idParams, consumes: ['multipart/form-data'],
      response: { 201: fileSchema, ...errors(400, 401, 403, 404, 409), 413: errorSchema, 415: errorSchema },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    await checkMayAttachToArticle(deps.db, actor, req.params.id, deps.clock());
    const { maxBytes } = await attachmentLimits(deps.db, actor.platformId);
    let file: { part: MultipartFile; bytes: Buffer } | undefined;
    try {
      for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } })) {
        if (part.type !== 'file' || part.fieldname !== 'file') throw fieldError(part.fieldname, '文件须放在 file 字段', 'send the file in the field "file"');
        file = { part, bytes: await part.toBuffer() };
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传，文件字段名为 file', 'Upload as multipart/form-data with the file in the field "file"');
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw fieldError('file', '一次只能上传一个文件', 'one file per request');
      throw e;
    }
    if (!file) throw fieldError('file', '请选择要上传的文件', 'the field "file" is required');
    const added = await addArticleFile(store, actor, req.params.id, { fileName: file.part.filename, declaredType: file.part.mimetype, bytes: file.bytes }, deps.clock());
    return reply.status(201).send(added);
  });

  app.delete('/api/knowledge/articles/:id/attachments/:attachmentId', {
    schema: {
      tags: ['knowledge'], summary: '删除文章附件 Remove a file', params: idParams.extend({ attachmentId: z.coerce.number().int().positive() }),
      response: { 204: z.null(), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    await removeArticleFile(store, actorOf(req), req.params.id, req.params.attachmentId, deps.clock());
    return reply.status(204).send(null);
  });

  app.get('/api/knowledge/articles/:id/attachments/:attachmentId', {
    schema: {
      tags: ['knowledge'], summary: '下载文章附件 Download a file of an article the caller may read', params: idParams.extend({ attachmentId: z.coerce.number().int().positive() }),
      response: { 200: z.unknown(), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    await getArticle(deps.db, actor, req.params.id, deps.clock()); // 404 unless the caller may read the article
    const f = await openArticleFile(store, req.params.id, req.params.attachmentId, actor.platformId);
    return reply.header('content-type', f.contentType).header('content-length', String(f.size))
      .header('content-disposition', contentDisposition('attachment', f.fileName)).header('cache-control', 'private, max-age=300').send(f.stream);
  });
};
