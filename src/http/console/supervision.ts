// STUB: supervision orders and notices API, written with the supervisor's page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

export const supervisionRoutes = (_deps: AppDeps): FastifyPluginAsyncZod => async () => {};
