// The citizen API (no account): submit a matter, follow it, rate the answer. Public routes, so each
// is rate-limited per IP; look-ups that match nothing also count against a stricter budget, so
// guessing numbers and phones stops long before it could pay off. The phone travels in POST bodies
// only: a URL would leave it in proxy and access logs.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, fieldError } from '../../domain/errors.js';
import { SATISFACTIONS } from '../../domain/tickets/machine.js';
import { attachmentLimits, tooLarge } from '../../services/attachments/attachments.js';
import {
  addCitizenPhoto, CITIZEN, CITIZEN_CHANNELS, citizenView, findOwnTicket, publicCatalogue, publicDistricts, publicPlace, rate, submit,
} from '../../services/citizen/tickets.js';
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
  photos: z.array(z.object({ fileName: z.string(), size: z.number(), at: ts })).describe('the photos the citizen added'),
});

const catalogueSchema = z.object({
  platformName: z.string().describe('the hotline\'s name'),
  types: z.array(z.object({ code: z.string(), name: z.string() })).describe('诉求类型'),
  subjects: z.array(z.object({ id: z.number(), name: z.string() })).describe('top-level 诉求分类'),
});
const photoSchema = z.object({ fileName: z.string(), contentType: z.string().describe('read from the bytes'), size: z.number(), createdAt: ts });
const placeSchema = z.object({ district: z.string().nullable(), street: z.string().nullable(), community: z.string().nullable() });

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

/** Reading the catalogue and the map: cheap, cached by the page, limited only against floods. */
const READ_LIMIT = { max: 120, timeWindow: '1 minute' };
/** Photos an address may add an hour, per submission it may make: a few photos each. */
const PHOTOS_PER_SUBMISSION = 3;

/** Multipart errors of the plugin, in the house's words. */
function uploadError(e: unknown, maxBytes: number): unknown {
  switch ((e as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return fieldError('file', '一次只能上传一张照片', 'one photo per request');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return fieldError('body', '表单字段过多：只需 number、phone 和 file', 'too many form fields: only number, phone and file');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传，照片字段名为 file', 'Upload as multipart/form-data with the photo in the field "file"');
    default:
      return e;
  }
}

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

  app.get('/api/public/catalogue', {
    config: { ...publicRoute, rateLimit: READ_LIMIT },
    schema: {
      tags: ['citizen'], summary: '诉求类型与一级分类 Types and top-level subjects to choose from (no account)', security: [],
      response: { 200: catalogueSchema, 429: errorSchema },
    },
  }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return publicCatalogue(deps.db);
  });

  app.get('/api/public/geo/districts', {
    config: { ...publicRoute, rateLimit: READ_LIMIT },
    schema: {
      tags: ['citizen'], summary: '区县边界 GeoJSON District outlines, to tap where the matter is (no account)', security: [],
      response: { 200: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }).describe('GeoJSON FeatureCollection; properties {id, code, name, shortName}'), 429: errorSchema },
    },
  }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return publicDistricts(deps.db);
  });

  app.get('/api/public/location', {
    config: { ...publicRoute, rateLimit: lookupLimit },
    schema: {
      tags: ['citizen'], summary: '坐标所在的区县、街道、社区 Names of the district, street and community at a point (no account)', security: [],
      querystring: z.object({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
      response: { 200: placeSchema, ...errors(400), 429: errorSchema },
    },
  }, async (req) => publicPlace(deps.db, req.query.lng, req.query.lat));

  const files = deps.files;
  if (!files) return;
  app.post('/api/public/tickets/attachments', {
    config: { ...publicRoute, rateLimit: { max: limits.submitPerHour * PHOTOS_PER_SUBMISSION, timeWindow: '1 hour' } },
    schema: {
      tags: ['citizen'], summary: '市民为本人工单添加照片 Add a photo to one\'s own ticket (multipart: number, phone, file; images only)', security: [],
      consumes: ['multipart/form-data'],
      response: { 201: photoSchema, ...errors(400, 404, 409), 413: errorSchema, 415: errorSchema, 429: errorSchema },
    },
  }, async (req, reply) => {
    const { maxBytes } = await attachmentLimits(deps.db, CITIZEN.platformId);
    let number: string | undefined;
    let phoneNumber: string | undefined;
    let ticket: Ticket | undefined;
    let file: { part: MultipartFile; bytes: Buffer } | undefined;
    const fields = () => {
      const parsed = z.object({ number: ticketNumber, phone }).safeParse({ number, phone: phoneNumber });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = String(issue.path[0] ?? 'number');
        throw fieldError(field, field === 'phone' ? '请填写提交时的手机号码' : '请填写工单编号（8–16 位数字）', field === 'phone' ? 'the phone given when submitting is required' : 'the ticket number (8–16 digits) is required');
      }
      return parsed.data;
    };
    try {
      for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 3, parts: 4, fieldSize: 200 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw fieldError(part.fieldname, '照片须放在 file 字段', 'send the photo in the field "file"');
          // Number and phone sent first (as the page does): the owner is checked before a byte is read.
          if (number !== undefined && phoneNumber !== undefined) {
            const f = fields();
            ticket = await ownTicket(req, reply, f.number, f.phone);
          }
          file = { part, bytes: await part.toBuffer() };
        } else if (part.fieldname === 'number') {
          number = String(part.value);
        } else if (part.fieldname === 'phone') {
          phoneNumber = String(part.value);
        } else {
          throw fieldError(part.fieldname, '不认识的字段（只需 number、phone 和 file）', 'unknown field (only number, phone and file)');
        }
      }
    } catch (e) {
      throw uploadError(e, maxBytes);
    }
    const f = fields();
    if (!file) throw fieldError('file', '请选择要上传的照片', 'the field "file" is required');
    ticket ??= await ownTicket(req, reply, f.number, f.phone);
    const photo = await addCitizenPhoto({ ...deps, files }, ticket, { fileName: file.part.filename, declaredType: file.part.mimetype, bytes: file.bytes }, deps.clock());
    return reply.status(201).send(photo);
  });
};
