// Knowledge search at intake: earlier answers to matters like the one being typed (DOMAIN.md §8).
// For now it searches the caller's visible tickets that were answered at the front desk or closed
// with an approved reply; the answer's shape already carries `kind`, so articles can join it later.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchKnowledge } from '../../services/knowledge/search.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';

const hitSchema = z.object({
  kind: z.enum(['ticket']).describe('where the answer comes from: an earlier ticket (articles later)'),
  ticketId: z.number(), number: z.string(), title: z.string(), subjectId: z.number().nullable(), subjectName: z.string().nullable(),
  source: z.enum(['answer', 'reply']).describe('answer: answered at the front desk; reply: the primary unit\'s approved reply'),
  unitName: z.string().nullable().describe('the unit that replied; null for a direct answer'),
  answer: z.string().describe('the answer, up to 2,000 characters'),
  snippet: z.string().describe('about 120 characters around the first match'),
  answeredAt: z.string().nullable(), score: z.number().describe('tokens matched'),
});

export const knowledgeRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/knowledge/search', {
    schema: {
      tags: ['knowledge'], summary: '知识检索（受理时） Earlier answers to matters like this one (scoped to the caller\'s tickets)',
      querystring: z.object({
        q: z.string().trim().min(1).max(500).describe('the title and content typed so far'),
        limit: z.coerce.number().int().min(1).max(20).optional().describe('default 8'),
      }),
      response: { 200: z.object({ tokens: z.array(z.string()), items: z.array(hitSchema) }), ...errors(400, 401) },
    },
  }, async (req) => searchKnowledge(deps.db, actorOf(req), req.query.q, { limit: req.query.limit }));
};
