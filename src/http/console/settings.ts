import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listSettings, updateSetting } from '../../services/settings-admin.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';

const settingSchema = z.object({ key: z.string(), label: z.string(), labelEn: z.string(), value: z.unknown(), defaultValue: z.unknown(), isDefault: z.boolean() });

export const settingRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/settings', {
    schema: { tags: ['settings'], summary: '平台设置 Platform settings (administrators)', response: { 200: z.object({ items: z.array(settingSchema) }), ...errors(401, 403) } },
  }, async (req) => ({ items: await listSettings(deps.db, actorOf(req)) }));

  app.put('/api/settings/:key', {
    schema: {
      tags: ['settings'], summary: '修改平台设置 Change a setting (validated per key; audited)',
      params: z.object({ key: z.string().max(64) }), body: z.object({ value: z.unknown() }).strict(),
      response: { 200: settingSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => updateSetting(deps.db, actorOf(req), req.params.key, req.body.value, deps.clock()));
};
