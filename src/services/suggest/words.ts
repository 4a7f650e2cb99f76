// 分词词典: words an administrator adds to the platform's segmentation dictionary (brand names,
// estates, new roads, local terms). Every change drops the kept tokenizer, so the next search or
// suggestion cuts with the new words, and is written to the audit log in the same transaction.
import { hasRole, type Actor } from '../../domain/actor.js';
import { forbidden, notFound, type FieldError } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { escapeLike } from '../../db/like.js';
import { normalizeText } from '../../text/words.js';
import { audit } from '../audit.js';
import { atPlatformRoot } from '../tickets/context.js';
import { forgetTokenizer } from '../text/tokenizer.js';

export const MAX_WORDS_PER_BATCH = 1000;

const requireAdmin = (actor: Actor) => {
  if (!hasRole(actor, 'admin') || !atPlatformRoot(actor)) throw forbidden('维护分词词典');
};

export interface WordView {
  word: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

export async function listWords(db: Db, actor: Actor, query: { q?: string; page: number; pageSize: number }): Promise<{ items: WordView[]; total: number; page: number; pageSize: number }> {
  requireAdmin(actor);
  let base = db.selectFrom('text_words as w').where('w.platform_id', '=', actor.platformId);
  if (query.q) base = base.where('w.word', 'like', `%${escapeLike(query.q)}%`);
  const [rows, count] = await Promise.all([
    base.leftJoin('users as u', 'u.id', 'w.created_by').select(['w.word', 'w.note', 'w.created_at', 'u.display_name'])
      .orderBy('w.created_at', 'desc').orderBy('w.word').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ word: r.word, note: r.note, createdBy: r.display_name, createdAt: r.created_at.toISOString() })),
    total: Number(count.n), page: query.page, pageSize: query.pageSize,
  };
}

/** The rule of the table's CHECK, with a reason: 2–40 characters after normalising, no spaces. */
export function wordProblem(raw: string): { message: string; message_en: string } | null {
  const w = normalizeText(raw);
  const n = [...w].length;
  if (/\s/.test(w)) return { message: '词语不能含空格', message_en: 'a word cannot contain spaces' };
  if (n < 2 || n > 40) return { message: '词语须为 2–40 个字符', message_en: 'a word must be 2–40 characters' };
  return null;
}

export interface AddResult {
  added: string[];
  existing: string[];
  /** Each refused word, by its position in the list (`words[3]`), with why. */
  rejected: (FieldError & { word: string })[];
}

/** Adds words; bad ones are reported one by one and the good ones kept (as every batch import does). */
export async function addWords(db: Db, actor: Actor, input: { words: string[]; note?: string | null }, now: Date): Promise<AddResult> {
  requireAdmin(actor);
  const rejected: AddResult['rejected'] = [];
  const good = new Map<string, number>();
  input.words.forEach((raw, i) => {
    const problem = wordProblem(raw);
    if (problem) rejected.push({ field: `words[${i}]`, word: raw, ...problem });
    else if (!good.has(normalizeText(raw))) good.set(normalizeText(raw), i);
  });
  const words = [...good.keys()];
  if (words.length === 0) return { added: [], existing: [], rejected };
  const added = await db.transaction().execute(async (tx) => {
    const rows = await tx.insertInto('text_words')
      .values(words.map((word) => ({ platform_id: actor.platformId, word, note: input.note?.trim() || null, created_by: actor.userId, created_at: now })))
      .onConflict((oc) => oc.columns(['platform_id', 'word']).doNothing()).returning('word').execute();
    if (rows.length > 0) await audit(tx, { platformId: actor.platformId, actor, action: 'text_words.add', targetType: 'text_words', details: { words: rows.map((r) => r.word) }, at: now });
    return rows.map((r) => r.word);
  });
  if (added.length > 0) forgetTokenizer(actor.platformId);
  return { added, existing: words.filter((w) => !added.includes(w)), rejected };
}

export async function removeWord(db: Db, actor: Actor, word: string, now: Date): Promise<void> {
  requireAdmin(actor);
  const w = normalizeText(word);
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('text_words').where('platform_id', '=', actor.platformId).where('word', '=', w).returning(['word', 'note']).executeTakeFirst();
    if (!row) throw notFound('词语', 'word');
    await audit(tx, { platformId: actor.platformId, actor, action: 'text_words.remove', targetType: 'text_words', targetId: row.word, details: { word: row.word, note: row.note }, at: now });
  });
  forgetTokenizer(actor.platformId);
}
