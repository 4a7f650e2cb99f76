// 报表 (docs/reports.md): a report on demand (the document as JSON for the screen, or a file in one
// format), report schedules for administrators, and 我的报表, the deliveries a user received.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate } from '../../domain/figures/index.js';
import { ROLES } from '../../domain/roles.js';
import type { ReportRequest } from '../../reports/content/build.js';
import { isMonth, isYear, REPORT_KINDS } from '../../reports/content/periods.js';
import { CADENCES } from '../../reports/cadence.js';
import { REPORT_FORMATS } from '../../reports/render/index.js';
import { deliveredFile, listInbox, markRead, unreadCount } from '../../services/reports/deliveries.js';
import { renderedReport, reportDocument } from '../../services/reports/generate.js';
import { createSchedule, listSchedules, setScheduleActive, updateSchedule } from '../../services/reports/schedules.js';
import type { AppDeps } from '../deps.js';
import { errors, idParams, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { contentDisposition } from '../tickets/attachments.js';
import { bi } from '../validation.js';

/** Which report: the kind and the one field that names its period. */
const reportQuery = z.object({
  kind: z.enum(REPORT_KINDS).describe('annual 年报 | monthly 月报 | weekly 周报 | units 承办单位办件情况表'),
  year: z.string().optional().describe('annual: YYYY'),
  month: z.string().optional().describe('monthly: YYYY-MM'),
  week: z.string().optional().describe('weekly: any day of the week (Monday to Sunday), YYYY-MM-DD'),
  from: z.string().optional().describe('units: first day, YYYY-MM-DD'),
  to: z.string().optional().describe('units: last day, YYYY-MM-DD'),
  parentUnitId: z.coerce.number().int().positive().optional().describe('whose children the unit figures list (default: the platform root, or your unit)'),
}).superRefine((q, ctx) => {
  const need = (field: 'year' | 'month' | 'week' | 'from' | 'to', ok: (v: string) => boolean, zh: string, en: string) => {
    const v = q[field];
    if (v === undefined || !ok(v)) ctx.addIssue({ code: 'custom', path: [field], message: bi(zh, en) });
  };
  if (q.kind === 'annual') need('year', isYear, '请填写年份（YYYY）', 'year is required as YYYY');
  if (q.kind === 'monthly') need('month', isMonth, '请填写月份（YYYY-MM）', 'month is required as YYYY-MM');
  if (q.kind === 'weekly') need('week', isValidDate, '请填写该周中的任一日期（YYYY-MM-DD）', 'week is required as a date YYYY-MM-DD');
  if (q.kind === 'units') {
    need('from', isValidDate, '请填写开始日期（YYYY-MM-DD）', 'from is required as YYYY-MM-DD');
    need('to', isValidDate, '请填写结束日期（YYYY-MM-DD）', 'to is required as YYYY-MM-DD');
    if (q.from && q.to && isValidDate(q.from) && isValidDate(q.to) && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: bi('结束日期不能早于开始日期', 'to must not be before from') });
  }
});
type ReportQs = z.infer<typeof reportQuery>;

const toRequest = (q: ReportQs): ReportRequest => {
  const parent = q.parentUnitId === undefined ? {} : { parentUnitId: q.parentUnitId };
  switch (q.kind) {
    case 'annual': return { kind: 'annual', year: Number(q.year), ...parent };
    case 'monthly': return { kind: 'monthly', month: q.month!, ...parent };
    case 'weekly': return { kind: 'weekly', week: q.week!, ...parent };
    case 'units': return { kind: 'units', from: q.from!, to: q.to!, ...parent };
  }
};

const cell = z.union([z.string(), z.number(), z.null()]);
const block = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('heading'), level: z.union([z.literal(1), z.literal(2)]), text: z.string() }),
  z.object({ kind: z.literal('paragraph'), text: z.string() }),
  z.object({
    kind: z.literal('table'), title: z.string(),
    columns: z.array(z.object({ title: z.string(), format: z.enum(['text', 'integer', 'percent', 'decimal']).optional(), width: z.number().optional() })),
    rows: z.array(z.array(cell)), total: z.array(cell).optional(), totalFirst: z.boolean().optional(), unitNote: z.string().optional(), note: z.string().optional(),
  }),
  z.object({ kind: z.literal('chart'), title: z.string(), option: z.record(z.string(), z.unknown()), width: z.number().optional(), height: z.number().optional() }),
]);
const documentSchema = z.object({
  title: z.string(), subtitle: z.string().optional(), kind: z.string(), period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(), blocks: z.array(block),
});

const scheduleBody = z.object({
  name: z.string().trim().min(1, bi('请填写名称', 'the name is required')).max(100, bi('名称最多 100 字', 'the name is at most 100 characters')),
  kind: z.enum(REPORT_KINDS),
  formats: z.array(z.enum(REPORT_FORMATS)).min(1, bi('请至少选择一种格式', 'choose at least one format')).max(4),
  cadence: z.enum(CADENCES).describe('weekly | monthly | annual'),
  day: z.number().int().min(1, bi('发送日应为 1–31', 'day is 1–31')).max(31, bi('发送日应为 1–31', 'day is 1–31')).describe('weekly: 1 Monday … 7 Sunday; monthly: 1–28; annual: the day of the month'),
  month: z.number().int().min(1).max(12).nullable().optional().describe('annual: 1–12'),
  hour: z.number().int().min(0, bi('发送时间应为 0–23 点', 'hour is 0–23')).max(23, bi('发送时间应为 0–23 点', 'hour is 0–23')),
  parentUnitId: z.number().int().positive().nullable().optional(),
  recipientUserIds: z.array(z.number().int().positive()).max(200).default([]),
  recipientRoles: z.array(z.enum(ROLES)).max(10).default([]),
  recipientUnitId: z.number().int().positive().nullable().optional(),
  active: z.boolean().optional(),
}).strict();

const scheduleSchema = z.object({
  id: z.number(), name: z.string(), kind: z.enum(REPORT_KINDS), formats: z.array(z.enum(REPORT_FORMATS)), cadence: z.enum(CADENCES),
  day: z.number(), month: z.number().nullable(), hour: z.number(), parentUnitId: z.number().nullable(), parentUnitName: z.string().nullable(),
  recipientUserIds: z.array(z.number()), recipientUsers: z.array(z.object({ id: z.number(), name: z.string() })), recipientRoles: z.array(z.string()),
  recipientUnitId: z.number().nullable(), recipientUnitName: z.string().nullable(), active: z.boolean(),
  nextAt: z.string().nullable().describe('the next time it fires (ISO)'), lastDeliveryAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});

const inboxItem = z.object({
  id: z.number(), scheduleName: z.string(), kind: z.string(), title: z.string(), periodFrom: z.string(), periodTo: z.string(),
  generatedAt: z.string(), readAt: z.string().nullable(), files: z.array(z.object({ format: z.enum(REPORT_FORMATS), size: z.number() })),
});

export const reportRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/reports/document', {
    schema: {
      tags: ['reports'], summary: '报表内容 A report as content (headings, paragraphs, tables, charts), for the screen; figures in your scope',
      querystring: reportQuery, response: { 200: documentSchema.extend({ ms: z.number() }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const { doc, ms } = await reportDocument(deps.db, actorOf(req), toRequest(req.query), deps.clock());
    return { ...doc, ms };
  });

  app.get('/api/reports/file', {
    schema: {
      tags: ['reports'], summary: '下载报表 A report as a file: Word, PDF, Excel or HTML (inline, for an iframe)',
      querystring: z.intersection(reportQuery, z.object({ format: z.enum(REPORT_FORMATS).describe('docx | pdf | xlsx | html') })),
      response: { 200: z.any().describe('the file'), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const r = await renderedReport(deps.db, actorOf(req), toRequest(req.query), req.query.format, deps.clock());
    return reply.header('content-type', r.contentType)
      .header('content-disposition', contentDisposition(r.format === 'html' ? 'inline' : 'attachment', r.fileName))
      .header('x-report-ms', String(r.buildMs + r.renderMs))
      .header('cache-control', 'private, no-store')
      .send(r.bytes);
  });

  app.get('/api/reports/schedules', {
    schema: {
      tags: ['reports'], summary: '定时报表 Report schedules (administrators)', querystring: z.object(paging),
      response: { 200: z.object({ items: z.array(scheduleSchema), total: z.number(), page: z.number(), pageSize: z.number() }), ...errors(400, 401, 403) },
    },
  }, async (req) => listSchedules(deps.db, actorOf(req), req.query, deps.clock()));

  app.post('/api/reports/schedules', {
    schema: { tags: ['reports'], summary: '新建定时报表 Create a schedule (administrators)', body: scheduleBody, response: { 200: scheduleSchema, ...errors(400, 401, 403, 409) } },
  }, async (req) => createSchedule(deps.db, actorOf(req), req.body, deps.clock()));

  app.put('/api/reports/schedules/:id', {
    schema: { tags: ['reports'], summary: '修改定时报表 Replace a schedule\'s settings (administrators)', params: idParams, body: scheduleBody, response: { 200: scheduleSchema, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => updateSchedule(deps.db, actorOf(req), req.params.id, req.body, deps.clock()));

  app.post('/api/reports/schedules/:id/active', {
    schema: {
      tags: ['reports'], summary: '启用/停用 Switch a schedule on or off (administrators)', params: idParams,
      body: z.object({ active: z.boolean() }).strict(), response: { 200: scheduleSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => setScheduleActive(deps.db, actorOf(req), req.params.id, req.body.active, deps.clock()));

  app.get('/api/reports/inbox', {
    schema: {
      tags: ['reports'], summary: '我的报表 Reports delivered to you, newest first, with the unread count',
      querystring: z.object({ ...paging, unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe('only unread ones') }),
      response: { 200: z.object({ items: z.array(inboxItem), total: z.number(), unread: z.number(), page: z.number(), pageSize: z.number() }), ...errors(400, 401) },
    },
  }, async (req) => listInbox(deps.db, actorOf(req), req.query));

  app.get('/api/reports/inbox/unread', {
    schema: { tags: ['reports'], summary: '未读报表数 The number of unread delivered reports', response: { 200: z.object({ unread: z.number() }), ...errors(401) } },
  }, async (req) => ({ unread: await unreadCount(deps.db, actorOf(req)) }));

  app.post('/api/reports/deliveries/:id/read', {
    schema: { tags: ['reports'], summary: '标记已读 Mark a delivered report read (recipients; others 404)', params: idParams, response: { 200: z.object({ ok: z.boolean() }), ...errors(400, 401, 404) } },
  }, async (req) => {
    await markRead(deps.db, actorOf(req), req.params.id, deps.clock());
    return { ok: true };
  });

  app.get('/api/reports/deliveries/:id/files/:format', {
    schema: {
      tags: ['reports'], summary: '下载已送达报表 A delivered file (recipients only; anyone else 404); the first download marks it read',
      params: z.object({ id: z.coerce.number().int().positive(), format: z.string().max(8) }),
      response: { 200: z.any().describe('the file'), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const f = await deliveredFile(deps.db, actorOf(req), req.params.id, req.params.format, deps.clock());
    return reply.header('content-type', f.contentType)
      .header('content-disposition', contentDisposition(req.params.format === 'html' ? 'inline' : 'attachment', f.fileName))
      .header('cache-control', 'private, no-store')
      .send(f.bytes);
  });
};
