// The ticket API of the console (DOMAIN.md §5–§6): intake, list, detail and one intent endpoint per
// action, each a single use case in one transaction.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TicketAction } from '../../domain/tickets/machine.js';
import type { Ticket } from '../../db/schema.js';
import type { Doer, TicketDeps } from '../../services/tickets/context.js';
import { dispatch, redispatch } from '../../services/tickets/dispatch.js';
import { decideExtension, decideReturn, reply, requestExtension, requestReturn, resume, sign, suspend } from '../../services/tickets/handling.js';
import { intake } from '../../services/tickets/intake.js';
import { answer, archive, close, reopen, review, visit } from '../../services/tickets/outcome.js';
import { getTicket, listTickets } from '../../services/tickets/query.js';
import { invalidate, merge, split } from '../../services/tickets/queue.js';
import { supervise, urge } from '../../services/tickets/supervision.js';
import { presentTickets, reveal } from '../../services/tickets/view.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';
import { actionBodies, intakeBody, ticketDetailSchema, ticketSchema } from './schemas.js';

type Bodies = { [A in keyof typeof actionBodies]: z.infer<(typeof actionBodies)[A]> };
type Run<A extends keyof Bodies> = (deps: TicketDeps, doer: Doer, id: number, body: Bodies[A], now: Date) => Promise<Ticket | { ticket: Ticket; [k: string]: unknown }>;

// Every action but reveal (which answers with the value, not the ticket) and its use case.
const RUNNERS: { [A in Exclude<keyof Bodies, 'reveal'>]: Run<A> } = {
  answer, dispatch, redispatch, sign, 'request-return': requestReturn, 'decide-return': decideReturn, 'request-extension': requestExtension,
  'decide-extension': decideExtension, suspend, resume, reply, review, visit, reopen, close, archive, merge, split, invalidate, urge, supervise,
};

const SUMMARIES: Record<Exclude<TicketAction, 'reveal'>, string> = {
  answer: '直接答复 Answer at the front desk', dispatch: '派单 Dispatch to primary + assisting units', redispatch: '二级派单 Re-dispatch to a unit below',
  sign: '签收 Sign for an assignment', 'request-return': '申请退单 Ask to return', 'decide-return': '审批退单 Decide a return request',
  'request-extension': '申请延期 Ask for an extension', 'decide-extension': '审批延期 Decide an extension', suspend: '挂起 Suspend (or ask to)',
  resume: '解除挂起 Resume', reply: '办理反馈 Reply', review: '审核 Review the reply', visit: '回访 Return visit', reopen: '重办 Reopen',
  close: '办结 Close', archive: '归档 Archive', merge: '并单 Merge into a master ticket', split: '拆单 Split', invalidate: '无效工单 Mark invalid',
  urge: '催办 Urge', supervise: '督办 Open / answer / close a supervision order',
};

const csv = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export const ticketRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/tickets', {
    schema: {
      tags: ['tickets'], summary: '受理 Intake a ticket (Idempotency-Key honoured)', body: intakeBody,
      headers: z.object({ 'idempotency-key': z.string().trim().min(1).max(100).optional() }).passthrough(),
      response: { 200: ticketSchema, 201: ticketSchema, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const { ticket, replayed } = await intake(deps, actor, req.body, deps.clock(), { idempotencyKey: req.headers['idempotency-key'] });
    // A new ticket has no assignments yet; a replayed one may have been dispatched since.
    const [view] = await presentTickets(deps.db, [ticket], actor, replayed ? undefined : []);
    return reply.status(replayed ? 200 : 201).header('location', `/api/tickets/${ticket.id}`).send(view!);
  });

  app.get('/api/tickets', {
    schema: {
      tags: ['tickets'], summary: '工单列表 Tickets in scope, filtered and paged',
      querystring: z.object({
        state: z.string().max(200).optional().describe('comma-separated states'), type: z.string().max(32).optional(), subjectId: z.coerce.number().int().positive().optional(),
        channel: z.string().max(32).optional(), unitId: z.coerce.number().int().positive().optional(), assignmentState: z.string().max(200).optional(),
        pending: z.string().max(100).optional().describe('comma-separated: return, extension, suspend (requests awaiting the dispatcher)'),
        sentBack: z.enum(['true', 'false']).optional().describe('with unitId / your unit: assignments sent back by the reviewer (退回重办)'),
        repeat: z.enum(['true', 'false']).optional().describe('true: only 屡办不成 repeat complaints (docs/repeats.md)'),
        districtId: z.coerce.number().int().positive().optional(), overdue: z.enum(['any', '30d']).optional(), slaLevel: z.coerce.number().int().min(0).max(2).optional(),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式为 YYYY-MM-DD', 'date as YYYY-MM-DD')).optional(),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式为 YYYY-MM-DD', 'date as YYYY-MM-DD')).optional(),
        q: z.string().max(100).optional().describe('ticket number, or words: full-text, every word must match (docs/search.md)'),
        phone: z.string().max(30).optional().describe('the caller\'s earlier tickets (platform users; matched by keyed hash, never stored)'), sort: z.enum(['acceptedAt', '-acceptedAt', 'dueAt', '-dueAt', 'unitDue', 'relevance']).optional().describe('unitDue: your unit\'s own live assignment deadline first (the workbench); relevance: with q, best full-text match first'), ...paging,
      }),
      response: { 200: z.object({ total: z.number(), items: z.array(ticketSchema) }), ...errors(400, 401) },
    },
  }, async (req) => listTickets(deps, actorOf(req), {
    ...req.query, state: csv(req.query.state), assignmentState: csv(req.query.assignmentState), pending: csv(req.query.pending), sentBack: req.query.sentBack === 'true', repeat: req.query.repeat === 'true',
  }, deps.clock()));

  app.get('/api/tickets/:id', {
    schema: { tags: ['tickets'], summary: '工单详情 One ticket with assignments, events and the dispatch proposal', params: idParams, response: { 200: ticketDetailSchema, ...errors(400, 401, 404) } },
  }, async (req) => getTicket(deps.db, actorOf(req), req.params.id));

  app.post('/api/tickets/:id/reveal', {
    schema: {
      tags: ['tickets'], summary: '查看完整信息 Reveal a masked field (platform roles; logged)', params: idParams, body: actionBodies.reveal,
      response: { 200: z.object({ field: z.string(), value: z.string().nullable() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => reveal(deps, actorOf(req), req.params.id, req.body.field, deps.clock()));

  for (const action of Object.keys(RUNNERS) as (keyof typeof RUNNERS)[]) {
    app.post(`/api/tickets/:id/${action}`, {
      schema: {
        tags: ['ticket actions'], summary: SUMMARIES[action], params: idParams, body: actionBodies[action],
        response: { 200: ticketSchema.extend({ created: z.array(ticketSchema).optional(), orderId: z.number().optional() }), ...errors(400, 401, 403, 404, 409) },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const run = RUNNERS[action] as Run<typeof action>;
      const out = await run(deps, actor, req.params.id, req.body as never, deps.clock());
      const ticket = 'ticket' in out ? out.ticket : out;
      const [view] = await presentTickets(deps.db, [ticket], actor);
      const created = 'created' in out && Array.isArray(out.created) ? await presentTickets(deps.db, out.created as Ticket[], actor) : undefined;
      return { ...view!, ...(created ? { created } : {}), ...('orderId' in out ? { orderId: out.orderId as number } : {}) };
    });
  }
};
