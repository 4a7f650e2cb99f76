// The words an article is found by. PostgreSQL cannot cut Chinese, so the application cuts the text
// with the platform's tokenizer (jieba, search mode) and hands PostgreSQL the words joined by spaces;
// `to_tsvector('simple', …)` then only splits at the spaces and lower-cases. Title and keywords are
// weighted A, the body B, so a title hit outranks a body hit in ts_rank_cd.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import { tokenizerFor } from '../text/tokenizer.js';

export interface ArticleText {
  title: string;
  keywords: readonly string[];
  body: string;
}

export interface ArticleWords {
  title: string;
  keywords: string;
  body: string;
}

/** The three parts as space-joined search words. */
export function articleWords(tokenizer: Tokenizer, a: ArticleText): ArticleWords {
  return {
    title: tokenizer.searchWords(a.title).join(' '),
    // A keyword is kept whole too: an editor's 公积金提取 is a word even if jieba would cut it.
    keywords: a.keywords.flatMap((k) => [k.trim().toLowerCase(), ...tokenizer.searchWords(k)]).filter(Boolean).join(' '),
    body: tokenizer.searchWords(a.body).join(' '),
  };
}

/** The tsvector of an article's words (title A, keywords A, body B). */
export function tokensExpr(title: unknown, keywords: unknown, body: unknown): RawBuilder<string> {
  return sql<string>`(setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${keywords}), 'A') || setweight(to_tsvector('simple', ${body}), 'B'))`;
}

/** A word as a quoted tsquery operand ('' and \\ escaped), optionally restricted to weight A. */
export function lexeme(word: string, weightA = false): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${weightA ? ':A' : ''}`;
}

/**
 * The distinct search words of a query, at most `max`. One-character words are dropped: in Chinese
 * a single character (水, 证, 虫) is part of too many words to mean anything alone in a query.
 */
export async function queryWords(db: Db, platformId: number, q: string, max = 24): Promise<string[]> {
  const tokenizer = await tokenizerFor(db, platformId);
  return [...new Set(tokenizer.searchWords(q))].filter((w) => [...w].length >= 2).slice(0, max);
}

const BATCH = 1000;

/**
 * Re-tokenises every published article of the platform (after the dictionary changed: an
 * administrator's word, a new unit or subject). Batches of 1,000: one SELECT and one UPDATE from
 * arrays each, so 10,000 articles take 20 statements, not 10,000; the next batch is cut while the
 * database writes the previous one.
 */
export async function reindexArticles(db: Db, platformId: number, tokenizer?: Tokenizer): Promise<{ articles: number; ms: number; tokenizeMs: number }> {
  const started = performance.now();
  const tk = tokenizer ?? await tokenizerFor(db, platformId);
  let after = 0;
  let count = 0;
  let tokenizeMs = 0;
  let writing: Promise<unknown> | null = null;
  for (;;) {
    const rows = await db.selectFrom('knowledge_articles').select(['id', 'live_title', 'live_keywords', 'live_body'])
      .where('platform_id', '=', platformId).where('live_at', 'is not', null).where('id', '>', after)
      .orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    const t0 = performance.now();
    const words = rows.map((r) => articleWords(tk, { title: r.live_title ?? '', keywords: r.live_keywords ?? [], body: r.live_body ?? '' }));
    tokenizeMs += performance.now() - t0;
    await writing;
    writing = sql`update knowledge_articles a set search_tokens = ${tokensExpr(sql.ref('v.t'), sql.ref('v.k'), sql.ref('v.b'))}
      from unnest(${rows.map((r) => r.id)}::bigint[], ${words.map((w) => w.title)}::text[], ${words.map((w) => w.keywords)}::text[], ${words.map((w) => w.body)}::text[]) as v(id, t, k, b)
      where a.id = v.id and a.platform_id = ${platformId}`.execute(db);
    count += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  await writing;
  return { articles: count, ms: Math.round(performance.now() - started), tokenizeMs: Math.round(tokenizeMs) };
}
