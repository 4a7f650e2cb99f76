// The knowledge base at city scale (issue 5 "what it must show"): 10,000 published articles built
// from the demo articles' templates with variations (district and street, extra paragraphs; about
// 250 characters on average, like the demo's guides), ~50 questions as citizens and operators put them, each searched
// through the token index (searchArticles: tsvector @@ tsquery, ts_rank_cd, GIN) and through the
// same words' ILIKE scan over title and body (scored by words matched, the old way), in the same
// run on the same database; and the re-index of all 10,000 after a dictionary change.
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { DEMO_ARTICLES } from '../src/services/knowledge/demo-articles.js';
import { searchArticles } from '../src/services/knowledge/base-search.js';
import { articleWords, queryWords, reindexArticles, tokensExpr } from '../src/services/knowledge/tokens.js';
import { tokenizerFor } from '../src/services/text/tokenizer.js';
import { escapeLike } from '../src/db/like.js';
import { benchDatabase, writeResult } from './support.js';

export interface KnowledgeBenchOptions {
  n?: number;
}

const say = (line: string) => console.log(`[bench knowledge] ${line}`);

export const QUESTIONS = [
  '停水了什么时候恢复供水', '小区突然停水怎么办', '自来水发黄能喝吗', '家里水压太低', '水费怎么交', '阶梯水价怎么算',
  '突然停电了找谁', '停电什么时候来电', '闻到燃气味怎么办', '暖气不热室温不够', '供暖什么时候开始',
  '楼下广场舞噪音太大', '工地夜间施工噪音扰民', '晚上施工有没有许可', '噪音扰民归哪个部门管',
  '公积金怎么提取', '租房可以提取公积金吗', '离职后公积金怎么办', '公积金转移到外地',
  '灵活就业怎么交社保', '社保怎么转到外地', '养老保险交满多少年', '公司拖欠工资怎么办', '工地老板不发工资', '欠薪投诉需要什么材料',
  '异地就医怎么报销', '医保异地备案', '路边摆摊占道经营', '楼下烧烤油烟扰民', '小区有人私搭乱建', '违章建筑怎么举报',
  '物业不管事找谁', '物业费太高', '电梯坏了维修资金怎么用', '屋顶漏水谁来修', '公交车不靠站', '想新开一条公交线路',
  '健身房预付卡跑路', '理发店办卡退款', '买到过期食品怎么赔偿', '小孩上小学怎么报名', '随迁子女入学', '高龄补贴怎么领',
  '低保申请条件', '居住证怎么办', '楼道堆放杂物', '电动车楼道充电', '电梯困人怎么办', '树木遮挡采光要修剪', '道路积水排涝',
];

const PLACES = ['青江区', '澜湾区', '高新区', '滨海新区', '北山县', '南湖区', '东岭区'];
const STREETS = ['滨江街道', '城南街道', '望湖街道', '新港街道', '金桥街道', '梧桐街道', '临溪镇', '桃源镇', '云栖街道', '双塘街道'];
const EXTRA = [
  '办理过程中如有疑问，可拨打12345热线咨询，工作人员将在工作时间内答复。',
  '本指南依据现行规定编写，如政策调整，以主管部门最新发布的文件为准。',
  '办理窗口工作时间为周一至周五上午9:00—12:00，下午13:30—17:00，法定节假日除外。',
  '群众可通过“青澜政务”App或公众号在线办理，材料齐全的，一般当场办结。',
  '对办理结果有异议的，可在收到答复之日起60日内申请行政复议，或在6个月内提起行政诉讼。',
  '街道、社区便民服务中心提供代办服务，行动不便的老年人、残疾人可预约上门办理。',
  '相关费用标准由价格主管部门核定，并在办理场所显著位置公示。',
];

/** A generated article: a demo article's matter in one district and street, with extra paragraphs. */
function generate(i: number): { title: string; body: string; keywords: string[]; kind: string } {
  const base = DEMO_ARTICLES[i % DEMO_ARTICLES.length]!;
  const place = PLACES[i % PLACES.length]!;
  const street = STREETS[Math.floor(i / PLACES.length) % STREETS.length]!;
  const extras = EXTRA.filter((_, k) => (i + k) % 3 === 0).slice(0, 1 + (i % 4));
  const body = `${place}${street}：${base.body}${extras.join('')}`;
  return { title: `${place}${street}${base.title}`, body, keywords: base.keywords, kind: base.kind };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), max: round(Math.max(...xs)) });

export async function benchKnowledge(options: KnowledgeBenchOptions = {}): Promise<void> {
  const n = options.n ?? 10_000;
  const bench = await benchDatabase(say);
  const { db } = bench;
  try {
    const platformId = 1;
    const units = (await db.selectFrom('units').select('id').where('platform_id', '=', platformId).where('kind', 'in', ['department', 'enterprise', 'street']).execute()).map((u) => u.id);
    const tokenizer = await tokenizerFor(db, platformId);
    const now = new Date();
    const seedStart = performance.now();
    let chars = 0;
    for (let from = 0; from < n; from += 1000) {
      const rows = [];
      for (let i = from; i < Math.min(n, from + 1000); i++) {
        const a = generate(i);
        chars += a.body.length;
        const w = articleWords(tokenizer, a);
        rows.push({
          platform_id: platformId, unit_id: units[i % units.length]!, kind: a.kind, title: a.title, body: a.body, keywords: a.keywords, status: 'published',
          live_kind: a.kind, live_title: a.title, live_body: a.body, live_keywords: a.keywords, live_at: now, live_revision: 1,
          search_tokens: tokensExpr(w.title, w.keywords, w.body) as never, created_at: now, updated_at: now,
        });
      }
      await db.insertInto('knowledge_articles').values(rows).execute();
    }
    const seedMs = performance.now() - seedStart;
    await sql`analyze knowledge_articles`.execute(db);
    const total = Number((await sql<{ n: string }>`select count(*) as n from knowledge_articles where platform_id = ${platformId} and live_at is not null`.execute(db)).rows[0]!.n);
    say(`${total} published articles (avg ${Math.round(chars / n)} characters) tokenised and inserted in ${(seedMs / 1000).toFixed(1)} s`);

    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    const words = await Promise.all(QUESTIONS.map((q) => queryWords(db, platformId, q)));
    // Warm both paths once (plans, caches), then measure each query through each, interleaved.
    for (let i = 0; i < 5; i++) await searchArticles(db, platformId, QUESTIONS[i]!, { now, words: words[i] });
    const index: number[] = [];
    const ilike: number[] = [];
    const hits: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < QUESTIONS.length; i++) {
        const q = QUESTIONS[i]!;
        const w = words[i]!;
        let found = 0;
        index.push(await time(async () => { found = (await searchArticles(db, platformId, q, { now, words: w, pageSize: 10 })).total; }));
        if (round === 0) hits.push(found);
        const patterns = w.map((x) => `%${escapeLike(x)}%`);
        const score = sql.join(patterns.map((p) => sql`(case when a.live_title ilike ${p} or a.live_body ilike ${p} then 1 else 0 end)`), sql` + `);
        ilike.push(await time(() => sql`select a.id, ${score} as score from knowledge_articles a
          where a.platform_id = ${platformId} and a.live_at is not null and (${sql.join(patterns.map((p) => sql`a.live_title ilike ${p} or a.live_body ilike ${p}`), sql` or `)})
          order by score desc, a.id desc limit 10`.execute(db)));
      }
    }
    const s = stats(index);
    const b = stats(ilike);
    say(`${QUESTIONS.length} questions × 3: token index p50/p95/max ${s.p50}/${s.p95}/${s.max} ms; ILIKE over title+body ${b.p50}/${b.p95}/${b.max} ms (p95 ${round(b.p95 / s.p95)}× slower)`);
    const reindex = await reindexArticles(db, platformId, tokenizer);
    say(`re-index of ${reindex.articles} articles: ${(reindex.ms / 1000).toFixed(1)} s (cutting the text ${(reindex.tokenizeMs / 1000).toFixed(1)} s of it)`);
    const zero = hits.filter((h) => h === 0).length;
    const result = {
      articles: total, avgChars: Math.round(chars / n), seedMs: Math.round(seedMs), postgres: bench.serverVersion, questions: QUESTIONS.length, rounds: 3,
      tokenIndex: s, ilike: b, p95Ratio: round(b.p95 / s.p95), questionsWithoutHits: zero, reindexMs: reindex.ms, reindexTokenizeMs: reindex.tokenizeMs, loadAverage: loadavg(),
    };
    const file = writeResult('knowledge', result,
      `knowledge: ${total.toLocaleString('en')} articles, ${QUESTIONS.length} questions: token index p95 ${s.p95} ms vs ILIKE ${b.p95} ms (${result.p95Ratio}×); re-index ${(reindex.ms / 1000).toFixed(1)} s`);
    say(`written ${file}`);
  } finally {
    await bench.close();
  }
}
