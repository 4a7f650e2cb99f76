// 时限策略 SLA policies: read by everyone signed in, changed by the platform's administrators.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createSlaPolicy, listSlaPolicies, updateSlaPolicy } from '../../services/sla-policies.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, name } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const MAX_MINUTES = 60 * 24 * 60;
const minutes = (min: number) => z.number().int().min(min).max(MAX_MINUTES);
const limit = z.object({
  minutes: minutes(1).describe('working minutes (450 = one working day), or wall-clock minutes when clock'),
  clock: z.boolean().describe('true: the limit runs on the wall clock (urgent limits)'),
}).strict();
const code = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, bi('编码须为小写字母开头的 1–32 位字母、数字或下划线', 'code: 1–32 lowercase letters, digits or _, starting with a letter'));

const fields = {
  priority: z.number().int().min(0).max(100_000).describe('lower is tried first'),
  matchType: code.nullable().describe('ticket type code, or null for any'),
  matchUrgency: code.nullable().describe('urgency code, or null for any'),
  matchSubjectId: z.number().int().positive().nullable().describe('a subject and its whole subtree, or null for any'),
  reviewMinutes: minutes(1), visitMinutes: minutes(1), returnWindowMinutes: minutes(0),
  extensionMaxMinutes: minutes(0).describe('whole working days: a multiple of 450'), extensionMaxCount: z.number().int().min(0).max(10),
  warnShare: z.number().gt(0).lt(1).describe('yellow light when this share of the limit is used (0.75)'),
  active: z.boolean(),
};

const policySchema = z.object({
  id: z.number(), name: z.string(), priority: z.number(), matchType: z.string().nullable(), matchUrgency: z.string().nullable(),
  matchSubjectId: z.number().nullable(), matchSubjectName: z.string().nullable(),
  sign: z.object({ minutes: z.number(), clock: z.boolean() }), reply: z.object({ minutes: z.number(), clock: z.boolean() }),
  reviewMinutes: z.number(), visitMinutes: z.number(), returnWindowMinutes: z.number(), extensionMaxMinutes: z.number(), extensionMaxCount: z.number(),
  warnShare: z.number(), active: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});

export const slaPolicyRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/sla-policies', {
    schema: { tags: ['sla policies'], summary: '时限策略 SLA policies, in the order they are tried', response: { 200: z.object({ items: z.array(policySchema) }), ...errors(401) } },
  }, async (req) => ({ items: await listSlaPolicies(deps.db, actorOf(req)) }));

  app.post('/api/sla-policies', {
    schema: {
      tags: ['sla policies'], summary: '新增时限策略 Create an SLA policy (platform administrators)',
      body: z.object({ name: name(60), sign: limit, reply: limit, ...z.object(fields).partial().shape }).strict(),
      response: { 200: policySchema, ...errors(400, 401, 403) },
    },
  }, async (req) => createSlaPolicy(deps.db, actorOf(req), req.body, deps.clock()));

  app.patch('/api/sla-policies/:id', {
    schema: {
      tags: ['sla policies'], summary: '修改或停用时限策略 Update or disable (active: false) an SLA policy; new dispatches use it',
      params: idParams,
      body: z.object({ name: name(60), sign: limit, reply: limit, ...fields }).partial().strict(),
      response: { 200: policySchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateSlaPolicy(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));
};
