// Duplicates and repeat complaints (issue 5 §4, docs/repeats.md): the likely duplicates of the call
// being typed, 「合并到此单」 (register the call and merge it into one of them in one step), and the
// 屡办不成 groups supervision follows up. Phones go in (the caller's, to match by keyed hash) and
// never come back out: only masked.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findDuplicates } from '../../services/repeats/duplicates.js';
import { intakeAsDuplicate } from '../../services/repeats/merge-at-intake.js';
import { getRepeatGroup, listRepeatGroups } from '../../services/repeats/repeats.js';
import { presentTickets } from '../../services/tickets/view.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { intakeBody, ticketSchema } from '../tickets/schemas.js';
import { bi } from '../validation.js';

const ts = z.string().describe('ISO 8601 instant');

const duplicatesBody = z.object({
  phone: z.string().trim().max(30).nullish().describe('the caller\'s number: matched by keyed hash, never stored or returned'),
  address: z.string().trim().max(300).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  title: z.string().trim().max(200).nullish(),
  content: z.string().trim().min(1, bi('请填写诉求内容', 'content is required')).max(20000),
  subjectId: z.number().int().positive().nullish(),
  excludeTicketId: z.number().int().positive().nullish().describe('the ticket being dispatched: not its own duplicate'),
}).strict().refine((b) => (b.lng == null) === (b.lat == null), { message: bi('经度和纬度须同时提供', 'give both lng and lat'), path: ['lat'] });

const candidateSchema = z.object({
  id: z.number(), number: z.string(), title: z.string(), state: z.string(), stateLabel: z.string(),
  open: z.boolean().describe('still being handled'), canMerge: z.boolean().describe('may be merged into (open, or closed)'), acceptedAt: ts,
  subjectName: z.string().nullable(), address: z.string().nullable(), districtName: z.string().nullable(),
  callerPhone: z.string().nullable().describe('masked: 138****5678'),
  score: z.number().describe('0–1'), textSimilarity: z.number().describe('content-word cosine, 0–1'),
  reasons: z.array(z.string()).describe('同一来电人 / 同一地点 / 地址相近 NN% / 内容相似 NN% / 同一分类'), repeatCount: z.number(),
});

const repeatGroupSchema = z.object({
  id: z.number(), basis: z.enum(['caller', 'place']), basisLabel: z.string(), count: z.number(),
  callerPhone: z.string().nullable().describe('masked'), address: z.string().nullable(), subjectName: z.string().nullable(), title: z.string(),
  firstAt: ts, lastAt: ts,
  tickets: z.array(z.object({ id: z.number(), number: z.string(), title: z.string(), state: z.string(), stateLabel: z.string(), acceptedAt: ts })),
});

export const duplicateRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/tickets/duplicates', {
    schema: {
      tags: ['tickets'], summary: '可能重复 Likely duplicates of a call being registered (operators, dispatchers; scoped)',
      body: duplicatesBody,
      response: { 200: z.object({ windowDays: z.number(), items: z.array(candidateSchema) }), ...errors(400, 401, 403) },
    },
  }, async (req) => findDuplicates(deps, actorOf(req), req.body, deps.clock()));

  app.post('/api/tickets/duplicates/merge', {
    schema: {
      tags: ['tickets'], summary: '合并到此单 Register the call and merge it into an existing ticket, in one step',
      body: z.object({
        masterId: z.number().int().positive().describe('the ticket the call duplicates'),
        note: z.string().trim().max(1000).nullish(),
        ticket: intakeBody.describe('the call, as POST /api/tickets takes it'),
      }).strict(),
      response: { 201: ticketSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const { ticket } = await intakeAsDuplicate(deps, actor, req.body, deps.clock());
    const [view] = await presentTickets(deps.db, [ticket], actor, []);
    return reply.status(201).header('location', `/api/tickets/${ticket.id}`).send(view!);
  });

  app.get('/api/repeats', {
    schema: {
      tags: ['supervision'], summary: '屡办不成 Repeat complaint groups with a ticket in scope, latest first',
      querystring: z.object({ ...paging }),
      response: { 200: z.object({ total: z.number(), items: z.array(repeatGroupSchema) }), ...errors(400, 401) },
    },
  }, async (req) => listRepeatGroups(deps.db, actorOf(req), req.query));

  app.get('/api/repeats/:id', {
    schema: {
      tags: ['supervision'], summary: '屡办不成 One repeat group and its tickets in scope', params: idParams,
      response: { 200: repeatGroupSchema, ...errors(400, 401, 404) },
    },
  }, async (req) => getRepeatGroup(deps.db, actorOf(req), req.params.id));
};
