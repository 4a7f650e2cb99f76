import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeOwnPassword, login, logout } from '../../services/auth.js';
import type { AppDeps } from '../deps.js';
import { errors, userSchema } from '../schemas.js';
import { actorOf, clearSessionCookie, setSessionCookie } from '../session.js';

const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });

export const authRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: '登录 Log in',
      body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }),
      response: { 200: sessionSchema, ...errors(400, 401, 423) },
    },
  }, async (req, reply) => {
    const result = await login(deps.db, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] }, deps.clock(), deps.sessionHours);
    setSessionCookie(reply, result.token, result.expiresAt, deps.cookieSecure);
    return { user: result.user, csrfToken: result.csrfToken };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out', response: { 200: z.object({ ok: z.literal(true) }), ...errors(401, 403) } } },
    async (req, reply) => {
      actorOf(req);
      if (req.sessionToken) await logout(deps.db, req.sessionToken);
      clearSessionCookie(reply);
      return { ok: true as const };
    });

  app.post('/api/auth/password', {
    // Guessing the current password from a stolen session is throttled like log-in.
    config: { rateLimit: { max: deps.loginRateLimit, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: '修改本人密码 Change one\'s own password (ends the other sessions)',
      body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }).strict(),
      response: { 200: z.object({ ok: z.literal(true) }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    await changeOwnPassword(deps.db, actorOf(req), req.body.currentPassword, req.body.newPassword, req.sessionToken!, deps.clock());
    return { ok: true as const };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: sessionSchema, ...errors(401) } } },
    async (req) => ({ user: req.session!.user, csrfToken: req.session!.csrfToken }));
};

