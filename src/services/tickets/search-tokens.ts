// Ticket full-text search (issue 5 §3, docs/search.md): what a ticket's search_tokens hold, how a
// list's text filter `q` matches them, and the backfill / re-index that fills them in batches.
//
// The application writes the tokens (no triggers on ticket tables): jieba's search-mode words
// (Tokenizer.searchWords) of the title, the address and the content, each part joined by spaces,
// read by to_tsvector('simple') with the title weighted A and the address B. The same SQL
// expression serves intake, the use cases that change the text, the bulk loader and the backfill,
// so a ticket's tokens do not depend on which path wrote it.
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connection.js';
import { escapeLike } from '../../db/like.js';
import type { Tokenizer } from '../../text/tokenizer.js';
import { forgetTokenizer, platformTokenizer, tokenizerFor } from '../text/tokenizer.js';

export interface TicketText {
  title: string;
  content: string;
  address: string | null;
}

/**
 * The ticket's search words as one string: title, address and content words, a tab between the
 * three parts (normalizeText turns every whitespace run into one space, so no word holds a tab).
 */
export function searchDocument(tokenizer: Tokenizer, t: TicketText): string {
  return [t.title, t.address ?? '', t.content].map((part) => tokenizer.searchWords(part).join(' ')).join('\t');
}

/** SQL text of the tsvector of a document held by the SQL expression `doc` (for the bulk loader's own SQL). */
export function searchVectorSql(doc: string): string {
  const part = (n: number) => `to_tsvector('simple', split_part(${doc}, chr(9), ${n}))`;
  return `setweight(${part(1)}, 'A') || setweight(${part(2)}, 'B') || ${part(3)}`;
}

/** The tsvector of a ticket's text, as a value for an INSERT or UPDATE of tickets.search_tokens. */
export function searchVector(tokenizer: Tokenizer, t: TicketText): RawBuilder<string> {
  return sql<string>`(select ${sql.raw(searchVectorSql('d.doc'))} from (select ${searchDocument(tokenizer, t)}::text as doc) d)`;
}

/** Characters a text filter needs before its trigrams are worth comparing with addresses (shorter Chinese strings share too few). */
const NEAR_ADDRESS_MIN_CHARS = 4;

export interface TextMatch {
  /** The list's condition on `tickets`. */
  where: RawBuilder<boolean>;
  /** ts_rank of the words, for `sort=relevance`; null when the query had no words (ILIKE only). */
  rank: RawBuilder<number> | null;
}

/**
 * The ticket list's text filter. All query words must match (AND: each word narrows the list, as
 * operators expect of a search box); a ticket also matches when its address is a near spelling of
 * the whole query (pg_trgm word_similarity, for queries of 4+ characters). Rows not tokenised yet
 * (search_tokens NULL, during a backfill) are matched by the old ILIKE, but only while such rows
 * exist: one look at a partial index decides. A query without words (punctuation, a short number)
 * falls back to ILIKE.
 */
export async function ticketTextMatch(db: Db, platformId: number, text: string): Promise<TextMatch> {
  const pattern = `%${escapeLike(text)}%`;
  const ilike = sql<boolean>`(tickets.title ilike ${pattern} or tickets.content ilike ${pattern} or tickets.address ilike ${pattern})`;
  const words = (await tokenizerFor(db, platformId)).searchWords(text);
  if (words.length === 0) return { where: ilike, rank: null };
  // plainto_tsquery ANDs its lexemes and reads the words with the same parser that built the
  // vectors, so no word needs escaping and a word the parser splits is split alike on both sides.
  const query = sql`plainto_tsquery('simple', ${words.join(' ')})`;
  const arms = [sql<boolean>`tickets.search_tokens @@ ${query}`];
  if ([...text].length >= NEAR_ADDRESS_MIN_CHARS) arms.push(sql<boolean>`${text} <% tickets.address`);
  if (await untokenisedExist(db, platformId)) arms.push(sql<boolean>`(tickets.search_tokens is null and ${ilike})`);
  return { where: sql<boolean>`(${sql.join(arms, sql` or `)})`, rank: sql<number>`ts_rank(tickets.search_tokens, ${query})` };
}

/** Whether any of the platform's tickets still lack tokens (an index-only probe of tickets_search_pending_idx). */
export async function untokenisedExist(db: Db, platformId: number): Promise<boolean> {
  const row = await db.selectFrom('tickets').select(sql<number>`1`.as('one'))
    .where('platform_id', '=', platformId).where(sql<boolean>`search_tokens is null`).limit(1).executeTakeFirst();
  return row !== undefined;
}

// ── Backfill and re-index ────────────────────────────────────────────────────────────────────

export const REINDEX_BATCH = 5_000;

export interface ReindexOptions {
  /** Every ticket (after the dictionary changed), not only those without tokens. */
  all?: boolean;
  /** Tickets per read and per UPDATE (one transaction each). Default 5,000. */
  batchSize?: number;
  /** Stop after this many batches (a job's bounded run); the next run carries on. */
  maxBatches?: number;
  /** The tokenizer to use; by default the kept one, or a fresh one for `all` (the dictionary changed). */
  tokenizer?: Tokenizer;
  onBatch?: (progress: ReindexResult) => void;
}

export interface ReindexResult {
  /** Tickets read and tokenised. */
  read: number;
  /** Tickets whose tokens were written (a ticket whose text changed meanwhile is left to the use case that changed it). */
  written: number;
  batches: number;
  /** False when maxBatches stopped the run before the end. */
  done: boolean;
  ms: number;
}

const textHash = (t: TicketText) => createHash('md5').update(`${t.title}\t${t.content}\t${t.address ?? ''}`).digest('hex');

/**
 * Fills search_tokens in batches of id ranges: read `batchSize` tickets after the last id, cut them
 * (no transaction open meanwhile), then one UPDATE writes the batch (writeTokens).
 */
export async function reindexTickets(db: Db, platformId: number, options: ReindexOptions = {}): Promise<ReindexResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? REINDEX_BATCH;
  let tokenizer = options.tokenizer;
  if (!tokenizer && options.all) {
    // The dictionary changed: cut with the words as they are now, and let the kept tokenizer reload.
    forgetTokenizer(platformId);
    tokenizer = await platformTokenizer(db, platformId);
  }
  tokenizer ??= await tokenizerFor(db, platformId);
  const result: ReindexResult = { read: 0, written: 0, batches: 0, done: false, ms: 0 };
  let after = 0;
  for (;;) {
    if (options.maxBatches !== undefined && result.batches >= options.maxBatches) break;
    let q = db.selectFrom('tickets').select(['id', 'title', 'content', 'address']).where('platform_id', '=', platformId).where('id', '>', after);
    if (!options.all) q = q.where(sql<boolean>`search_tokens is null`);
    const rows = await q.orderBy('id').limit(batchSize).execute();
    if (rows.length === 0) {
      result.done = true;
      break;
    }
    const written = await writeTokens(db, platformId, tokenizer, rows);
    after = rows[rows.length - 1]!.id;
    result.read += rows.length;
    result.written += written;
    result.batches++;
    result.ms = performance.now() - started;
    options.onBatch?.(result);
    if (rows.length < batchSize) {
      result.done = true;
      break;
    }
  }
  result.ms = performance.now() - started;
  return result;
}

/**
 * Cuts `rows` (as read) and writes their tokens in one UPDATE … FROM unnest(…). Only a row whose
 * text is still what was read (md5 of title, content, address) is written: a use case that changed
 * the text meanwhile wrote its own tokens. Returns the rows written.
 */
export async function writeTokens(db: Db, platformId: number, tokenizer: Tokenizer, rows: readonly (TicketText & { id: number })[]): Promise<number> {
  if (rows.length === 0) return 0;
  const docs = rows.map((r) => searchDocument(tokenizer, r));
  const updated = await sql`
    update tickets t set search_tokens = ${sql.raw(searchVectorSql('u.doc'))}
    from unnest(${rows.map((r) => r.id)}::bigint[], ${docs}::text[], ${rows.map(textHash)}::text[]) as u(id, doc, hash)
    where t.id = u.id and t.platform_id = ${platformId}
      and md5(t.title || chr(9) || t.content || chr(9) || coalesce(t.address, '')) = u.hash`.execute(db);
  return Number(updated.numAffectedRows ?? 0);
}
