// 超期统计: the overdue buckets per unit in the caller's scope (the "超期30天以上" report bucket).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { overdueBuckets } from '../../services/tickets/overdue.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';

const counts = { overdue: z.number().describe('live assignments past their reply deadline'), overdue30: z.number().describe('of those, more than 30 days past') };

export const overdueRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/tickets/overdue-summary', {
    schema: {
      tags: ['tickets'], summary: '超期统计 Overdue assignments per unit in scope (超期 / 超期30天以上)',
      response: {
        200: z.object({
          asOf: z.string(), total: z.object(counts),
          units: z.array(z.object({ unitId: z.number(), unitName: z.string(), unitKind: z.string(), ...counts })),
        }),
        ...errors(401),
      },
    },
  }, async (req) => overdueBuckets(deps.db, actorOf(req), deps.clock()));
};
