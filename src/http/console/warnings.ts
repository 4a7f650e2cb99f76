// 预警 Early warnings (issue 5 §5, docs/warnings.md): the list and detail a recipient, the hotline
// office or a supervisor reads, acknowledgement, follow-ups and closing, the warning letter, and the
// administrators' sensitive-matter rules.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderLetterHtml } from '../../services/warnings/letter.js';
import { listRules, putRules } from '../../services/warnings/rules.js';
import { acknowledgeWarning, closeWarning, detectNow, followUpWarning, getWarning, listWarnings, WARNING_KINDS, WARNING_STATUSES } from '../../services/warnings/warnings.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const ts = z.string().describe('ISO 8601 instant');

const warningSchema = z.object({
  id: z.number(), number: z.string().describe('民声预警〔2026〕12号'), kind: z.enum(WARNING_KINDS).describe('hotspot 热点聚集 | surge 诉求激增 | sensitive 敏感事项'), kindLabel: z.string(),
  level: z.number().describe('1 一级 (party secretary and mayor) | 2 二级 (deputy mayor in charge) | 3 三级 (departments)'), levelLabel: z.string(),
  title: z.string(), summary: z.string(), place: z.string().nullable(), districtName: z.string().nullable(), ticketCount: z.number(),
  firstAt: ts, lastAt: ts, status: z.enum(WARNING_STATUSES).describe('new 待签收 → acknowledged 已签收 → following 跟进中 → closed 已办结'), statusLabel: z.string(),
  detectedAt: ts, updatedAt: ts, feedbackDue: ts, acknowledgedAt: ts.nullable(), closedAt: ts.nullable(), conclusion: z.string().nullable(),
  mine: z.boolean().describe('the caller is a recipient'),
});

const detailSchema = warningSchema.extend({
  facts: z.record(z.string(), z.unknown()).describe('the figures: heat and its parts, or count, baseline mean/sd and limit, or the rule'),
  recipients: z.array(z.object({ id: z.number(), name: z.string(), unitName: z.string() })),
  steps: z.array(z.object({ kind: z.string(), label: z.string(), note: z.string().nullable(), actorName: z.string().nullable(), at: ts })),
  tickets: z.array(z.object({ id: z.number(), number: z.string(), title: z.string(), state: z.string(), acceptedAt: ts, districtName: z.string().nullable() })).describe('linked tickets the caller may see'),
  ticketsHidden: z.number().describe('linked tickets outside the caller\'s scope'),
  daily: z.array(z.object({ day: z.string(), count: z.number() })),
  mayAcknowledge: z.boolean(), mayFollowUp: z.boolean(), mayClose: z.boolean(),
});

const level = z.coerce.number().int().min(1, bi('级别为 1、2 或 3', 'level is 1, 2 or 3')).max(3, bi('级别为 1、2 或 3', 'level is 1, 2 or 3'));

const ruleSchema = z.object({
  id: z.number().int().positive().optional().describe('absent for a new rule'),
  name: z.string().trim().min(1, bi('请填写规则名称', 'the name is required')).max(50),
  keywords: z.array(z.string().trim().min(1).max(20)).max(50).describe('a ticket matches when its title or content holds one of them'),
  subjectIds: z.array(z.number().int().positive()).max(50).describe('… or its subject lies under one of them'),
  minCount: z.number().int().min(1, bi('起警件数至少为 1', 'minCount is at least 1')).max(10_000),
  windowHours: z.number().int().min(1, bi('统计时长至少 1 小时', 'windowHours is at least 1')).max(720, bi('统计时长最多 720 小时', 'windowHours is at most 720')),
  level: z.number().int().min(1, bi('级别为 1、2 或 3', 'level is 1, 2 or 3')).max(3, bi('级别为 1、2 或 3', 'level is 1, 2 or 3')),
  active: z.boolean(),
}).strict();

export const warningRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/warnings', {
    schema: {
      tags: ['warnings'], summary: '预警列表 Warnings the caller receives (all for the hotline office and supervisors), newest first',
      querystring: z.object({
        level: level.optional(), status: z.enum(WARNING_STATUSES).optional(), kind: z.enum(WARNING_KINDS).optional(),
        open: z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe('only warnings not closed'), ...paging,
      }),
      response: { 200: z.object({ items: z.array(warningSchema), total: z.number(), page: z.number(), pageSize: z.number() }), ...errors(400, 401) },
    },
  }, async (req) => listWarnings(deps.db, actorOf(req), req.query));

  app.post('/api/warnings/detect', {
    schema: {
      tags: ['warnings'], summary: '立即研判 Run the detection now (the hotline office\'s dispatchers and administrators, supervisors); the job does it every 10 minutes',
      response: { 200: z.object({ created: z.number(), updated: z.number(), hotspots: z.number(), surges: z.number(), sensitive: z.number() }), ...errors(401, 403) },
    },
  }, async (req) => detectNow(deps.db, actorOf(req), deps.clock()));

  app.get('/api/warnings/:id', {
    schema: { tags: ['warnings'], summary: '预警详情 A warning with its figures, recipients, steps and tickets', params: idParams, response: { 200: detailSchema, ...errors(400, 401, 404) } },
  }, async (req) => getWarning(deps.db, actorOf(req), req.params.id));

  app.post('/api/warnings/:id/ack', {
    schema: { tags: ['warnings'], summary: '签收 Acknowledge (recipients)', params: idParams, response: { 200: detailSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => acknowledgeWarning(deps.db, actorOf(req), req.params.id, deps.clock()));

  app.post('/api/warnings/:id/follow-ups', {
    schema: {
      tags: ['warnings'], summary: '跟进 Add a follow-up note', params: idParams,
      body: z.object({ note: z.string().trim().min(1, bi('请填写跟进情况', 'the note is required')).max(2000, bi('跟进情况最多 2000 字', 'the note is at most 2000 characters')) }).strict(),
      response: { 200: detailSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => followUpWarning(deps.db, actorOf(req), req.params.id, req.body.note, deps.clock()));

  app.post('/api/warnings/:id/close', {
    schema: {
      tags: ['warnings'], summary: '办结 Close with a conclusion (recipients, the hotline office\'s dispatchers and administrators, supervisors)', params: idParams,
      body: z.object({ conclusion: z.string().trim().min(1, bi('请填写办结结论', 'the conclusion is required')).max(2000, bi('办结结论最多 2000 字', 'the conclusion is at most 2000 characters')) }).strict(),
      response: { 200: detailSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => closeWarning(deps.db, actorOf(req), req.params.id, req.body.conclusion, deps.clock()));

  app.get('/api/warnings/:id/letter', {
    schema: {
      tags: ['warnings'], summary: '预警函 The warning letter, an HTML page for print (A4)', params: idParams,
      response: { 200: z.string().describe('text/html'), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const warning = await getWarning(deps.db, actorOf(req), req.params.id);
    return reply.type('text/html; charset=utf-8').send(renderLetterHtml(warning));
  });

  app.get('/api/warning-rules', {
    schema: { tags: ['warnings'], summary: '敏感事项规则 Sensitive-matter rules (administrators)', response: { 200: z.object({ rules: z.array(ruleSchema) }), ...errors(401, 403) } },
  }, async (req) => ({ rules: await listRules(deps.db, actorOf(req), deps.clock()) }));

  app.put('/api/warning-rules', {
    schema: {
      tags: ['warnings'], summary: '保存敏感事项规则 Replace the rules (administrators); rules left out are switched off',
      body: z.object({ rules: z.array(ruleSchema).max(100) }).strict(),
      response: { 200: z.object({ rules: z.array(ruleSchema) }), ...errors(400, 401, 403) },
    },
  }, async (req) => ({ rules: await putRules(deps.db, actorOf(req), req.body.rules.map((r) => ({ ...r, level: r.level as 1 | 2 | 3 })), deps.clock()) }));
};
