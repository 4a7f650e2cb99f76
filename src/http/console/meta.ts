import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../../domain/roles.js';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../domain/units.js';
import { ping } from '../../db/connection.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';

const labelled = z.array(z.object({ code: z.string(), name: z.string() }));

export const metaRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/health', {
    config: { public: true },
    schema: { tags: ['meta'], summary: '健康检查 Health', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => {
    await ping(deps.db);
    return { status: 'ok' as const };
  });

  app.get('/api/meta', {
    schema: { tags: ['meta'], summary: '角色与单位类型名称 Labels', response: { 200: z.object({ roles: labelled, unitKinds: labelled }), ...errors(401) } },
  }, async () => ({
    roles: ROLES.map((code) => ({ code, name: ROLE_LABELS[code] })),
    unitKinds: UNIT_KINDS.map((code) => ({ code, name: UNIT_KIND_LABELS[code] })),
  }));
};
