// 智能问答 for citizens (no account): ask the knowledge base, read an article, hand over to a ticket.
// Public routes, rate-limited per IP like the other citizen routes; only live, valid articles and
// only their public fields (never status, drafts, reviewers or who wrote them).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CITIZEN } from '../../services/citizen/tickets.js';
import { ARTICLE_KINDS } from '../../services/knowledge/articles.js';
import { ask, handOver, publicArticle } from '../../services/knowledge/ask.js';
import { openArticleFile } from '../../services/knowledge/attachments.js';
import { articleHitSchema } from '../console/knowledge.js';
import type { AppDeps } from '../deps.js';
import { errorSchema, errors, idParams } from '../schemas.js';
import { contentDisposition } from '../tickets/attachments.js';
import { bi } from '../validation.js';

const publicRoute = { public: true } as const;
/** Questions per IP a minute: a person types a few; a script is stopped early. */
const ASK_LIMIT = { max: 30, timeWindow: '1 minute' };
const READ_LIMIT = { max: 120, timeWindow: '1 minute' };

const articleSchema = z.object({
  id: z.number(), title: z.string(), body: z.string(), kind: z.enum(ARTICLE_KINDS), kindLabel: z.string(), unitName: z.string().describe('the owning unit'),
  subjectName: z.string().nullable(), validFrom: z.string().nullable(), validTo: z.string().nullable(), publishedAt: z.string(),
  attachments: z.array(z.object({ id: z.number(), fileName: z.string(), size: z.number() })),
});

export const citizenKnowledgeRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/public/knowledge/ask', {
    config: { ...publicRoute, rateLimit: ASK_LIMIT },
    schema: {
      tags: ['citizen'], summary: '智能问答 Ask the knowledge base (no account); recorded for 自助解决率', security: [],
      querystring: z.object({ q: z.string().trim().min(2, bi('请至少输入两个字', 'at least two characters')).max(300) }),
      response: {
        200: z.object({
          token: z.string().describe('names this question for the hand-over'),
          answered: z.boolean().describe('the best article covers enough of the question; otherwise offer a ticket'),
          words: z.array(z.string()), items: z.array(articleHitSchema),
        }),
        ...errors(400), 429: errorSchema,
      },
    },
  }, async (req) => ask(deps.db, CITIZEN.platformId, req.query.q, deps.clock()));

  app.post('/api/public/knowledge/handover', {
    config: { ...publicRoute, rateLimit: ASK_LIMIT },
    schema: {
      tags: ['citizen'], summary: '没有解决，转人工/提交诉求 The answer did not help: the citizen goes on to a ticket', security: [],
      body: z.object({ token: z.string().trim().min(8).max(40) }).strict(),
      response: { 204: z.null(), ...errors(400, 404), 429: errorSchema },
    },
  }, async (req, reply) => {
    await handOver(deps.db, CITIZEN.platformId, req.body.token, deps.clock());
    return reply.status(204).send(null);
  });

  app.get('/api/public/knowledge/articles/:id', {
    config: { ...publicRoute, rateLimit: READ_LIMIT },
    schema: {
      tags: ['citizen'], summary: '知识库文章 A published, valid article (no account)', security: [], params: idParams,
      response: { 200: articleSchema, ...errors(400, 404), 429: errorSchema },
    },
  }, async (req) => publicArticle(deps.db, CITIZEN.platformId, req.params.id, deps.clock()));

  const files = deps.files;
  if (!files) return;
  app.get('/api/public/knowledge/articles/:id/attachments/:attachmentId', {
    config: { ...publicRoute, rateLimit: READ_LIMIT },
    schema: {
      tags: ['citizen'], summary: '下载文章附件 A file of a published, valid article', security: [],
      params: idParams.extend({ attachmentId: z.coerce.number().int().positive() }),
      response: { 200: z.unknown(), ...errors(400, 404), 429: errorSchema },
    },
  }, async (req, reply) => {
    await publicArticle(deps.db, CITIZEN.platformId, req.params.id, deps.clock());
    const f = await openArticleFile({ db: deps.db, files }, req.params.id, req.params.attachmentId, CITIZEN.platformId);
    return reply.header('content-type', f.contentType).header('content-length', String(f.size))
      .header('content-disposition', contentDisposition('attachment', f.fileName)).header('cache-control', 'public, max-age=300').send(f.stream);
  });
};
