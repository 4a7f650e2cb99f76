// The platform's tokenizer: src/text/tokenizer.ts (jieba) loaded with the platform's own words. It is
// built once per platform and kept, since loading jieba's dictionary takes ~150 ms and every search,
// suggestion and clustering cuts text with it; a change of the words (an administrator's word, a
// new subject or unit) calls forgetTokenizer, and a kept one is rebuilt after TOKENIZER_TTL_MS anyway
// so another instance's changes reach this one.
import type { Db } from '../../db/connection.js';
import { readWordList, Tokenizer } from '../../text/tokenizer.js';

const TOKENIZER_TTL_MS = 10 * 60_000;

/** The platform's own words: subject names, unit names and short names, the units' address keywords and administrators' words. */
export async function platformWords(db: Db, platformId: number): Promise<string[]> {
  const [subjects, units, words] = await Promise.all([
    db.selectFrom('subjects').select('name').where('platform_id', '=', platformId).execute(),
    db.selectFrom('units').select(['name', 'short_name', 'address_keywords']).where('platform_id', '=', platformId).execute(),
    db.selectFrom('text_words').select('word').where('platform_id', '=', platformId).execute(),
  ]);
  return [
    ...subjects.map((s) => s.name),
    ...units.flatMap((u) => [u.name, ...(u.short_name ? [u.short_name] : []), ...u.address_keywords]),
    ...words.map((w) => w.word),
  ];
}

/** Word list files named by MINSHENG_WORD_FILES (comma-separated paths), e.g. place-name lists. */
export function configuredWordFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.MINSHENG_WORD_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
}

/** A fresh tokenizer with the platform's words and the listed word files. */
export async function platformTokenizer(db: Db, platformId: number, wordFiles: readonly string[] = configuredWordFiles()): Promise<Tokenizer> {
  return Tokenizer.create([...(await platformWords(db, platformId)), ...wordFiles.flatMap(readWordList)]);
}

const kept = new Map<number, { at: number; tokenizer: Promise<Tokenizer> }>();

/** The platform's tokenizer, built on first use and kept (see the head of this file). */
export function tokenizerFor(db: Db, platformId: number, now: number = Date.now()): Promise<Tokenizer> {
  const hit = kept.get(platformId);
  if (hit && now - hit.at < TOKENIZER_TTL_MS) return hit.tokenizer;
  const tokenizer = platformTokenizer(db, platformId);
  kept.set(platformId, { at: now, tokenizer });
  // A failed build is not kept: the next call tries again.
  tokenizer.catch(() => { if (kept.get(platformId)?.tokenizer === tokenizer) kept.delete(platformId); });
  return tokenizer;
}

/** Drops the kept tokenizer after the platform's words changed. */
export function forgetTokenizer(platformId: number): void {
  kept.delete(platformId);
}
