// Live updates for the console's queues: GET /api/stream is a server-sent event stream telling a
// signed-in user which tickets in their scope just changed. It carries ids and event types only;
// the screen reloads what it shows through the ordinary, scoped API.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { noticeVisibleTo } from '../../services/tickets/changes.js';
import type { TicketBus } from '../../services/tickets/bus.js';
import { atPlatformRoot } from '../../services/tickets/context.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';

/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

export const streamRoutes = (deps: AppDeps & { ticketBus?: TicketBus }): FastifyPluginAsyncZod => async (app) => {
  // Open streams never end by themselves: closing the server ends them.
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });
  app.get('/api/stream', {
    schema: {
      tags: ['tickets'],
      summary: '实时更新 Server-sent events: `event: ticket` {id, types} for a ticket in your scope, `event: sweep` {count} after a deadline sweep',
      response: { 200: z.string().describe('text/event-stream'), ...errors(401, 503) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const bus = deps.ticketBus;
    if (!bus) throw new AppError(503, 'unavailable', '实时更新未启用', 'Live updates are not enabled on this server');
    const atRoot = atPlatformRoot(actor);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive',
      'x-accel-buffering': 'no', 'x-request-id': req.id,
    });
    // On a reconnect the screen reloads (it may have missed notices meanwhile); `ready` tells it when.
    res.write(`retry: 5000\nevent: ready\ndata: {}\n\n`);
    const unsubscribe = bus.subscribe((notice) => {
      if (!noticeVisibleTo(notice, actor, atRoot)) return;
      if (notice.kind === 'ticket') res.write(`event: ticket\ndata: ${JSON.stringify({ id: notice.ticketId, types: notice.types })}\n\n`);
      else res.write(`event: sweep\ndata: ${JSON.stringify({ count: notice.count })}\n\n`);
    });
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const done = () => {
      clearInterval(beat);
      unsubscribe();
      open.delete(end);
    };
    const end = () => {
      done();
      res.end();
    };
    open.add(end);
    req.raw.on('close', done);
  });
};
