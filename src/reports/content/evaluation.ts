// 五、综合考评情况 (seed 000 §五), written from the evaluation service's summary
// (src/services/evaluation/results.ts evaluationSummary: published months only): per template, how
// many units were evaluated, the full-mark units and their share, the lowest score, the black list
// and the deposit forfeited, and the ranking as a table. The annual report reads the year (annual
// composite), the monthly report its month; a week has no evaluation, so the weekly report and a
// platform with no evaluation template leave the section out (the next section takes its number).
import type { Db } from '../../db/connection.js';
import { evaluationSummary, type SummaryUnit, type TemplateSummary } from '../../services/evaluation/results.js';
import type { Block, TableBlock } from '../document.js';
import { count, nameList, percent, share } from './format.js';
import type { ReportPeriod } from './periods.js';

export type EvaluationPeriod = { year: number } | { month: string } | null;

/** What the evaluation covers for a report of this kind and period (null: none, e.g. a week). */
export function evaluationPeriodOf(kind: 'annual' | 'monthly' | 'weekly', period: ReportPeriod): EvaluationPeriod {
  if (kind === 'annual') return { year: Number(period.from.slice(0, 4)) };
  if (kind === 'monthly') return { month: period.from.slice(0, 7) };
  return null;
}

/** Full-mark units named in prose (seed 000 names its ten); more are in the ranking table. */
const FULL_NAMED = 15;

const score = (s: number | null): string => (s === null ? '—' : `${Number(s.toFixed(2))}分`);
const yuan = (n: number): string => (n >= 10_000 ? `${Number((n / 10_000).toFixed(2))}万元` : `${Number(n.toFixed(2))}元`);

/** The paragraphs and ranking table of one template. */
export function templateBlocks(t: TemplateSummary, label: string, annual: boolean, several: boolean): Block[] {
  const head = several ? `（${t.name}）` : '';
  if (!t.published) return [{ kind: 'paragraph', text: `${head}${label}考评结果尚未发布。` }];
  const ranked = t.ranking.filter((r): r is SummaryUnit & { score: number } => r.score !== null);
  const lowest = [...ranked].sort((a, b) => a.score - b.score)[0];
  const evaluated = ranked.length || t.units;
  const blocks: Block[] = [];
  blocks.push({
    kind: 'paragraph',
    text: `${head}1.考核评估方式：各成员单位按《${t.name}》逐月考评`
      + (annual ? `，年度综合得分由月度考评均值与年度考评分值构成，${label}已发布${t.publishedMonths}个月的考评结果。` : '。'),
  });
  const full = t.fullMark;
  blocks.push({
    kind: 'paragraph',
    text: `2.综合得分情况：${label}列入考评的成员单位共${count(evaluated)}家，`
      + (full.length
        ? `其中得满分的单位有${full.length}家，占总数的${percent(share(full.length, evaluated))}，`
          + (full.length <= FULL_NAMED ? `分别为${nameList(full.map((u) => u.unitName))}` : `包括${full.slice(0, FULL_NAMED).map((u) => u.unitName).join('、')}等（见下表）`)
        : '无得满分的单位')
      + (lowest ? `；得分最低的单位为${lowest.unitName}（${score(lowest.score)}）。` : '。'),
  });
  const black = t.blackList.map((u) => (annual && u.blackMonths ? `${u.unitName}（${u.blackMonths}个月）` : u.unitName));
  blocks.push({
    kind: 'paragraph',
    text: `3.黑榜及保证金：${black.length ? `列入黑榜的单位${black.length}家，为${black.join('、')}` : '无单位列入黑榜'}；`
      + (t.depositUnits > 0 ? `共有${t.depositUnits}家单位因办件不力被扣保证金共${yuan(t.depositTotal)}。` : '无单位被扣保证金。'),
  });
  if (ranked.length) {
    const table: TableBlock = {
      kind: 'table', title: `${several ? t.name : '综合考评'}得分排名`,
      columns: [
        { title: '名次', format: 'integer', width: 6 }, { title: '单位', format: 'text', width: 24 },
        { title: '得分', format: 'decimal', width: 10 }, { title: '满分', format: 'text', width: 8 }, { title: '黑榜', format: 'text', width: 8 },
      ],
      rows: t.ranking.map((r) => [r.rank, r.unitName, r.score === null ? null : Number(r.score.toFixed(2)), r.fullMark ? '是' : '', r.blackListed ? '是' : '']),
    };
    blocks.push(table);
  }
  return blocks;
}

/** The section's blocks, or null to leave it out. */
export async function evaluationBlocks(db: Db, platformId: number, kind: 'annual' | 'monthly' | 'weekly', period: ReportPeriod): Promise<Block[] | null> {
  const which = evaluationPeriodOf(kind, period);
  if (!which) return null;
  const summary = await evaluationSummary(db, platformId, which);
  if (summary.templates.length === 0) return null;
  const several = summary.templates.length > 1;
  return summary.templates.flatMap((t) => templateBlocks(t, period.label, kind === 'annual', several));
}
