// 督办 The supervisor's API: supervision orders (opened, answered and closed through the ticket action
// `supervise`; listed here), the per-unit watch list, and 督办通报 notices. Everything is scoped to
// the caller's unit subtree: the hotline office sees all, a unit what concerns it or units below it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/index.js';
import { listNotices, publishNotice } from '../../services/supervision/notices.js';
import { listOrders, ORDER_STATES, unitWatch } from '../../services/supervision/orders.js';
import type { AppDeps } from '../deps.js';
import { errors, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const ts = z.string().describe('ISO 8601 instant');
const unitId = z.coerce.number().int().positive();

const orderSchema = z.object({
  id: z.number(), ticketId: z.number(), ticketNumber: z.string(), ticketTitle: z.string(), ticketState: z.string(), ticketStateLabel: z.string(),
  unitId: z.number(), unitName: z.string(), level: z.string().describe('system | oa | inspector | leader'), levelLabel: z.string().describe('系统督办 …'),
  state: z.enum(ORDER_STATES).describe('open 督办中 (awaiting the unit\'s answer) | answered 已答复 | closed 已结束'), stateLabel: z.string(), reason: z.string(), deadline: ts,
  late: z.boolean().describe('unanswered and past its deadline'), openedAt: ts, openedByName: z.string().nullable(),
  answer: z.string().nullable(), answeredAt: ts.nullable(), answeredOnTime: z.boolean().nullable(), result: z.string().nullable(), closedAt: ts.nullable(),
});

const watchCounts = {
  overdue: z.number().describe('live assignments at or past their reply deadline'), overdue30: z.number().describe('of those, more than 30 days past'),
  warning: z.number().describe('live assignments past 75% of their reply limit, not yet due (临期)'),
  ordersOpen: z.number().describe('supervision orders not yet answered'), orders30: z.number().describe('supervision orders opened in the last 30 days'),
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式为 YYYY-MM-DD', 'date as YYYY-MM-DD'))
  .refine(isValidDate, bi('日期无效', 'not a valid date'));

const noticeBody = z.object({
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(10_000),
  unitIds: z.array(z.number().int().positive()).min(1).max(50).describe('the units named'),
  periodFrom: day.describe('the period the notice covers, Shanghai dates'),
  periodTo: day,
}).strict().refine((b) => b.periodTo >= b.periodFrom, { message: bi('结束日期不能早于开始日期', 'the period ends before it starts'), path: ['periodTo'] });

const noticeSchema = z.object({
  id: z.number(), title: z.string(), body: z.string(), periodFrom: z.string(), periodTo: z.string(),
  units: z.array(z.object({ id: z.number(), name: z.string() })), publishedAt: ts, publishedByName: z.string().nullable(), publishedUnitName: z.string().nullable(),
});

export const supervisionRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/supervision/orders', {
    schema: {
      tags: ['supervision'], summary: '督办单列表 Supervision orders against units in scope, newest first',
      querystring: z.object({
        state: z.enum(ORDER_STATES).optional(), unitId: unitId.optional().describe('orders against this unit or below it'),
        q: z.string().trim().max(20).optional().describe('a ticket number'), ...paging,
      }),
      response: {
        200: z.object({
          items: z.array(orderSchema), total: z.number(), page: z.number(), pageSize: z.number(),
          counts: z.object({ open: z.number(), answered: z.number(), closed: z.number() }).describe('orders per state under the same unit filter'),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => listOrders(deps.db, actorOf(req), req.query, deps.clock()));

  app.get('/api/supervision/units', {
    schema: {
      tags: ['supervision'], summary: '按单位督办 Per unit in scope: overdue and near-deadline assignments, open and recent supervision orders',
      response: {
        200: z.object({ asOf: ts, total: z.object(watchCounts), units: z.array(z.object({ unitId: z.number(), unitName: z.string(), unitKind: z.string(), ...watchCounts })) }),
        ...errors(401),
      },
    },
  }, async (req) => unitWatch(deps.db, actorOf(req), deps.clock()));

  app.get('/api/supervision/notices', {
    schema: {
      tags: ['supervision'], summary: '督办通报 Notices: all for the hotline office, those naming a unit in scope for a unit; newest first',
      querystring: z.object({ unitId: unitId.optional().describe('notices naming this unit or a unit below it'), q: z.string().trim().max(50).optional(), ...paging }),
      response: { 200: z.object({ items: z.array(noticeSchema), total: z.number(), page: z.number(), pageSize: z.number() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => listNotices(deps.db, actorOf(req), req.query));

  app.post('/api/supervision/notices', {
    schema: {
      tags: ['supervision'], summary: '发布督办通报 Publish a notice (supervisors; the units named must be in scope)',
      body: noticeBody,
      response: { 201: noticeSchema, ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const notice = await publishNotice(deps.db, actorOf(req), req.body, deps.clock());
    return reply.status(201).send(notice);
  });
};
