// STUB: the leader's first page API (GET /api/dashboard/…), written with the leader page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

export const dashboardRoutes = (_deps: AppDeps): FastifyPluginAsyncZod => async () => {};
