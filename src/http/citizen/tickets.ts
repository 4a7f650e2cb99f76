// The citizen API (no account): submit a matter, follow it, rate the answer. Public routes, so each
// is rate-limited per IP; look-ups that match nothing also count against a stricter budget, so
// guessing numbers and phones stops long before it could pay off. The phone travels in POST bodies
// only: a URL would leave it in proxy and access logs.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { SATISFACTIONS } from '../../domain/tickets/machine.js';
import { CITIZEN_CHANNELS, citizenView, findOwnTicket, rate, submit } from '../../services/citizen/tickets.js';
import type { Ticket } from '../../db/schema.js';
import type { AppDeps, CitizenLimits } from '../deps.js';
import { errorSchema, errors } from '../schemas.js';
import { bi } from '../validation.js';

export const DEFAULT_CITIZEN_LIMITS: CitizenLimits = { submitPerHour: 20, lookupPerMinute: 30, failuresPerHour: 10 };

const ts = z.string().describe('ISO 8601 instant');
const ticketNumber = z.string().trim().regex(/^\d{8,16}$/, bi('工单编号为 8–16 位数字', 'the ticket number is 8–16 digits'));
const phone = z.string().trim().min(1).max(30).describe('the phone given when submitting');

const receiptSchema = z.object({ number: z.string(), state: z.string(), stateLabel: z.string(), acceptedAt: ts });

const citizenTicketSchema = z.object({
  number: z.string(), state: z.string(), stateLabel: z.string(), type: z.string(), typeLabel: z.string(), title: z.string(), content: z.string(),
  citizen: z.object({ name: z.string().nullable().describe('masked: 张*'), phone: z.string().nullable().describe('masked: 138****5678') }),
  acceptedAt: ts, closedAt: ts.nullable(),
  timeline: z.array(z.object({ at: ts, step: z.string(), label: z.string(), unitName: z.string().nullable().describe('the unit (a public body), never a person') })),
  result: z.object({ text: z.string(), unitName: z.string().nullable(), at: ts.nullable() }).nullable().describe('the answer, once given'),
  rating: z.object({
    open: z.boolean().describe('the citizen may rate now'),
    given: z.object({ resolved: z.boolean().nullable(), satisfaction: z.string().nullable(), at: ts }).nullable(),
  }),
});

const submitBody = z.object({
  channel: z.enum(CITIZEN_CHANNELS).optional().describe('web (default), wechat, app, open311'),
  type: z.string().trim().min(1).max(32).describe('consult, help, complaint, report, suggestion, praise, other'),
  subjectId: z.number().int().positive().nullish(),
  title: z.string().trim().max(200).nullish(),
  content: z.string().trim().min(1).max(5000),
  name: z.string().trim().max(50).nullish(),
  phone: phone.describe('required: the citizen follows the ticket with it'),
  location: z.object({
    address: z.string().trim().max(300).nullish(), lng: z.number().min(-180).max(180).nullish(), lat: z.number().min(-90).max(90).nullish(),
  }).strict().nullish(),
  confidential: z.boolean().optional().describe('保密: units see a masked name and phone'),
}).strict();

const lookupBody = z.object({ number: ticketNumber, phone }).strict();
const rateBody = z.object({
  number: ticketNumber, phone, resolved: z.boolean(),
  satisfaction: z.enum(SATISFACTIONS).describe('satisfied 满意 / basic 基本满意 / unsatisfied 不满意'),
  comment: z.string().trim().max(500).nullish(),
}).strict();

// One answer for an unknown number and a wrong phone: which of the two was wrong is not said.
const noMatch = () => new AppError(404, 'not_found', '未找到该工单，请核对工单编号和手机号码', 'No ticket with this number and phone');
const tooMany = () => new AppError(429, 'rate_limited', '查询失败次数过多，请稍后再试', 'Too many failed look-ups; try again later');

const publicRoute = { public: true } as const;

export const citizenRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const limits = { ...DEFAULT_CITIZEN_LIMITS, ...deps.citizenLimits };
  const failures = app.createRateLimit({ max: limits.failuresPerHour, timeWindow: '1 hour' });
  const lookupLimit = { max: limits.lookupPerMinute, timeWindow: '1 minute' };

  /** The caller's own ticket, or 404; a miss is counted, and too many misses lock the caller out for a while. */
  async function ownTicket(req: FastifyRequest, reply: { header(k: string, v: string): unknown }, number: string, phoneNumber: string): Promise<Ticket> {
    // A peek: the budget is spent once the misses reach the limit (the store counts `current > max`
    // as exceeded, which would allow one guess more than configured).
    const status = await failures(req, { increment: false });
    if (!status.isAllowed && status.remaining === 0) {
      reply.header('retry-after', String(status.ttlInSeconds));
      throw tooMany();
    }
    const ticket = await findOwnTicket(deps, number, phoneNumber);
    if (!ticket) {
      await failures(req);
      throw noMatch();
    }
    return ticket;
  }

  app.post('/api/public/tickets', {
    config: { ...publicRoute, rateLimit: { max: limits.submitPerHour, timeWindow: '1 hour' } },
    schema: {
      tags: ['citizen'], summary: '市民提交诉求 Submit a matter (no account; Idempotency-Key honoured)', security: [], body: submitBody,
      headers: z.object({ 'idempotency-key': z.string().trim().min(1).max(90).optional() }).passthrough(),
      response: { 200: receiptSchema, 201: receiptSchema, ...errors(400, 409), 429: errorSchema },
    },
  }, async (req, reply) => {
    const { receipt, replayed } = await submit(deps, req.body, deps.clock(), req.headers['idempotency-key']);
    return reply.status(replayed ? 200 : 201).send(receipt);
  });

  app.post('/api/public/tickets/lookup', {
    config: { ...publicRoute, rateLimit: lookupLimit },
    schema: {
      tags: ['citizen'], summary: '市民查询办理进度 Follow a ticket with its number and the phone', security: [], body: lookupBody,
      response: { 200: citizenTicketSchema, ...errors(400, 404), 429: errorSchema },
    },
  }, async (req, reply) => citizenView(deps.db, await ownTicket(req, reply, req.body.number, req.body.phone)));

  app.post('/api/public/tickets/rate', {
    config: { ...publicRoute, rateLimit: lookupLimit },
    schema: {
      tags: ['citizen'], summary: '市民评价 Rate the answer (when answered or awaiting the return visit; once)', security: [], body: rateBody,
      response: { 200: citizenTicketSchema, ...errors(400, 404, 409), 429: errorSchema },
    },
  }, async (req, reply) => {
    const ticket = await ownTicket(req, reply, req.body.number, req.body.phone);
    const { resolved, satisfaction, comment } = req.body;
    const rated = await rate(deps, ticket, { resolved, satisfaction, comment }, deps.clock());
    return citizenView(deps.db, rated);
  });
};
