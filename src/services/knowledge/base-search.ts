// Finding live articles: what intake suggests and what the citizens' 智能问答 answers from.
//
// Ranking. The query is cut by the same tokenizer as the articles (search mode), and the words are
// OR-ed into a tsquery: an article matching more of them, closer together, ranks higher
// (ts_rank_cd). The same words restricted to weight A (title, keywords) are ranked again and added,
// so a title hit counts twice over a body hit. When the words find fewer than NEAR_WHEN articles, the
// title's trigrams are asked too (pg_trgm word_similarity), which finds near spellings
// (公积金体取 → 公积金提取) that share no word with the query.
//
// Only live articles within their validity today (Asia/Shanghai) are offered; the caller's scope
// does not narrow them: a published article is the platform's answer, whoever owns it.
import { sql } from 'kysely';
import { localDate } from '../../domain/calendar/index.js';
import type { Db } from '../../db/connection.js';
import { ARTICLE_KIND_LABELS, type ArticleKind } from './articles.js';
import { lexeme, queryWords } from './tokens.js';

/** Trigram look-up only when the words found fewer than this many articles. */
export const NEAR_WHEN = 3;
/** word_similarity of the query to (a part of) a title that counts as a near spelling. */
export const NEAR_SIMILARITY = 0.35;
const SNIPPET_CHARS = 120;

export interface ArticleHit {
  id: number;
  title: string;
  kind: ArticleKind;
  kindLabel: string;
  unitId: number;
  unitName: string;
  subjectId: number | null;
  subjectName: string | null;
  validFrom: string | null;
  validTo: string | null;
  publishedAt: string;
  /** About 120 characters of the body around the first matched word. */
  snippet: string;
  /** The query's words this article holds (for highlighting). */
  matched: string[];
  /** words: found by the token index; near: a near spelling of the title (trigrams). */
  via: 'words' | 'near';
  score: number;
}

export interface ArticleSearch {
  words: string[];
  total: number;
  items: (ArticleHit & { body: string })[];
}

/** About SNIPPET_CHARS of `text` around the first of `words` found in it. */
export function extract(text: string, words: readonly string[], size = SNIPPET_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= size) return flat;
  const lower = flat.toLowerCase();
  const hits = words.map((w) => lower.indexOf(w.toLowerCase())).filter((i) => i >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(first - 20, chars.length - size));
  return `${start > 0 ? '…' : ''}${chars.slice(start, start + size).join('')}${start + size < chars.length ? '…' : ''}`;
}

const live = (platformId: number, day: string) => sql<boolean>`a.platform_id = ${platformId} and a.live_at is not null
  and (a.live_valid_from is null or a.live_valid_from <= ${day}::date) and (a.live_valid_to is null or a.live_valid_to >= ${day}::date)`;

interface HitRow {
  id: number; live_title: string; live_body: string; live_kind: string; unit_id: number; unit_name: string; live_subject_id: number | null; subject_name: string | null;
  live_valid_from: string | null; live_valid_to: string | null; live_at: Date; score: number; matched: string[] | null;
}

function toHit(r: HitRow, words: string[], via: 'words' | 'near'): ArticleHit & { body: string } {
  const matched = via === 'words' ? (r.matched ?? []) : words.filter((w) => r.live_title.toLowerCase().includes(w));
  return {
    id: Number(r.id), title: r.live_title, kind: r.live_kind as ArticleKind, kindLabel: ARTICLE_KIND_LABELS[r.live_kind as ArticleKind] ?? r.live_kind,
    unitId: Number(r.unit_id), unitName: r.unit_name, subjectId: r.live_subject_id === null ? null : Number(r.live_subject_id), subjectName: r.subject_name,
    validFrom: r.live_valid_from, validTo: r.live_valid_to, publishedAt: r.live_at.toISOString(),
    snippet: extract(r.live_body, matched.length ? matched : words), matched, via, score: Number(r.score), body: r.live_body,
  };
}

/**
 * Live, valid articles matching `q`, best first, paged. `words` are the query's search words
 * (given by a caller that cut them already, e.g. the bench).
 */
export async function searchArticles(db: Db, platformId: number, q: string, options: { page?: number; pageSize?: number; now: Date; words?: string[] }): Promise<ArticleSearch> {
  const words = options.words ?? await queryWords(db, platformId, q);
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 10;
  const day = localDate(options.now);
  const cols = sql`a.id, a.live_title, a.live_body, a.live_kind, a.unit_id, u.name as unit_name, a.live_subject_id, s.name as subject_name,
    to_char(a.live_valid_from, 'YYYY-MM-DD') as live_valid_from, to_char(a.live_valid_to, 'YYYY-MM-DD') as live_valid_to, a.live_at`;
  let total = 0;
  let items: (ArticleHit & { body: string })[] = [];
  if (words.length > 0) {
    const any = words.map((w) => lexeme(w)).join(' | ');
    const title = words.map((w) => lexeme(w, true)).join(' | ');
    const match = sql<boolean>`a.search_tokens @@ to_tsquery('simple', ${any})`;
    const [count, rows] = await Promise.all([
      sql<{ n: string }>`select count(*) as n from knowledge_articles a where ${live(platformId, day)} and ${match}`.execute(db),
      // The page first, then the matched words of its rows only (not of every row that matched).
      sql<HitRow>`select p.*, array(select w from unnest(${words}::text[]) as w where w = any(tsvector_to_array(p.search_tokens))) as matched
        from (select ${cols}, a.search_tokens,
            ts_rank_cd(a.search_tokens, to_tsquery('simple', ${any})) + ts_rank_cd(a.search_tokens, to_tsquery('simple', ${title})) as score
          from knowledge_articles a join units u on u.id = a.unit_id left join subjects s on s.id = a.live_subject_id
          where ${live(platformId, day)} and ${match}
          order by score desc, a.live_at desc, a.id desc limit ${pageSize} offset ${(page - 1) * pageSize}) p
        order by p.score desc, p.live_at desc, p.id desc`.execute(db),
    ]);
    total = Number(count.rows[0]!.n);
    items = rows.rows.map((r) => toHit(r, words, 'words'));
  }
  // Letters and digits only (punctuation says nothing to trigrams); three at least, a trigram's size.
  const text = q.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (total < NEAR_WHEN && page === 1 && [...text.replace(/ /g, '')].length >= 3) {
    // The threshold is set for this transaction only, so the `<%` operator can use the trigram index.
    const near = await db.transaction().execute(async (tx) => {
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(NEAR_SIMILARITY)}, true)`.execute(tx);
      return sql<HitRow>`select ${cols}, word_similarity(${text}, a.live_title) as score, null::text[] as matched
        from knowledge_articles a join units u on u.id = a.unit_id left join subjects s on s.id = a.live_subject_id
        where ${live(platformId, day)} and ${text} <% a.live_title
        order by score desc, a.id desc limit ${NEAR_WHEN}`.execute(tx);
    });
    const seen = new Set(items.map((i) => i.id));
    for (const r of near.rows) {
      if (seen.has(Number(r.id)) || items.length >= pageSize) continue;
      items.push(toHit(r, words, 'near'));
      total++;
    }
  }
  return { words, total, items };
}
