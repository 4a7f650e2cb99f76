// 分词词典 The platform's segmentation words (administrators): list, add in batches, remove.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addWords, listWords, MAX_WORDS_PER_BATCH, removeWord } from '../../services/suggest/words.js';
import type { AppDeps } from '../deps.js';
import { errors, paging } from '../schemas.js';
import { actorOf } from '../session.js';

export const wordRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/text/words', {
    schema: {
      tags: ['text'], summary: '分词词典 Words added to the segmentation dictionary (admins)',
      querystring: z.object({ q: z.string().trim().max(40).optional().describe('words containing this'), ...paging }),
      response: {
        200: z.object({
          items: z.array(z.object({ word: z.string(), note: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.string() })),
          total: z.number(), page: z.number(), pageSize: z.number(),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => listWords(deps.db, actorOf(req), req.query));

  app.post('/api/text/words', {
    schema: {
      tags: ['text'], summary: '添加词语 Add words (2–40 characters, no spaces); each bad word is reported, the good ones kept',
      body: z.object({ words: z.array(z.string().max(200)).min(1).max(MAX_WORDS_PER_BATCH), note: z.string().trim().max(200).nullish() }).strict(),
      response: {
        200: z.object({
          added: z.array(z.string()), existing: z.array(z.string()),
          rejected: z.array(z.object({ field: z.string(), word: z.string(), message: z.string(), message_en: z.string() })),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => addWords(deps.db, actorOf(req), req.body, deps.clock()));

  app.delete('/api/text/words/:word', {
    schema: {
      tags: ['text'], summary: '删除词语 Remove a word', params: z.object({ word: z.string().min(1).max(200) }),
      response: { 204: z.null(), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    await removeWord(deps.db, actorOf(req), req.params.word, deps.clock());
    return reply.status(204).send(null);
  });
};
