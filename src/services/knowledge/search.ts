// Knowledge search at the front desk (DOMAIN.md §8): while the operator types a caller's matter,
// the knowledge base's live articles (base-search.ts, ranked on the token index) and earlier answers
// to the same kind of matter appear beside the form, ready to be read out, quoted (引用: the direct
// answer then records the article) or copied. The earlier answers are the platform's own record:
// tickets answered at the front desk, and tickets closed with an approved reply of their primary
// unit; they stay as a second source, since a new kind of matter is answered before anyone writes
// its article.
//
// Matching is deliberately simple: the query is cut into tokens (Latin words and digits whole,
// Chinese runs into overlapping two-character pieces, since Chinese has no spaces and a bigram is the
// smallest unit that still means something), each token is an ILIKE over title, content and answer,
// and a ticket must match a fair share of the tokens. Best matches first, newest first among equals.
// Every query goes through `ticketVisibleTo`: a unit finds only answers on tickets it may see. Only
// the newest answers are searched (RECENT_ANSWERS of each kind) until the text index exists.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import type { Db } from '../../db/connection.js';
import { escapeLike } from '../../db/like.js';
import { STOP_WORDS } from '../../text/words.js';
import { ticketVisibleTo } from '../tickets/context.js';
import { searchArticles, type ArticleHit } from './base-search.js';

export interface KnowledgeHit {
  /** Where the answer comes from: an earlier ticket for now, an article once the knowledge base exists. */
  kind: 'ticket';
  /** The ticket's id (opens `/tickets/:id`). */
  ticketId: number;
  number: string;
  title: string;
  subjectId: number | null;
  subjectName: string | null;
  /** answer: a direct answer at the front desk; reply: the primary unit's approved reply. */
  source: 'answer' | 'reply';
  /** The unit that replied (null for a direct answer). */
  unitName: string | null;
  /** The whole answer (up to 2,000 characters), to copy. */
  answer: string;
  /** About 120 characters of the answer around its first matching token. */
  snippet: string;
  answeredAt: string | null;
  /** How many of the query's tokens the ticket matched. */
  score: number;
}

export interface KnowledgeResult {
  /** The tokens searched for (the screen marks them). */
  tokens: string[];
  items: KnowledgeHit[];
}

/** What intake suggests: live articles of the knowledge base first, earlier answers beside them. */
export interface IntakeKnowledge extends KnowledgeResult {
  /** The query's words as the article index cut them. */
  words: string[];
  articles: (ArticleHit & { body: string })[];
}

/** Articles to quote (引用) and earlier answers on the caller's tickets, for the text typed so far. */
export async function intakeKnowledge(db: Db, actor: Actor, q: string, options: { limit?: number; now: Date }): Promise<IntakeKnowledge> {
  const [tickets, articles] = await Promise.all([
    searchKnowledge(db, actor, q, { limit: options.limit }),
    searchArticles(db, actor.platformId, q, { pageSize: Math.min(options.limit ?? 5, 5), now: options.now }),
  ]);
  // An article sharing one word with a long call (小区, 希望) is noise beside the form: two words at
  // least (one for a one-word query), or a near spelling of its title.
  const need = Math.min(2, articles.words.length);
  return { ...tickets, words: articles.words, articles: articles.items.filter((a) => a.via === 'near' || a.matched.length >= need) };
}


const MAX_TOKENS = 24;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const LATIN = /[a-z0-9]{2,}/gi;

/** The query's search tokens: Latin words and numbers, and the bigrams of each Chinese run (a run of one character is too common to search). */
export function searchTokens(q: string): string[] {
  const text = q.normalize('NFKC');
  const tokens: string[] = [];
  const add = (t: string) => {
    if (!STOP_WORDS.has(t) && !tokens.includes(t)) tokens.push(t);
  };
  for (const word of text.match(LATIN) ?? []) add(word.toLowerCase());
  for (const run of text.match(CJK) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) add(chars[i]! + chars[i + 1]!);
  }
  return tokens.slice(0, MAX_TOKENS);
}

/** How many tokens a ticket must match: all of one or two, then about a quarter (at least two). */
export function neededMatches(tokenCount: number): number {
  if (tokenCount <= 2) return tokenCount;
  return Math.max(2, Math.ceil(tokenCount / 4));
}

/**
 * How far back the search looks: the newest direct answers and the newest closed tickets, this many
 * of each. Scoring every ticket a city ever closed with a dozen ILIKEs took 3.3 s over 100,000
 * tickets (bench lists), far too slow for suggestions as the operator types; the newest answers are
 * also the ones most likely to state current policy. The text issue's index lifts this bound.
 */
export const RECENT_ANSWERS = 2000;

const ANSWER_CHARS = 2000;
const SNIPPET_CHARS = 120;

/** About `SNIPPET_CHARS` of `text` around the first token found in it (the start when none is). */
export function snippetOf(text: string, tokens: string[]): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= SNIPPET_CHARS) return chars.join('');
  const flat = chars.join('').toLowerCase();
  const hits = tokens.map((t) => flat.indexOf(t.toLowerCase())).filter((i) => i >= 0);
  // indexOf counts UTF-16 units; close enough for a window start (and exact for the BMP, where Chinese lives).
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(first - 20, chars.length - SNIPPET_CHARS));
  const body = chars.slice(start, start + SNIPPET_CHARS).join('');
  return `${start > 0 ? '…' : ''}${body}${start + SNIPPET_CHARS < chars.length ? '…' : ''}`;
}

export async function searchKnowledge(db: Db, actor: Actor, q: string, options: { limit?: number; recent?: number } = {}): Promise<KnowledgeResult> {
  const recent = options.recent ?? RECENT_ANSWERS;
  const tokens = searchTokens(q);
  if (tokens.length === 0) return { tokens, items: [] };
  const limit = Math.min(Math.max(options.limit ?? 8, 1), 20);
  const need = neededMatches(tokens.length);
  const match = (t: string) => {
    const pattern = `%${escapeLike(t)}%`;
    return sql<number>`(case when tickets.title ilike ${pattern} or tickets.content ilike ${pattern} or coalesce(tickets.answer, r.reply_result, '') ilike ${pattern} then 1 else 0 end)`;
  };
  const score = sql<number>`(${sql.join(tokens.map(match), sql` + `)})`;
  const rows = await db.selectFrom('tickets')
    // The latest reply of the primary unit at the top of the tree: what the platform approved.
    .leftJoinLateral(
      (eb) => eb.selectFrom('assignments as a').innerJoin('units as u', 'u.id', 'a.unit_id')
        .select(['a.reply_result', 'a.replied_at', 'u.name as unit_name'])
        .whereRef('a.ticket_id', '=', 'tickets.id').where('a.role', '=', 'primary').where('a.parent_assignment_id', 'is', null).where('a.reply_result', 'is not', null)
        .orderBy('a.id', 'desc').limit(1).as('r'),
      (join) => join.onTrue(),
    )
    .leftJoin('subjects as s', 's.id', 'tickets.subject_id')
    .select([
      'tickets.id', 'tickets.number', 'tickets.title', 'tickets.subject_id', 's.name as subject_name', 'tickets.answer', 'tickets.answered_at', 'tickets.closed_at',
      'r.reply_result', 'r.replied_at', 'r.unit_name', score.as('score'),
    ])
    .where(ticketVisibleTo(actor))
    // Candidates first, each half read newest first from its partial index (0003_console.sql).
    .where(sql<boolean>`tickets.id in (
      select id from (select t.id from tickets t where t.platform_id = ${actor.platformId} and t.answered_at is not null
        order by t.answered_at desc limit ${recent}) answered
      union
      select id from (select t.id from tickets t where t.platform_id = ${actor.platformId} and t.closed_at is not null
        order by t.closed_at desc limit ${recent}) closed)`)
    .where((eb) => eb.or([
      eb('tickets.answer', 'is not', null),
      eb.and([eb('tickets.state', 'in', ['closed', 'archived']), eb('r.reply_result', 'is not', null)]),
    ]))
    .where(score, '>=', need)
    .orderBy('score', 'desc')
    .orderBy(sql`coalesce(tickets.answered_at, tickets.closed_at, tickets.accepted_at)`, 'desc')
    .orderBy('tickets.id', 'desc')
    .limit(limit)
    .execute();
  return {
    tokens,
    items: rows.map((r) => {
      // A direct answer wins when there is one; else the approved reply.
      const direct = r.answer !== null;
      const text = (direct ? r.answer : r.reply_result) ?? '';
      return {
        kind: 'ticket' as const, ticketId: r.id, number: r.number, title: r.title, subjectId: r.subject_id, subjectName: r.subject_name ?? null,
        source: direct ? 'answer' as const : 'reply' as const, unitName: direct ? null : (r.unit_name ?? null),
        answer: [...text].slice(0, ANSWER_CHARS).join(''), snippet: snippetOf(text, tokens),
        answeredAt: (direct ? r.answered_at : (r.replied_at ?? r.closed_at))?.toISOString() ?? null,
        score: Number(r.score),
      };
    }),
  };
}
