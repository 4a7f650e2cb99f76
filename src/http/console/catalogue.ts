import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CODE_LISTS, listCodes, putCode, type CodeListKey } from '../../services/catalogue/code-lists.js';
import { createSubject, importSubjectsCsv, subjectPaths, subjectTree, updateSubject } from '../../services/catalogue/subjects.js';
import { sendCsv } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, name, rowError, treeOf } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const listParam = z.enum(Object.keys(CODE_LISTS) as [CodeListKey, ...CodeListKey[]]);
const codeSchema = z.object({
  code: z.string(), name: z.string(), nameEn: z.string(), sortOrder: z.number(), active: z.boolean(),
  reportGroup: z.string().nullable().optional().describe('types only: the group reports count the type under (市政管理类 …); null: its own name'),
});
const subjectSchema = z.object({ id: z.number(), parentId: z.number().nullable(), code: z.string(), name: z.string(), level: z.number(), sortOrder: z.number(), active: z.boolean() });
const sortOrder = z.number().int().min(-100_000).max(100_000);

export const catalogueRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/catalogue/subjects', {
    schema: { tags: ['catalogue'], summary: '诉求分类树 Subject tree', response: { 200: treeOf(subjectSchema), ...errors(401) } },
  }, async (req) => ({ tree: await subjectTree(deps.db, actorOf(req).platformId) }));

  app.post('/api/catalogue/subjects', {
    schema: {
      tags: ['catalogue'], summary: '新增分类 Create a subject',
      body: z.object({ parentId: z.number().int().positive().nullish(), name: name(60), sortOrder: sortOrder.optional() }).strict(),
      response: { 200: subjectSchema, ...errors(400, 401, 403) },
    },
  }, async (req) => createSubject(deps.db, actorOf(req), req.body, deps.clock()));

  app.patch('/api/catalogue/subjects/:id', {
    schema: {
      tags: ['catalogue'], summary: '修改分类 Update a subject', params: idParams,
      body: z.object({ name: name(60).optional(), sortOrder: sortOrder.optional(), active: z.boolean().optional() }).strict(),
      response: { 200: subjectSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => updateSubject(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.get('/api/catalogue/subjects/export', {
    schema: { tags: ['catalogue'], summary: '导出分类 CSV Export subjects in the import format', produces: ['text/csv'], response: errors(401) },
  }, async (req, reply) => {
    const paths = await subjectPaths(deps.db, actorOf(req).platformId);
    const depth = Math.max(3, ...paths.map((p) => p.length));
    const header = ['一级分类', '二级分类', '三级分类', '四级分类', '五级分类'].slice(0, depth);
    return sendCsv(reply, '诉求分类.csv', header, paths.map((p) => header.map((_, i) => p[i] ?? '')));
  });

  app.post('/api/catalogue/subjects/import', {
    schema: {
      tags: ['catalogue'], summary: '导入分类 CSV Import subjects (text/csv: 一级分类,二级分类,三级分类)',
      consumes: ['text/csv'],
      body: z.string().min(1).max(5_000_000),
      response: { 200: z.object({ rows: z.number(), created: z.number(), existing: z.number(), rejected: z.array(rowError) }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const actor = actorOf(req);
    return importSubjectsCsv(deps.db, actor, actor.platformId, req.body, deps.clock());
  });

  app.get('/api/catalogue/:list', {
    schema: { tags: ['catalogue'], summary: '字典：诉求类型 / 来源 / 紧急程度 Code lists', params: z.object({ list: listParam }), response: { 200: z.object({ items: z.array(codeSchema) }), ...errors(400, 401) } },
  }, async (req) => ({ items: await listCodes(deps.db, actorOf(req).platformId, req.params.list) }));

  app.put('/api/catalogue/:list/:code', {
    schema: {
      tags: ['catalogue'], summary: '新增或修改字典项 Upsert a code',
      params: z.object({ list: listParam, code: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, bi('编码须为小写字母开头的 1–32 位字母、数字或下划线', 'code: 1–32 lowercase letters, digits or _, starting with a letter')) }),
      body: z.object({
        name: name(30), nameEn: name(60), sortOrder: sortOrder.optional(), active: z.boolean().optional(),
        reportGroup: z.string().trim().max(30).nullable().optional().describe('types only: 报表分组, e.g. 市政管理类; empty clears it'),
      }).strict(),
      response: { 200: codeSchema, ...errors(400, 401, 403) },
    },
  }, async (req) => putCode(deps.db, actorOf(req), req.params.list, req.params.code, req.body, deps.clock()));
};
