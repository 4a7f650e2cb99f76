// The HTTP server: console API, OpenAPI at /docs, and the built web console at /.
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { citizenKnowledgeRoutes } from './citizen/knowledge.js';
import { citizenRoutes } from './citizen/tickets.js';
import { auditRoutes } from './console/audit.js';
import { authRoutes } from './console/auth.js';
import { calendarRoutes } from './console/calendar.js';
import { catalogueRoutes } from './console/catalogue.js';
import { dashboardRoutes } from './console/dashboard.js';
import { statsRoutes } from './console/stats.js';
import { reportRoutes } from './console/reports.js';
import { dispatchRoutes } from './console/dispatch.js';
import { duplicateRoutes } from './console/duplicates.js';
import { knowledgeRoutes } from './console/knowledge.js';
import { metaRoutes } from './console/meta.js';
import { settingRoutes } from './console/settings.js';
import { slaPolicyRoutes } from './console/sla-policies.js';
import { supervisionRoutes } from './console/supervision.js';
import { suggestionRoutes } from './console/suggestions.js';
import { wordRoutes } from './console/words.js';
import { attachmentRoutes } from './tickets/attachments.js';
import { ticketRoutes } from './tickets/console.js';
import { overdueRoutes } from './tickets/overdue.js';
import { streamRoutes } from './tickets/stream.js';
import { unitRoutes } from './console/units.js';
import { userRoutes } from './console/users.js';
import { warningRoutes } from './console/warnings.js';
import { evaluationRoutes } from './console/evaluation.js';
import type { AppDeps } from './deps.js';
import { registerErrorHandler } from './errors.js';
import { registerSession } from './session.js';
import { zodValidatorCompiler } from './validation.js';

export type { AppDeps };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    requestIdHeader: 'x-request-id',
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  // The request id travels back so a caller can quote it when reporting a problem.
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // CSV uploads (catalogue, calendar) arrive as text.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // Standard security headers (no sniffing, no framing by other sites, no referrer leaks). The
  // content-security policy allows what antd's CSS-in-JS and the map need: inline styles, data: images.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"], fontSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'self'"], upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // Attachments: one file per request. The size cap here is only the outer bound; each upload is
  // read with the platform's own limit (setting attachments.maxBytes).
  await app.register(multipart, { limits: { fileSize: 100 * 1024 * 1024, files: 1, fields: 4, parts: 6 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '民声 Minsheng API', description: '12345 政务服务便民热线平台接口 / API of the Minsheng 12345 hotline platform. Errors: {error:{code,message,message_en,fields?}}.', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ms_session' }, csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerSession(app, deps);
  for (const routes of [metaRoutes, authRoutes, unitRoutes, userRoutes, catalogueRoutes, calendarRoutes, auditRoutes, ticketRoutes, dispatchRoutes, settingRoutes, overdueRoutes, slaPolicyRoutes, streamRoutes, dashboardRoutes, supervisionRoutes, knowledgeRoutes, duplicateRoutes, suggestionRoutes, wordRoutes, warningRoutes, statsRoutes, reportRoutes]) {
    await app.register(routes(deps));
  }
  await app.register(evaluationRoutes(deps));
  await app.register(citizenRoutes(deps));
  await app.register(citizenKnowledgeRoutes(deps));
  if (deps.files) await app.register(attachmentRoutes({ ...deps, files: deps.files }));

  const web = deps.webDist;
  const hasWeb = web !== undefined && existsSync(path.join(web, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: web, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    // A missing asset (a stale /assets/x.js after a rebuild) is a 404, not the page: a page in its
    // place would leave the browser with a blank screen.
    const file = /\.[a-z0-9]+$/i.test(req.url.split('?')[0]!);
    if (req.url.startsWith('/api/') || !hasWeb || req.method !== 'GET' || file) {
      return reply.status(404).send({ error: { code: 'not_found', message: '接口不存在', message_en: `No route ${req.method} ${req.url.split('?')[0]}` } });
    }
    // The console is a single-page app: every other path is one of its screens.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
