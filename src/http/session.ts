// Session and CSRF handling for every /api route. A route opts out with `config: { public: true }`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actor.js';
import { AppError, unauthenticated } from '../domain/errors.js';
import { resolveSession, type SessionInfo } from '../services/auth.js';
import type { AppDeps } from './deps.js';

export const SESSION_COOKIE = 'ms_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionInfo | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerSession(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  // onRequest, before the body is parsed or validated: a forged request learns nothing about the
  // body it would have needed.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(deps.db, token, deps.clock());
      req.session = session && { ...session, actor: { ...session.actor, ip: req.ip } };
      req.sessionToken = req.session ? token : null;
    }
    if (req.routeOptions.config.public) return;
    if (!req.session) throw unauthenticated();
    // The cookie alone is not enough to change anything: the page must also echo the token it
    // was given at log-in, which another site cannot read.
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== req.session.csrfToken) {
      throw new AppError(403, 'csrf_failed', '页面已过期或请求来源不可信，请刷新后重试', 'Missing or wrong x-csrf-token header');
    }
  });
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The signed-in user of a route that is not public (the hook has already refused anonymous calls). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw unauthenticated();
  return req.session.actor;
}
