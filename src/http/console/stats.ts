// 统计分析: GET /api/stats (figures for a period, grouped by up to two dimensions, with changes),
// GET /api/stats/tickets (the tickets behind one cell) and GET /api/stats/export (the same table as
// an Excel file). docs/figures.md says what each figure counts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COUNT_KEYS, FIGURE_LABELS, RATE_KEYS, isRateKey } from '../../domain/figures/index.js';
import { tableToXlsx } from '../../reports/render/xlsx.js';
import type { Cell, TableColumn } from '../../reports/document.js';
import { drillTickets } from '../../services/stats/drill.js';
import { computeStats } from '../../services/stats/stats.js';
import { DIMENSIONS, type FigureKey, type StatsQuery, type StatsResult } from '../../services/stats/types.js';
import type { AppDeps } from '../deps.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';
import { contentDisposition } from '../tickets/attachments.js';
import { bi } from '../validation.js';

const FIGURES = [...COUNT_KEYS, ...RATE_KEYS] as const;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式为 YYYY-MM-DD', 'date as YYYY-MM-DD'));
/** A list in the query string: repeated (`?type=a&type=b`) or comma-separated (`?type=a,b`). */
const list = <T extends z.ZodType>(item: T) => z.preprocess(
  (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean)),
  z.array(item).max(200).optional(),
);
const ids = list(z.coerce.number().int().positive());

const statsQuery = z.object({
  from: date.describe('first day, Asia/Shanghai'),
  to: date.describe('last day, inclusive'),
  by: list(z.enum(DIMENSIONS)).describe(`up to two of ${DIMENSIONS.join(', ')}`),
  figures: list(z.enum(FIGURES)).describe('counts and rates (docs/figures.md); default all'),
  compare: z.enum(['true', 'false']).optional().describe('add the previous period and the same period last year, with changes'),
  subjectLevel: z.coerce.number().int().min(1).max(5).optional().describe('with by=subject: the catalogue level to group at'),
  unitParentId: z.coerce.number().int().positive().optional().describe('with by=unit: group at the children of this unit'),
  source: z.enum(['rollup', 'raw']).optional().describe('raw: compute from the raw tables (slow; for checking)'),
  districtId: ids, unitId: ids,
  subtree: z.enum(['true', 'false']).optional().describe('unitId stands for its subtree (default true)'),
  type: list(z.string().max(32)), typeGroup: list(z.string().max(30)), subjectId: ids, channel: list(z.string().max(32)), urgency: list(z.string().max(32)),
});
type StatsQs = z.infer<typeof statsQuery>;

const toQuery = (q: StatsQs): StatsQuery => ({
  from: q.from, to: q.to, by: q.by, figures: q.figures as FigureKey[] | undefined, compare: q.compare === 'true',
  subjectLevel: q.subjectLevel, unitParentId: q.unitParentId, source: q.source,
  filters: {
    districtIds: q.districtId, unitIds: q.unitId, subtree: q.subtree !== 'false', types: q.type, typeGroups: q.typeGroup,
    subjectIds: q.subjectId, channels: q.channel, urgencies: q.urgency,
  },
});

const value = z.object({
  value: z.number().nullable(), previous: z.number().nullable().optional(), lastYear: z.number().nullable().optional(),
  changePrevious: z.number().nullable().optional().describe('counts: percent; rates: percentage points'), changeLastYear: z.number().nullable().optional(),
});
const row = z.object({
  keys: z.array(z.object({ dimension: z.enum(DIMENSIONS), key: z.string(), label: z.string() })),
  figures: z.record(z.string(), value).describe('rates are fractions 0–1; null when undefined (zero denominator)'),
});
const period = z.object({ from: z.string(), to: z.string() });
const statsResult = z.object({
  period, previous: period.optional(), lastYear: period.optional(), by: z.array(z.enum(DIMENSIONS)), figures: z.array(z.string()),
  rows: z.array(row), total: row, source: z.enum(['rollup', 'raw']), asOf: z.string(), rollupAt: z.string().nullable(), ms: z.number(),
});

/** The table of a result as the Excel export writes it: group labels, then each figure (and its changes). */
function tableOf(r: StatsResult): { columns: TableColumn[]; rows: Cell[][]; total: Cell[] } {
  const dimLabels: Record<string, string> = {
    district: '区县', unit: '承办单位', type: '诉求类型', typeGroup: '问题类别', subject: '诉求分类', channel: '来源渠道', urgency: '紧急程度', day: '日期', month: '月份',
  };
  const columns: TableColumn[] = r.by.map((d) => ({ title: dimLabels[d] ?? d, format: 'text' as const }));
  const compare = r.previous !== undefined;
  for (const f of r.figures as FigureKey[]) {
    const rate = isRateKey(f);
    columns.push({ title: FIGURE_LABELS[f], format: rate ? 'percent' : 'integer' });
    if (compare) {
      columns.push({ title: `${FIGURE_LABELS[f]}环比${rate ? '（百分点）' : '（%）'}`, format: 'decimal' });
      columns.push({ title: `${FIGURE_LABELS[f]}同比${rate ? '（百分点）' : '（%）'}`, format: 'decimal' });
    }
  }
  const cells = (figures: StatsResult['total']['figures']): Cell[] => (r.figures as FigureKey[]).flatMap((f) => {
    const v = figures[f];
    const main = v?.value ?? null;
    const shown = main !== null && isRateKey(f) ? main * 100 : main;
    return compare ? [shown, v?.changePrevious ?? null, v?.changeLastYear ?? null] : [shown];
  });
  return {
    columns,
    rows: r.rows.map((x) => [...x.keys.map((k) => k.label), ...cells(x.figures)]),
    total: [...r.by.map((_, i) => (i === 0 ? '合计' : '')), ...cells(r.total.figures)],
  };
}

export const statsRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/stats', {
    schema: {
      tags: ['stats'], summary: '统计 Figures of DOMAIN.md §10 for a period, grouped, with changes (docs/figures.md)',
      querystring: statsQuery, response: { 200: statsResult, ...errors(400, 401, 403) },
    },
  }, async (req) => computeStats(deps.db, actorOf(req), toQuery(req.query), deps.clock()));

  app.get('/api/stats/tickets', {
    schema: {
      tags: ['stats'], summary: '下钻 The tickets behind one cell of a statistics table',
      querystring: statsQuery.extend({
        keys: z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(z.string().max(40)).max(2).optional())
          .describe('the cell\'s key for each dimension of `by`, in order (comma-separated); an empty key, or no `keys` at all, is the unnamed group (（未指定）)'),
        figure: z.enum(COUNT_KEYS).optional().describe('the count to list (default received)'),
        limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional(),
      }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.number(), number: z.string(), title: z.string(), state: z.string(), stateLabel: z.string(), acceptedAt: z.string(), districtName: z.string().nullable() })),
          total: z.number(), figure: z.string(), limit: z.number(), offset: z.number(),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => drillTickets(deps.db, actorOf(req), {
    ...toQuery(req.query), keys: req.query.keys ?? (req.query.by ?? []).map(() => ''), figure: req.query.figure, limit: req.query.limit, offset: req.query.offset,
  }, deps.clock()));

  app.get('/api/stats/export', {
    schema: {
      tags: ['stats'], summary: '导出 The same table as an Excel file (.xlsx)',
      querystring: statsQuery, response: { 200: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const r = await computeStats(deps.db, actorOf(req), toQuery(req.query), deps.clock());
    const title = `统计分析 ${r.period.from} 至 ${r.period.to}`;
    const t = tableOf(r);
    const file = await tableToXlsx(title, t.columns, t.rows, t.total);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('attachment', `统计分析_${r.period.from}_${r.period.to}.xlsx`)).send(file);
  });
};
