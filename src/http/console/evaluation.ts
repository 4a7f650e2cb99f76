// 考评 Unit evaluation (DOMAIN.md §11, docs/evaluation.md): templates (administrators at the platform
// root, audited), computing and publishing a month, the ranking and a score explained down to the
// tickets (leaders, supervisors and administrators see every unit in scope; a unit its own), bonuses,
// the annual composite, the lists, and the export.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole, type Actor } from '../../domain/actor.js';
import { conflict, forbidden } from '../../domain/errors.js';
import { BONUS_CATEGORIES, CURVES, DEDUCTION_KINDS } from '../../domain/evaluation/index.js';
import { RATE_KEYS } from '../../domain/figures/keys.js';
import { computeAnnual, listAnnual, putAnnualScores } from '../../services/evaluation/annual.js';
import { addBonus, computeMonth, deleteBonus, listBonuses, publishMonth } from '../../services/evaluation/compute.js';
import { evaluationDocument, exportRows, listPeriods } from '../../services/evaluation/export.js';
import { evaluationSummary, explainScore, listScores } from '../../services/evaluation/results.js';
import { atPlatformRoot } from '../../services/tickets/context.js';
import { currentTemplates, deleteTemplate, getTemplate, listTemplates, requireEvaluationAdmin, saveTemplate } from '../../services/evaluation/templates.js';
import { sendCsv } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { errors, paging } from '../schemas.js';
import { actorOf } from '../session.js';
import { bi } from '../validation.js';

const score = (label: string) => z.number().min(0, bi(`${label}不能小于 0`, `${label} cannot be negative`)).max(1000, bi(`${label}不能大于 1000`, `${label} is at most 1000`));
const percent = z.number().min(0, bi('百分比不能小于 0', 'a percentage cannot be negative')).max(100, bi('百分比不能大于 100', 'a percentage is at most 100'));

export const templateBody = z.object({
  maxScore: z.number().min(1, bi('满分至少为 1', 'maxScore is at least 1')).max(1000),
  indicators: z.array(z.object({
    key: z.enum(RATE_KEYS, bi('未知指标', 'unknown figure')), weight: score('分值'), target: percent, floor: percent,
    curve: z.enum(CURVES, bi('计分方式为 linear、step 或 ratio', 'curve is linear, step or ratio')),
  }).strict()).max(20),
  deductions: z.array(z.object({
    kind: z.enum(DEDUCTION_KINDS, bi('扣分项为 overdue、supervision、unsatisfied 或 province', 'kind is overdue, supervision, unsatisfied or province')),
    points: z.number().min(0, bi('每次扣分不能小于 0', 'points cannot be negative')).max(100), cap: score('封顶').nullable(),
  }).strict()).max(DEDUCTION_KINDS.length),
  bonusCap: score('加分上限'),
  lists: z.object({
    fullMark: score('满分线'), blackBottomN: z.number().int().min(0).max(1000).nullable(), blackBelow: score('黑榜分数线').nullable(),
  }).strict(),
  deposit: z.object({
    perBlackMonth: z.number().min(0, bi('金额不能小于 0', 'the amount cannot be negative')).max(1_000_000),
    perPointBelow: z.number().min(0, bi('金额不能小于 0', 'the amount cannot be negative')).max(1_000_000), threshold: score('扣保证金分数线').nullable(),
  }).strict(),
  annual: z.object({
    monthlyWeight: z.number().min(0).max(10), annualWeight: z.number().min(0).max(10), onSiteWeight: z.number().min(0).max(10),
  }).strict(),
}).strict();

const templateInput = z.object({
  name: z.string().trim().min(1, bi('请填写方案名称', 'the name is required')).max(100, bi('方案名称最多 100 字', 'the name is at most 100 characters')),
  body: templateBody,
  units: z.array(z.object({ unitId: z.number().int().positive(), keyUnit: z.boolean() }).strict()).max(2000),
});

const code = z.string().regex(/^[a-z0-9_-]{1,40}$/, bi('方案代码为 1–40 位小写字母、数字、下划线或横线', 'code: 1–40 lowercase letters, digits, _ or -'));
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, bi('月份格式应为 YYYY-MM', 'month must be YYYY-MM'));
const year = z.coerce.number().int(bi('年份应为整数', 'year must be an integer')).min(2000, bi('年份应在 2000–2100 之间', 'year must be between 2000 and 2100')).max(2100, bi('年份应在 2000–2100 之间', 'year must be between 2000 and 2100'));
const codeParams = z.object({ code });
const monthParams = z.object({ code, month });
const yearParams = z.object({ code, year });

const templateView = z.object({
  id: z.number(), code: z.string(), version: z.number(), name: z.string(), body: templateBody, active: z.boolean(), createdAt: z.string(),
  units: z.array(z.object({ unitId: z.number(), keyUnit: z.boolean(), name: z.string(), kind: z.string() })), versions: z.array(z.number()),
});

const periodView = z.object({
  templateCode: z.string(), templateName: z.string(), templateVersion: z.number(), month: z.string(), state: z.enum(['draft', 'published']),
  computedAt: z.string(), publishedAt: z.string().nullable(),
});

const scoreRow = z.object({
  unitId: z.number(), unitName: z.string(), keyUnit: z.boolean(), total: z.number(), rank: z.number(), previousRank: z.number().nullable(),
  indicatorPoints: z.number(), deductions: z.number(), bonuses: z.number(),
  indicators: z.array(z.object({ key: z.string(), label: z.string(), value: z.number().nullable().describe('percent'), weight: z.number(), points: z.number() })),
  tallies: z.array(z.object({ kind: z.string(), label: z.string(), events: z.number(), points: z.number(), capped: z.number() })),
  fullMark: z.boolean(), blackListed: z.boolean(), deposit: z.number().describe('yuan'),
});

const annualRow = z.object({
  unitId: z.number(), unitName: z.string(), keyUnit: z.boolean(), annualScore: z.number().nullable(), onSiteScore: z.number().nullable(), months: z.number(),
  monthlyMean: z.number().nullable(), composite: z.number().nullable(), incomplete: z.boolean(), rank: z.number().nullable(), computedAt: z.string().nullable(),
});

const summaryUnit = z.object({
  unitId: z.number(), unitName: z.string(), score: z.number().nullable(), rank: z.number().nullable(), fullMark: z.boolean(), blackListed: z.boolean(), deposit: z.number(),
  blackMonths: z.number().optional(),
});

export const evaluationRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/evaluation/templates', {
    schema: { tags: ['evaluation'], summary: '考评方案 Templates, newest version of each (administrators at the platform root)', response: { 200: z.object({ templates: z.array(templateView) }), ...errors(401, 403) } },
  }, async (req) => ({ templates: await listTemplates(deps.db, actorOf(req)) }));

  app.get('/api/evaluation/templates/:code', {
    schema: { tags: ['evaluation'], summary: '考评方案详情 A template with its units and versions', params: codeParams, response: { 200: templateView, ...errors(400, 401, 403, 404) } },
  }, async (req) => getTemplate(deps.db, actorOf(req), req.params.code));

  app.post('/api/evaluation/templates', {
    schema: {
      tags: ['evaluation'], summary: '新建考评方案 Create a template (version 1)', body: templateInput.extend({ code }).strict(),
      response: { 201: templateView, ...errors(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    requireEvaluationAdmin(actor);
    if ((await currentTemplates(deps.db, actor.platformId, req.body.code)).length) throw conflict(`方案代码“${req.body.code}”已存在`, `template "${req.body.code}" exists`, 'exists');
    return reply.status(201).send(await saveTemplate(deps.db, actor, req.body, deps.clock()));
  });

  app.put('/api/evaluation/templates/:code', {
    schema: {
      tags: ['evaluation'], summary: '保存考评方案 Save a new version; `version` is the one edited (409 when someone saved since)', params: codeParams,
      body: templateInput.extend({ version: z.number().int().positive() }).strict(), response: { 200: templateView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const actor = actorOf(req);
    await getTemplate(deps.db, actor, req.params.code);
    const { version, ...input } = req.body;
    return saveTemplate(deps.db, actor, { ...input, code: req.params.code }, deps.clock(), version);
  });

  app.delete('/api/evaluation/templates/:code', {
    schema: { tags: ['evaluation'], summary: '停用考评方案 Delete a template (computed months keep it)', params: codeParams, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    await deleteTemplate(deps.db, actorOf(req), req.params.code, deps.clock());
    return reply.status(204).send(null);
  });

  app.get('/api/evaluation/periods', {
    schema: {
      tags: ['evaluation'], summary: '考评月份 The templates and months the caller may read (units: published months only)',
      response: { 200: z.object({ templates: z.array(z.object({ code: z.string(), name: z.string(), months: z.array(z.object({ month: z.string(), state: z.enum(['draft', 'published']) })) })) }), ...errors(401) },
    },
  }, async (req) => ({ templates: await listPeriods(deps.db, actorOf(req)) }));

  app.post('/api/evaluation/:code/months/:month/compute', {
    schema: {
      tags: ['evaluation'], summary: '计算月度考评 Compute (or recompute) a month\'s draft; 409 once published', params: monthParams,
      response: { 200: z.object({ periodId: z.number(), templateCode: z.string(), templateVersion: z.number(), month: z.string(), units: z.number(), items: z.number(), state: z.literal('draft') }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => computeMonth(deps.db, actorOf(req), req.params.code, req.params.month, deps.clock()));

  app.post('/api/evaluation/:code/months/:month/publish', {
    schema: {
      tags: ['evaluation'], summary: '发布月度考评 Publish: the month is frozen from now on', params: monthParams,
      response: { 200: z.object({ periodId: z.number(), publishedAt: z.string() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => publishMonth(deps.db, actorOf(req), req.params.code, req.params.month, deps.clock()));

  app.get('/api/evaluation/:code/months/:month/scores', {
    schema: {
      tags: ['evaluation'], summary: '月度考评结果 The ranking, best first (units: their own score only)', params: monthParams,
      querystring: z.object({ list: z.enum(['full', 'black'], bi('名单为 full 或 black', 'list is full or black')).optional().describe('full 满分单位 | black 黑榜'), ...paging }),
      response: {
        200: z.object({ period: periodView, items: z.array(scoreRow), total: z.number(), page: z.number(), pageSize: z.number(), depositTotal: z.number(), fullMarkCount: z.number(), blackListCount: z.number() }),
        ...errors(400, 401, 404),
      },
    },
  }, async (req) => listScores(deps.db, actorOf(req), req.params.code, req.params.month, req.query));

  app.get('/api/evaluation/:code/months/:month/scores/:unitId', {
    schema: {
      tags: ['evaluation'], summary: '得分说明 A unit\'s score with every point lost and the ticket behind it (paged)',
      params: monthParams.extend({ unitId: z.coerce.number().int().positive() }),
      querystring: z.object({ kind: z.enum(DEDUCTION_KINDS).optional(), ...paging }),
      response: {
        200: z.object({
          period: periodView, score: scoreRow, total: z.number(), page: z.number(), pageSize: z.number(),
          items: z.array(z.object({ id: z.number(), kind: z.string(), label: z.string(), points: z.number(), at: z.string(), ticketId: z.number(), ticketNumber: z.string(), ticketTitle: z.string(), assignmentId: z.number().nullable(), orderId: z.number().nullable() })),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => explainScore(deps.db, actorOf(req), req.params.code, req.params.month, req.params.unitId, req.query));

  app.get('/api/evaluation/:code/months/:month/export', {
    schema: {
      tags: ['evaluation'], summary: '导出月度考评 The month\'s results: CSV (default), or Excel, Word, PDF, HTML through the report renderers', params: monthParams,
      querystring: z.object({ format: z.enum(['csv', 'xlsx', 'docx', 'pdf', 'html'], bi('格式为 csv、xlsx、docx、pdf 或 html', 'format is csv, xlsx, docx, pdf or html')).default('csv') }),
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: errors(400, 401, 404),
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    if (req.query.format === 'csv') {
      const { filename, header, rows } = await exportRows(deps.db, actor, req.params.code, req.params.month);
      return sendCsv(reply, filename, header, rows);
    }
    // Loaded on first use: the renderers bring fonts, docx, pdfkit and ECharts along.
    const { renderReport, reportFileName, FORMAT_INFO } = await import('../../reports/render/index.js');
    const doc = await evaluationDocument(deps.db, actor, req.params.code, req.params.month, deps.clock());
    const body = await renderReport(doc, req.query.format);
    return reply.header('content-type', FORMAT_INFO[req.query.format].contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(reportFileName(doc, req.query.format))}`).send(body as never);
  });

  app.get('/api/evaluation/:code/months/:month/bonuses', {
    schema: {
      tags: ['evaluation'], summary: '加分记录 Manual bonuses of the month', params: monthParams,
      response: { 200: z.object({ items: z.array(z.object({ id: z.number(), unitId: z.number(), unitName: z.string(), category: z.string(), reason: z.string(), points: z.number(), createdAt: z.string() })) }), ...errors(400, 401, 403) },
    },
  }, async (req) => ({ items: await listBonuses(deps.db, actorOf(req), req.params.code, req.params.month) }));

  app.post('/api/evaluation/:code/months/:month/bonuses', {
    schema: {
      tags: ['evaluation'], summary: '加分 Add a bonus (counted at the next compute; 409 once published)', params: monthParams,
      body: z.object({
        unitId: z.number().int().positive(), category: z.enum(BONUS_CATEGORIES, bi('类别为 innovation、self_solved 或 other', 'category is innovation, self_solved or other')),
        reason: z.string().trim().min(1, bi('请填写加分理由', 'the reason is required')).max(500, bi('理由最多 500 字', 'the reason is at most 500 characters')),
        points: z.number().gt(0, bi('加分须大于 0', 'points must be above 0')).max(100, bi('加分最多 100', 'points are at most 100')),
      }).strict(),
      response: { 201: z.object({ id: z.number() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await addBonus(deps.db, actorOf(req), req.params.code, req.params.month, req.body, deps.clock())));

  app.delete('/api/evaluation/bonuses/:id', {
    schema: { tags: ['evaluation'], summary: '删除加分 Remove a bonus (409 once its month is published)', params: z.object({ id: z.coerce.number().int().positive() }), response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => {
    await deleteBonus(deps.db, actorOf(req), req.params.id, deps.clock());
    return reply.status(204).send(null);
  });

  app.get('/api/evaluation/:code/years/:year/annual', {
    schema: { tags: ['evaluation'], summary: '年度综合考评 The year\'s composite per unit, best first', params: yearParams, response: { 200: z.object({ items: z.array(annualRow) }), ...errors(400, 401, 404) } },
  }, async (req) => ({ items: await listAnnual(deps.db, actorOf(req), req.params.code, req.params.year) }));

  app.put('/api/evaluation/:code/years/:year/annual/scores', {
    schema: {
      tags: ['evaluation'], summary: '录入年度与现场考评分 Enter annual and on-site scores', params: yearParams,
      body: z.object({ entries: z.array(z.object({ unitId: z.number().int().positive(), annualScore: score('年度考评分').nullable(), onSiteScore: score('现场考评分').nullable() }).strict()).max(2000) }).strict(),
      response: { 200: z.object({ items: z.array(annualRow) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => ({ items: await putAnnualScores(deps.db, actorOf(req), req.params.code, req.params.year, req.body.entries, deps.clock()) }));

  app.post('/api/evaluation/:code/years/:year/annual/compute', {
    schema: { tags: ['evaluation'], summary: '计算年度综合得分 Compute the composite from the published months', params: yearParams, response: { 200: z.object({ items: z.array(annualRow) }), ...errors(400, 401, 403, 404) } },
  }, async (req) => ({ items: await computeAnnual(deps.db, actorOf(req), req.params.code, req.params.year, deps.clock()) }));

  app.get('/api/evaluation/summary', {
    schema: {
      tags: ['evaluation'], summary: '考评名单 Ranking, full-mark list, black list and deposits of a published month or a year (leaders, supervisors, administrators at the platform root)',
      querystring: z.object({ month: month.optional(), year: year.optional() }).refine((q) => (q.month === undefined) !== (q.year === undefined), { message: bi('请给出 month 或 year 之一', 'give either month or year'), path: ['month'] }),
      response: {
        200: z.object({
          kind: z.enum(['month', 'year']), period: z.object({ from: z.string(), to: z.string() }),
          templates: z.array(z.object({
            code: z.string(), name: z.string(), units: z.number(), published: z.boolean(), publishedMonths: z.number(),
            ranking: z.array(summaryUnit), fullMark: z.array(summaryUnit), blackList: z.array(summaryUnit), depositTotal: z.number(), depositUnits: z.number(),
          })),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => {
    const actor = actorOf(req);
    assertSummaryReader(actor);
    return evaluationSummary(deps.db, actor.platformId, req.query.month ? { month: req.query.month } : { year: req.query.year! });
  });
};


/** The lists name every unit: the office, its leaders and supervisors read them. */
function assertSummaryReader(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'leader', 'supervisor') || !atPlatformRoot(actor)) throw forbidden('查看考评名单');
}
