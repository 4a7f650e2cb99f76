import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/index.js';
import { calendarCsvRows, calendarYear, importCalendar, setDay } from '../../services/calendar.js';
import { sendCsv } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { errors, rowError } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const dayKind = z.enum(['workday', 'weekend', 'holiday', 'makeup']);
const daySchema = z.object({ date: z.string(), kind: dayKind, isWorking: z.boolean(), name: z.string().nullable() });

export const calendarRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/calendar', {
    schema: {
      tags: ['calendar'], summary: '工作日历（一年） Working calendar of a year',
      querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      response: { 200: z.object({ year: z.number(), days: z.array(daySchema), workHours: z.array(z.object({ start: z.string(), end: z.string() })) }), ...errors(400, 401) },
    },
  }, async (req) => calendarYear(deps.db, actorOf(req).platformId, req.query.year ?? Number(deps.clock().toISOString().slice(0, 4))));

  app.get('/api/calendar/export', {
    schema: {
      tags: ['calendar'], summary: '导出年度日历 CSV Export a year (date,kind,name, every day)', produces: ['text/csv'],
      querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      response: errors(400, 401),
    },
  }, async (req, reply) => sendCsv(reply, `工作日历-${req.query.year}.csv`, ['date', 'kind', 'name'],
    await calendarCsvRows(deps.db, actorOf(req).platformId, req.query.year)));

  app.put('/api/calendar/days/:date', {
    schema: {
      tags: ['calendar'], summary: '设置某日类型 Set a day',
      params: z.object({ date: z.string().refine(isValidDate, bi('日期格式应为 YYYY-MM-DD 且真实存在', 'date must be a real YYYY-MM-DD')) }),
      body: z.object({ kind: dayKind, name: z.string().trim().max(50).nullish() }).strict(),
      response: { 200: daySchema, ...errors(400, 401, 403) },
    },
  }, async (req) => setDay(deps.db, actorOf(req), req.params.date, req.body.kind, req.body.name ?? null, deps.clock()));

  app.post('/api/calendar/import', {
    schema: {
      tags: ['calendar'], summary: '导入年度日历 Import a year (text/csv date,kind,name, or chinese-days JSON)',
      consumes: ['text/csv', 'application/json'],
      body: z.union([z.string().min(1).max(2_000_000), z.object({ holidays: z.record(z.string(), z.string()), workdays: z.record(z.string(), z.string()) }).loose()]),
      response: {
        200: z.object({ years: z.array(z.number()), imported: z.number(), rejected: z.array(rowError) }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => {
    const actor = actorOf(req);
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return importCalendar(deps.db, actor, actor.platformId, text, deps.clock());
  });
};
