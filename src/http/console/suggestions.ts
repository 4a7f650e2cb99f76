// 智能推荐 Suggestions at intake and dispatch, the models behind them, and their figures (issue 5):
// the catalogue rule's unit first, then the trained models' subjects, types and units; acceptance
// rates and transfer accuracy 转办准确率 for the hotline office.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { suggestionFigures } from '../../services/suggest/figures.js';
import { currentModels } from '../../services/suggest/models.js';
import { trainNow } from '../../services/suggest/train.js';
import { canSuggest, suggest } from '../../services/suggest/suggest.js';
import { forbidden } from '../../domain/errors.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const probability = z.number().describe('calibrated, 0–1');
const suggestionsSchema = z.object({
  model: z.boolean().describe('false while the platform has no trained model: subjects, types and model units are then empty'),
  areaHint: z.object({ level: z.string(), levelName: z.string(), probability }).optional()
    .describe('the unit model finds the matter likeliest a locality\'s (属地, at this level), but the ticket is not located that far'),
  subjects: z.array(z.object({
    subjectId: z.number(), path: z.array(z.string()).describe('names from the root down'),
    levels: z.array(z.object({ subjectId: z.number(), name: z.string(), probability })).describe('the path with each level\'s rolled-up probability'),
    probability,
  })).describe('top 3'),
  types: z.array(z.object({ code: z.string(), name: z.string(), probability })).describe('top 3'),
  units: z.array(z.object({
    unitId: z.number(), name: z.string(), source: z.enum(['catalogue', 'model']), probability: probability.nullable(), reason: z.string(),
    assistingUnits: z.array(z.object({ id: z.number(), name: z.string() })).optional(),
  })).describe('the dispatch catalogue\'s proposal first, then up to 3 from the model'),
});

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式应为 YYYY-MM-DD', 'a date YYYY-MM-DD'));
const cell = z.object({ dispatches: z.number(), returned: z.number(), accuracy: z.number().nullable() });
const split = z.object({ followed: cell, overrode: cell, none: cell });

export const suggestionRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/suggestions', {
    schema: {
      tags: ['suggestions'],
      summary: '智能推荐 Subject, type and unit suggestions for a text (or a ticket at dispatch); operators, dispatchers, admins',
      body: z.object({
        ticketId: z.number().int().positive().optional().describe('at dispatch: use the ticket\'s text, subject and place'),
        title: z.string().trim().max(200).nullish(),
        content: z.string().trim().max(20_000).nullish(),
        address: z.string().trim().max(300).nullish(),
        districtId: z.number().int().positive().nullish(),
        subjectId: z.number().int().positive().nullish().describe('the subject chosen, for the catalogue rule'),
      }).strict(),
      response: { 200: suggestionsSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => suggest(deps.db, actorOf(req), req.body));

  app.get('/api/suggestions/models', {
    schema: {
      tags: ['suggestions'], summary: '推荐模型 The current trained model of each target (subject, type, unit) with its hold-out figures',
      response: {
        200: z.object({ items: z.array(z.object({ id: z.number(), target: z.string(), trainedAt: z.string(), examples: z.number(), labels: z.number(), metrics: z.record(z.string(), z.unknown()) })) }),
        ...errors(401, 403),
      },
    },
  }, async (req) => {
    const actor = actorOf(req);
    if (!canSuggest(actor)) throw forbidden('查看推荐模型');
    return { items: await currentModels(deps.db, actor.platformId) };
  });

  app.post('/api/suggestions/train', {
    schema: {
      tags: ['suggestions'], summary: '立即训练 Train the platform\'s models now from its newest closed tickets (admins; the nightly job does it after 02:00)',
      body: z.object({ target: z.enum(['subject', 'type', 'unit']).optional().describe('one target; all by default') }).strict().optional(),
      response: {
        200: z.object({
          items: z.array(z.object({
            target: z.string(), trained: z.boolean(), reason: z.string().optional(), modelId: z.number().optional(), examples: z.number(), labels: z.number(),
            metrics: z.record(z.string(), z.unknown()).optional(),
          })),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => ({
    items: (await trainNow(deps.db, actorOf(req), req.body?.target, deps.clock())).map((r) => ({ ...r, metrics: r.metrics && { ...r.metrics } })),
  }));

  app.get('/api/suggestions/figures', {
    schema: {
      tags: ['suggestions'],
      summary: '推荐采纳率与转办准确率 Acceptance of suggestions and transfer accuracy (primary dispatches not returned ÷ primary dispatches); hotline office',
      querystring: z.object({ from: date.optional().describe('Shanghai date, inclusive; default 29 days before to'), to: date.optional().describe('Shanghai date, inclusive; default today') }),
      response: {
        200: z.object({
          period: z.object({ from: z.string(), to: z.string() }),
          acceptance: z.array(z.object({
            stage: z.enum(['intake', 'dispatch']), target: z.enum(['subject', 'type', 'unit']), source: z.enum(['model', 'catalogue']),
            made: z.number(), accepted: z.number(), rate: z.number().nullable(),
          })),
          transfer: cell.extend({ byCatalogue: split, byModel: split }),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => suggestionFigures(deps.db, actorOf(req), req.query, deps.clock()));
};
