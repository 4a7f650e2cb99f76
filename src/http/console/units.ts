import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UNIT_KIND_LABELS } from '../../domain/units.js';
import { importUnitsCsv } from '../../services/units-import.js';
import { createUnit, exportUnits, getUnit, unitBoundaries, unitTree, updateUnit } from '../../services/units.js';
import { sendCsv } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, name, rowError, treeOf, unitKind, unitSchema } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,32}$/, bi('编码须为 1–32 位字母、数字、_ . -', 'code: 1–32 letters, digits, _ . -'));

export const unitRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/units', {
    schema: {
      tags: ['units'], summary: '单位树（本单位及下级） Unit tree within the caller\'s scope',
      querystring: z.object({ root: z.coerce.number().int().positive().optional() }),
      response: { 200: treeOf(unitSchema), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => ({ tree: await unitTree(deps.db, actorOf(req), req.query.root) }));

  app.get('/api/units/export', {
    schema: { tags: ['units'], summary: '导出单位 CSV Export the units in scope', produces: ['text/csv'], response: errors(401) },
  }, async (req, reply) => {
    const rows = await exportUnits(deps.db, actorOf(req));
    return sendCsv(reply, '组织机构.csv', ['单位编码', '单位名称', '简称', '类型', '上级编码', '层级', '状态'],
      rows.map((r) => [r.code, r.name, r.shortName, UNIT_KIND_LABELS[r.kind], r.parentCode, r.depth + 1, r.active ? '启用' : '停用']));
  });

  app.post('/api/units/import', {
    schema: {
      tags: ['units'], summary: '导入单位 CSV Import units (text/csv: 单位编码,单位名称,简称,类型,上级编码)', consumes: ['text/csv'],
      body: z.string().min(1).max(5_000_000),
      response: { 200: z.object({ rows: z.number(), created: z.number(), existing: z.number(), rejected: z.array(rowError) }), ...errors(400, 401, 403) },
    },
  }, async (req) => importUnitsCsv(deps.db, actorOf(req), req.body, deps.clock()));

  app.get('/api/units/:id', {
    schema: { tags: ['units'], summary: '单位详情 One unit', params: idParams,
      response: { 200: unitSchema.extend({ boundary: z.any().nullable().describe('GeoJSON geometry'), addressKeywords: z.array(z.string()) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => getUnit(deps.db, actorOf(req), req.params.id));

  app.post('/api/units', {
    schema: {
      tags: ['units'], summary: '新增单位 Create a unit',
      body: z.object({
        parentId: z.number().int().positive(), kind: unitKind, name: name(100), shortName: name(50).nullish(),
        code: code.optional(), sortOrder: z.number().int().min(-100_000).max(100_000).optional(),
      }).strict(),
      response: { 200: unitSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => createUnit(deps.db, actorOf(req), req.body, deps.clock()));

  app.patch('/api/units/:id', {
    schema: {
      tags: ['units'], summary: '修改或移动单位 Update or move a unit', params: idParams,
      body: z.object({
        name: name(100).optional(), shortName: name(50).nullish(), kind: unitKind.optional(), parentId: z.number().int().positive().optional(),
        sortOrder: z.number().int().min(-100_000).max(100_000).optional(), active: z.boolean().optional(),
      }).strict(),
      response: { 200: unitSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => updateUnit(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.get('/api/geo/units', {
    schema: {
      tags: ['units'], summary: '单位边界 GeoJSON Unit boundaries',
      querystring: z.object({
        kind: z.enum(['district', 'street', 'community', 'grid', 'committee']).optional(),
        parent: z.coerce.number().int().positive().optional().describe('a unit: its own outline and its children\'s'),
      }).refine((q) => q.kind !== undefined || q.parent !== undefined, { message: bi('须指定 kind 或 parent', 'give kind or parent'), path: ['kind'] }),
      response: { 200: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }).describe('GeoJSON FeatureCollection'), ...errors(400, 401) },
    },
  }, async (req) => unitBoundaries(deps.db, actorOf(req), { kind: req.query.kind, parentId: req.query.parent }));
};
