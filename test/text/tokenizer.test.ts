// The one tokenizer: jieba, stop words, user words and word-list files.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWordList, Tokenizer } from '../../src/text/tokenizer.js';

const FIXTURE = path.resolve('test/fixtures/words.txt');

describe('Tokenizer', () => {
  const plain = Tokenizer.create();

  it('cuts a message into its content words: no greetings, formulas, punctuation or bare numbers', () => {
    const words = plain.words('您好，我想反映一下：滨江路88号工地夜间施工，噪音很大！');
    expect(words).toEqual(expect.arrayContaining(['工地', '夜间', '施工', '噪音']));
    for (const w of ['您好', '反映', '，', '88', '！', '我']) expect(words, w).not.toContain(w);
  });

  it('keeps a user word whole that the general dictionary would cut', () => {
    expect(plain.words('万科魅力之城小区施工噪音')).not.toContain('万科魅力之城');
    const withWords = Tokenizer.create(['万科魅力之城', '施工噪音', ' ', '路']);
    expect(withWords.userWords).toBe(2); // the blank and the one-character word are not entries
    expect(withWords.words('万科魅力之城小区施工噪音')).toEqual(['万科魅力之城', '小区', '施工噪音']);
  });

  it('search mode also yields the words inside a long one, so a query for a part finds the whole', () => {
    const t = Tokenizer.create(['滨江路']);
    expect(t.words('滨江路')).toEqual(['滨江路']);
    expect(t.searchWords('滨江路')).toEqual(expect.arrayContaining(['滨江', '滨江路']));
  });

  it('reads full-width input as half-width', () => {
    expect(plain.words('ＷＩＦＩ信号差')).toContain('wifi');
  });
});

describe('word lists', () => {
  it('reads one word a line, taking the word of a "word freq tag" line and skipping blanks and comments', () => {
    expect(readWordList(FIXTURE)).toEqual(['万科魅力之城', '桃花苑小区', '星沙街道']);
  });
});
