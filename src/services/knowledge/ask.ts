// 智能问答: a citizen's question answered from the knowledge base (DOMAIN.md §8, seed 002's 聊天办).
// Retrieval, not generation: the best live articles are shown with their source (owning unit,
// title, validity) and an extract with the matched words. When none covers enough of the question,
// the page says it cannot answer and offers to hand over to a ticket with the question prefilled.
//
// Each question is recorded (knowledge_questions) with whether it was answered and whether the
// citizen handed over anyway; 自助解决率 = answered and not handed over / asked. Phone numbers and ID
// numbers typed into a question are masked before it is stored.
import { randomBytes } from 'node:crypto';
import { localDate } from '../../domain/calendar/index.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { ARTICLE_KIND_LABELS, isValidOn, type ArticleKind } from './articles.js';
import { searchArticles, type ArticleHit } from './base-search.js';

/** Articles shown for a question. */
export const ASK_RESULTS = 3;

/**
 * How many of the question's words the best article must hold to count as an answer: half of them,
 * at least one, and four always suffice (a long question holds many words no article repeats).
 * Half, not less: generic words (申请, 条件, 办理) alone must not make an unrelated article an
 * answer. A near spelling of a title (trigrams) answers too. Below that, the page says it cannot
 * answer and offers a ticket.
 */
export function wordsNeeded(questionWords: number): number {
  return Math.min(4, Math.max(1, Math.ceil(questionWords * 0.5)));
}

export function answers(hit: ArticleHit | undefined, questionWords: number): boolean {
  if (!hit) return false;
  if (hit.via === 'near') return true;
  return hit.matched.length >= wordsNeeded(questionWords);
}

/** Masks mobile and ID numbers a citizen may type into a question before it is kept. */
export function maskQuestion(q: string): string {
  return q.replace(/\d{17}[\dXx]|\d{15}/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 6)}${m.slice(-3)}`)
    .replace(/1[3-9]\d{9}/g, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);
}

export type PublicHit = Omit<ArticleHit, 'score' | 'via'>;

export interface AskAnswer {
  /** Names this question for the hand-over call. */
  token: string;
  answered: boolean;
  words: string[];
  items: PublicHit[];
}

const publicHit = (h: ArticleHit & { body?: string }): PublicHit => {
  const { score: _score, via: _via, body: _body, ...rest } = h;
  return rest;
};

export async function ask(db: Db, platformId: number, question: string, now: Date): Promise<AskAnswer> {
  const found = await searchArticles(db, platformId, question, { pageSize: ASK_RESULTS, now });
  const answered = answers(found.items[0], found.words.length);
  const token = randomBytes(12).toString('base64url');
  await db.insertInto('knowledge_questions').values({
    platform_id: platformId, token, question: maskQuestion(question.trim()).slice(0, 500), asked_at: now, answered,
    top_article_id: found.items[0]?.id ?? null, hits: found.total,
  }).execute();
  return { token, answered, words: found.words, items: found.items.map(publicHit) };
}

/** The citizen found no answer ("没有解决") and goes on to submit a ticket. Once per question. */
export async function handOver(db: Db, platformId: number, token: string, now: Date): Promise<void> {
  const row = await db.updateTable('knowledge_questions').set({ handed_over_at: now })
    .where('platform_id', '=', platformId).where('token', '=', token).where('handed_over_at', 'is', null)
    .returning('id').executeTakeFirst();
  if (!row) {
    const known = await db.selectFrom('knowledge_questions').select('id').where('platform_id', '=', platformId).where('token', '=', token).executeTakeFirst();
    if (!known) throw notFound('该问题', 'question');
  }
}

export interface PublicArticle {
  id: number;
  title: string;
  body: string;
  kind: ArticleKind;
  kindLabel: string;
  unitName: string;
  subjectName: string | null;
  validFrom: string | null;
  validTo: string | null;
  publishedAt: string;
  attachments: { id: number; fileName: string; size: number }[];
}

/** The live copy of a published, valid article; anything else is 404 (a draft never leaks). */
export async function publicArticle(db: Db, platformId: number, id: number, now: Date): Promise<PublicArticle> {
  const r = await db.selectFrom('knowledge_articles as a').innerJoin('units as u', 'u.id', 'a.unit_id').leftJoin('subjects as s', 's.id', 'a.live_subject_id')
    .select(['a.id', 'a.live_title', 'a.live_body', 'a.live_kind', 'a.live_valid_from', 'a.live_valid_to', 'a.live_at', 'u.name as unit_name', 's.name as subject_name'])
    .where('a.id', '=', id).where('a.platform_id', '=', platformId).where('a.live_at', 'is not', null).executeTakeFirst();
  if (!r || !r.live_at || !isValidOn(localDate(now), r.live_valid_from, r.live_valid_to)) throw notFound('知识库文章', 'article');
  const files = await db.selectFrom('knowledge_attachments').select(['id', 'file_name', 'size']).where('article_id', '=', id).orderBy('id').execute();
  const kind = r.live_kind as ArticleKind;
  return {
    id: r.id, title: r.live_title!, body: r.live_body!, kind, kindLabel: ARTICLE_KIND_LABELS[kind] ?? kind, unitName: r.unit_name, subjectName: r.subject_name,
    validFrom: r.live_valid_from, validTo: r.live_valid_to, publishedAt: r.live_at.toISOString(),
    attachments: files.map((f) => ({ id: f.id, fileName: f.file_name, size: f.size })),
  };
}

export interface AskFigures {
  asked: number;
  answered: number;
  handedOver: number;
  /** 自助解决率: answered and not handed over / asked; null when nobody asked. */
  selfServiceRate: number | null;
}

/** The 智能问答 figures over [from, to). */
export async function askFigures(db: Db, platformId: number, from: Date, to: Date): Promise<AskFigures> {
  if (to <= from) throw new AppError(400, 'validation_failed', '结束时间须晚于开始时间', 'to must be after from', [{ field: 'to', message: '须晚于 from', message_en: 'must be after from' }]);
  const r = await db.selectFrom('knowledge_questions')
    .select((eb) => [
      eb.fn.countAll<string>().as('asked'),
      eb.fn.count<string>('id').filterWhere('answered', '=', true).as('answered'),
      eb.fn.count<string>('id').filterWhere('handed_over_at', 'is not', null).as('handed_over'),
      eb.fn.count<string>('id').filterWhere((w) => w.and([w('answered', '=', true), w('handed_over_at', 'is', null)])).as('self_served'),
    ])
    .where('platform_id', '=', platformId).where('asked_at', '>=', from).where('asked_at', '<', to).executeTakeFirstOrThrow();
  const asked = Number(r.asked);
  return { asked, answered: Number(r.answered), handedOver: Number(r.handed_over), selfServiceRate: asked ? Number(r.self_served) / asked : null };
}
