import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AREA_LEVELS } from '../../domain/routing.js';
import { listRulings, recordRuling } from '../../services/dispatch/adjudications.js';
import { proposeDispatchNamed } from '../../services/dispatch/proposal.js';
import {
  createDispatchRule, exportDispatchRules, importDispatchRulesCsv, listDispatchRules, RULE_CSV_HEADER, updateDispatchRule,
} from '../../services/dispatch/rules.js';
import { describeArea, resolveLocation } from '../../services/location.js';
import { sendCsv } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, paging, rowError } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const id = z.number().int().positive();
const areaLevel = z.enum(AREA_LEVELS);
const unitIds = z.array(id).max(20);
const priority = z.number().int().min(0).max(100_000);
const note = z.string().trim().max(500);

const unitBrief = z.object({ id: z.number(), code: z.string(), name: z.string(), active: z.boolean() });
const ruleSchema = z.object({
  id: z.number(),
  subject: z.object({ id: z.number(), code: z.string(), name: z.string(), path: z.string() }),
  areaUnit: unitBrief.nullable(), primaryUnit: unitBrief.nullable(), primaryAreaLevel: areaLevel.nullable(), assistingUnits: z.array(unitBrief),
  slaPolicy: z.object({ id: z.number(), name: z.string() }).nullable(),
  priority: z.number(), note: z.string().nullable(), source: z.string(), rulingId: z.number().nullable(), active: z.boolean(),
  createdAt: z.string(), updatedAt: z.string(),
});
const rulingSchema = z.object({
  id: z.number(), ticket: z.object({ id: z.number(), number: z.string() }).nullable(),
  subject: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  areaUnit: unitBrief.nullable(), primaryUnit: unitBrief, assistingUnits: z.array(unitBrief),
  participants: z.string().nullable(), reasoning: z.string(), ruleId: z.number().nullable(),
  decidedBy: z.object({ id: z.number(), name: z.string() }).nullable(), decidedAt: z.string(),
});
const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

const areaUnitRef = z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable();
const areaSchema = z.object({
  districtId: z.number().nullable(), streetId: z.number().nullable(), communityId: z.number().nullable(), gridId: z.number().nullable(),
  method: z.enum(['point', 'address', 'none']),
  district: areaUnitRef, street: areaUnitRef, community: areaUnitRef, grid: areaUnitRef,
});

/** Where: an address, a point (both coordinates), or both. */
const whereQuery = {
  address: z.string().trim().max(300).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
};
const pointComplete = (q: { lng?: number; lat?: number }) => (q.lng === undefined) === (q.lat === undefined);
const pointMessage = { message: bi('经度和纬度须同时提供', 'give both lng and lat'), path: ['lat'] };

export const dispatchRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const located = async (platformId: number, where: { address?: string; lng?: number; lat?: number }) => {
    const area = await resolveLocation(deps.db, platformId, where);
    return { ...area, ...(await describeArea(deps.db, platformId, area)) };
  };

  app.get('/api/dispatch-rules', {
    schema: {
      tags: ['dispatch'], summary: '派单目录 Dispatch rules (filter by subject subtree, unit, source)',
      querystring: z.object({
        subject: z.coerce.number().int().positive().optional().describe('a subject: rules on it and below'),
        unit: z.coerce.number().int().positive().optional().describe('a unit named as area, primary or assisting'),
        source: z.enum(['admin', 'import', 'adjudication', 'demo']).optional(),
        active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        ...paging,
      }),
      response: { 200: pageOf(ruleSchema), ...errors(400, 401, 404) },
    },
  }, async (req) => {
    const { subject, unit, ...rest } = req.query;
    return listDispatchRules(deps.db, actorOf(req), { ...rest, subjectId: subject, unitId: unit });
  });

  app.post('/api/dispatch-rules', {
    schema: {
      tags: ['dispatch'], summary: '新增派单规则 Create a dispatch rule (primaryUnitId or primaryAreaLevel)',
      body: z.object({
        subjectId: id, areaUnitId: id.nullish(), primaryUnitId: id.nullish(), primaryAreaLevel: areaLevel.nullish(),
        assistingUnitIds: unitIds.optional(), slaPolicyId: id.nullish(), priority: priority.optional(), note: note.nullish(), active: z.boolean().optional(),
      }).strict(),
      response: { 200: ruleSchema, ...errors(400, 401, 403, 409) },
    },
  }, async (req) => createDispatchRule(deps.db, actorOf(req), req.body, deps.clock()));

  app.get('/api/dispatch-rules/export', {
    schema: { tags: ['dispatch'], summary: '导出派单目录 CSV Export the dispatch rules in the import format', produces: ['text/csv'], response: errors(401) },
  }, async (req, reply) => sendCsv(reply, '派单目录.csv', RULE_CSV_HEADER, await exportDispatchRules(deps.db, actorOf(req))));

  app.post('/api/dispatch-rules/import', {
    schema: {
      tags: ['dispatch'], consumes: ['text/csv'],
      summary: '导入派单目录 CSV Import dispatch rules (text/csv: 诉求分类编码,区域单位编码,主办单位编码,属地层级,协办单位编码,时限策略,优先级,备注,状态)',
      body: z.string().min(1).max(5_000_000),
      response: {
        200: z.object({ rows: z.number(), created: z.number(), updated: z.number(), existing: z.number(), rejected: z.array(rowError) }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => importDispatchRulesCsv(deps.db, actorOf(req), req.body, deps.clock()));

  app.patch('/api/dispatch-rules/:id', {
    schema: {
      tags: ['dispatch'], summary: '修改或停用派单规则 Update or disable a dispatch rule', params: idParams,
      body: z.object({
        subjectId: id.optional(), areaUnitId: id.nullish(), primaryUnitId: id.nullish(), primaryAreaLevel: areaLevel.nullish(),
        assistingUnitIds: unitIds.optional(), slaPolicyId: id.nullish(), priority: priority.optional(), note: note.nullish(), active: z.boolean().optional(),
      }).strict(),
      response: { 200: ruleSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateDispatchRule(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.get('/api/adjudications', {
    schema: {
      tags: ['dispatch'], summary: '联席研判记录 Joint-adjudication rulings',
      querystring: z.object({ subject: z.coerce.number().int().positive().optional(), ticket: z.coerce.number().int().positive().optional(), ...paging }),
      response: { 200: pageOf(rulingSchema), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const { subject, ticket, ...rest } = req.query;
    return listRulings(deps.db, actorOf(req), { ...rest, subjectId: subject, ticketId: ticket });
  });

  app.post('/api/adjudications', {
    schema: {
      tags: ['dispatch'], summary: '记录联席研判结果 Record a ruling (makeRule: also add it to the dispatch catalogue)',
      body: z.object({
        ticketId: id.nullish(), subjectId: id.nullish(), areaUnitId: id.nullish(), primaryUnitId: id, assistingUnitIds: unitIds.optional(),
        participants: z.string().trim().max(1000).nullish(), reasoning: z.string().trim().min(1).max(5000),
        makeRule: z.boolean().optional(), slaPolicyId: id.nullish(),
      }).strict(),
      response: { 200: rulingSchema, ...errors(400, 401, 403, 409) },
    },
  }, async (req) => recordRuling(deps.db, actorOf(req), req.body, deps.clock()));

  app.get('/api/location/resolve', {
    schema: {
      tags: ['dispatch'], summary: '地址或坐标定位到区县/街道/社区/网格 Resolve an address or point to district / street / community / grid',
      querystring: z.object(whereQuery).refine(pointComplete, pointMessage),
      response: { 200: areaSchema, ...errors(400, 401) },
    },
  }, async (req) => located(actorOf(req).platformId, req.query));

  app.get('/api/dispatch/propose', {
    schema: {
      tags: ['dispatch'], summary: '派单建议（预览） Dispatch proposal for a subject and a place (preview)',
      querystring: z.object({ subjectId: z.coerce.number().int().positive(), ...whereQuery }).refine(pointComplete, pointMessage),
      response: {
        200: z.object({
          area: areaSchema,
          proposal: z.object({
            primaryUnitId: z.number(), assistingUnitIds: z.array(z.number()), slaPolicyId: z.number().nullable(), ruleId: z.number().nullable(), reason: z.string(),
            primaryUnit: areaUnitRef.unwrap(), assistingUnits: z.array(areaUnitRef.unwrap()),
          }).nullable(),
        }),
        ...errors(400, 401),
      },
    },
  }, async (req) => {
    const { platformId } = actorOf(req);
    const { subjectId, ...where } = req.query;
    const area = await located(platformId, where);
    return { area, proposal: await proposeDispatchNamed(deps.db, platformId, { subjectId, ...area }) };
  });
};
