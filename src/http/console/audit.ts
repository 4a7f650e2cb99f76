import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../services/audit.js';
import type { AppDeps } from '../deps.js';
import { errors, paging } from '../schemas.js';
import { actorOf } from '../session.js';

const entry = z.object({
  id: z.number(), at: z.string(), action: z.string(), actorId: z.number().nullable(), actorName: z.string().nullable(),
  actorUnitName: z.string().nullable(), targetType: z.string().nullable(), targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()), ip: z.string().nullable(),
});

export const auditRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: '操作日志 Audit log (platform administrators)',
      querystring: z.object({
        action: z.string().trim().max(50).optional().describe('prefix, e.g. auth. or user.create'),
        actor: z.coerce.number().int().positive().optional(),
        targetType: z.string().trim().max(30).optional(),
        targetId: z.string().trim().max(40).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        ...paging,
      }),
      response: { 200: z.object({ items: z.array(entry), total: z.number(), page: z.number(), pageSize: z.number() }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const { actor, from, to, ...rest } = req.query;
    return listAudit(deps.db, actorOf(req), { ...rest, actorId: actor, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
  });
};
