// The one tokenizer of the platform (issue 5): jieba (@node-rs/jieba, its bundled dictionary) with a
// user dictionary of the platform's own words: the catalogue's subject names, unit names and short
// names, the units' address keywords, and word lists loaded from files (e.g. place names). Search,
// classification and clustering all cut text here, so a word means the same thing to each of them.
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { isContentWord, normalizeText } from './words.js';

/**
 * A user word's frequency in jieba's dictionary: high enough that the word wins over the pieces
 * the general dictionary would cut it into (施工噪音 over 施工/噪音, 万科魅力之城 over 万科/魅力/之/城).
 */
const USER_WORD_FREQ = 200_000;

export class Tokenizer {
  private constructor(private readonly jieba: Jieba, readonly userWords: number) {}

  /** A tokenizer knowing `words` besides jieba's own dictionary (blank and one-character words are ignored). */
  static create(words: Iterable<string> = []): Tokenizer {
    const jieba = Jieba.withDict(dict);
    const lines = dictionaryLines(words);
    if (lines.length > 0) jieba.loadDict(Buffer.from(lines.join('\n') + '\n'));
    return new Tokenizer(jieba, lines.length);
  }

  /** The content words of a text, in order, repeats kept (a count means something to a classifier). */
  words(text: string): string[] {
    const normal = normalizeText(text);
    if (!normal) return [];
    return this.jieba.cut(normal, true).map((w) => w.trim()).filter(isContentWord);
  }

  /**
   * Search mode: besides each word, the shorter dictionary words inside it (滨江路 → 滨江, 滨江路), so a
   * query for 滨江 finds 滨江路. For indexing and queries, not for classification (it double-counts).
   */
  searchWords(text: string): string[] {
    const normal = normalizeText(text);
    if (!normal) return [];
    return this.jieba.cutForSearch(normal, true).map((w) => w.trim()).filter(isContentWord);
  }
}

/** jieba's dictionary format, one `word freq` a line; words with spaces cannot be entries and are skipped. */
function dictionaryLines(words: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const raw of words) {
    const w = normalizeText(raw);
    if ([...w].length < 2 || /\s/.test(w)) continue;
    seen.add(w);
  }
  return [...seen].map((w) => `${w} ${USER_WORD_FREQ}`);
}

/**
 * A word list file: one word a line (jieba's `word freq tag` lines are accepted, the word taken);
 * blank lines and `#` comments skipped. Files such as the place-name lists stay where they are.
 */
export function readWordList(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/\s+/)[0]!);
}
