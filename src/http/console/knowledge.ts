// STUB: knowledge search at intake, written with the intake screen.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

export const knowledgeRoutes = (_deps: AppDeps): FastifyPluginAsyncZod => async () => {};
