// The month's results as a table (CSV download now; the same rows as a ReportDocument for the
// Word/PDF/Excel renderers of src/reports), and the months a caller may open.
import { hasRole, type Actor } from '../../domain/actor.js';
import type { ReportDocument } from '../../reports/document.js';
import type { Db } from '../../db/connection.js';
import { unitIdInScope } from '../../db/scope.js';
import { monthRange } from './compute.js';
import { listScores, seesRanking, type ScoresPage } from './results.js';

/** Every visible row of a month (the ranking is at most a few hundred units: read in pages of 200). */
async function allScores(db: Db, actor: Actor, code: string, month: string): Promise<ScoresPage> {
  const first = await listScores(db, actor, code, month, { page: 1, pageSize: 200 });
  for (let page = 2; (page - 1) * 200 < first.total; page++) first.items.push(...(await listScores(db, actor, code, month, { page, pageSize: 200 })).items);
  return first;
}

const indicatorColumns = (s: ScoresPage) => s.items[0]?.indicators.map((i) => i.label) ?? [];
const tallyLabels = ['超期办理', '被督办', '回访不满意', '省派工单处置不力'];
const tallyKinds = ['overdue', 'supervision', 'unsatisfied', 'province'];

export async function exportRows(db: Db, actor: Actor, code: string, month: string) {
  const s = await allScores(db, actor, code, month);
  const header = ['排名', '单位', '重点单位', '得分', ...indicatorColumns(s).map((l) => `${l}得分`), ...tallyLabels.map((l) => `${l}扣分`), '加分', '满分', '黑榜', '扣保证金（元）'];
  const rows = s.items.map((r) => [
    r.rank, r.unitName, r.keyUnit ? '是' : '', r.total, ...r.indicators.map((i) => i.points),
    ...tallyKinds.map((k) => r.tallies.find((t) => t.kind === k)?.points ?? 0), r.bonuses, r.fullMark ? '是' : '', r.blackListed ? '是' : '', r.deposit,
  ]);
  const state = s.period.state === 'published' ? '' : '（草稿）';
  return { filename: `${s.period.templateName}${month}考评结果${state}.csv`, header, rows, scores: s };
}

/** Rank, then name and key-unit mark, numbers, the two list marks, the deposit. */
const columnFormat = (i: number, n: number): 'integer' | 'text' | 'decimal' => (i === 0 ? 'integer' : i <= 2 || i === n - 3 || i === n - 2 ? 'text' : 'decimal');

/** The month as a report document: one ranking table, with the lists and the deposit total in prose. */
export async function evaluationDocument(db: Db, actor: Actor, code: string, month: string, now: Date): Promise<ReportDocument> {
  const { header, rows, scores } = await exportRows(db, actor, code, month);
  const full = scores.items.filter((r) => r.fullMark).map((r) => r.unitName);
  const black = scores.items.filter((r) => r.blackListed).map((r) => r.unitName);
  return {
    title: `${scores.period.templateName} ${month} 月度考评结果`, kind: 'evaluation',
    subtitle: scores.period.state === 'published' ? `发布于 ${scores.period.publishedAt?.slice(0, 10)}` : '草稿（未发布）',
    period: { from: monthRange(month).from, to: monthRange(month).to }, generatedAt: now.toISOString(),
    blocks: [
      { kind: 'paragraph', text: `本月参加考评单位${scores.total}家；满分单位${full.length}家${full.length ? `：${full.join('、')}` : ''}；列入黑榜${black.length}家${black.length ? `：${black.join('、')}` : ''}；扣缴保证金合计${scores.depositTotal}元。` },
      { kind: 'table', title: '月度考评排名', columns: header.map((title, i) => ({ title, format: columnFormat(i, header.length) })), rows },
    ],
  };
}

/** Templates and months the caller may open: the office, leaders and supervisors all; units their published months. */
export async function listPeriods(db: Db, actor: Actor) {
  let q = db.selectFrom('evaluation_periods as p')
    .innerJoin('evaluation_templates as t', (j) => j.onRef('t.platform_id', '=', 'p.platform_id').onRef('t.code', '=', 'p.template_code').on('t.active', '=', true))
    .select(['p.template_code', 'p.month', 'p.state']).distinct()
    .where('p.platform_id', '=', actor.platformId);
  if (!seesRanking(actor)) {
    q = q.where('p.state', '=', 'published').where((eb) => eb.exists(eb.selectFrom('evaluation_units as e').select('e.unit_id')
      .whereRef('e.template_code', '=', 'p.template_code').where('e.platform_id', '=', actor.platformId).where('e.unit_id', '=', actor.unitId)));
  } else if (!hasRole(actor, 'admin')) {
    q = q.where((eb) => eb.exists(eb.selectFrom('evaluation_units as e').select('e.unit_id')
      .whereRef('e.template_code', '=', 'p.template_code').where('e.platform_id', '=', actor.platformId).where(unitIdInScope(actor, 'e.unit_id'))));
  }
  const rows = await q.orderBy('p.template_code').orderBy('p.month', 'desc').execute();
  const names = await db.selectFrom('evaluation_templates').select(['code', 'name']).distinctOn('code').where('platform_id', '=', actor.platformId)
    .where('active', '=', true).orderBy('code').orderBy('version', 'desc').execute();
  const visible = names.filter((n) => rows.some((r) => r.template_code === n.code) || seesRanking(actor));
  return visible.map((n) => ({
    code: n.code, name: n.name,
    months: rows.filter((r) => r.template_code === n.code).map((r) => ({ month: r.month.slice(0, 7), state: r.state })),
  }));
}
