import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importUsersCsv } from '../../services/users-import.js';
import { createUser, getUser, listUsers, setPassword, unlockUser, updateUser } from '../../services/users.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, name, paging, password, role, rowError, username, userSchema } from '../schemas.js';
import { actorOf } from '../session.js';

const page = z.object({ items: z.array(userSchema), total: z.number(), page: z.number(), pageSize: z.number() });
const roles = z.array(role).min(1).max(10);

export const userRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/users', {
    schema: {
      tags: ['users'], summary: '用户列表 Users within scope',
      querystring: z.object({
        unit: z.coerce.number().int().positive().optional(),
        subtree: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        role: role.optional(),
        q: z.string().trim().max(50).optional(),
        ...paging,
      }),
      response: { 200: page, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { unit, ...rest } = req.query;
    return listUsers(deps.db, actorOf(req), { ...rest, unitId: unit }, deps.clock());
  });

  app.post('/api/users/import', {
    schema: {
      tags: ['users'], summary: '导入用户 CSV Import users (text/csv: 用户名,姓名,单位编码,角色,初始密码)', consumes: ['text/csv'],
      body: z.string().min(1).max(5_000_000),
      response: { 200: z.object({ rows: z.number(), created: z.number(), rejected: z.array(rowError) }), ...errors(400, 401, 403, 409) },
    },
  }, async (req) => importUsersCsv(deps.db, actorOf(req), req.body, deps.clock()));

  app.get('/api/users/:id', {
    schema: { tags: ['users'], summary: '用户详情 One user', params: idParams, response: { 200: userSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => getUser(deps.db, actorOf(req), req.params.id, deps.clock()));

  app.post('/api/users', {
    schema: {
      tags: ['users'], summary: '新增用户 Create a user',
      body: z.object({ username, displayName: name(50), unitId: z.number().int().positive(), roles, password }).strict(),
      response: { 200: userSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => createUser(deps.db, actorOf(req), req.body, deps.clock()));

  app.patch('/api/users/:id', {
    schema: {
      tags: ['users'], summary: '修改用户 Update a user', params: idParams,
      body: z.object({ displayName: name(50).optional(), unitId: z.number().int().positive().optional(), roles: roles.optional(), active: z.boolean().optional() }).strict(),
      response: { 200: userSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => updateUser(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.post('/api/users/:id/password', {
    schema: {
      tags: ['users'], summary: '重置密码 Reset a password', params: idParams, body: z.object({ password }).strict(),
      response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    await setPassword(deps.db, actorOf(req), req.params.id, req.body.password, deps.clock());
    return { ok: true as const };
  });

  app.post('/api/users/:id/unlock', {
    schema: { tags: ['users'], summary: '解除锁定 Unlock', params: idParams, response: { 200: userSchema, ...errors(400, 401, 403, 404) } },
  }, async (req) => unlockUser(deps.db, actorOf(req), req.params.id, deps.clock()));
};
