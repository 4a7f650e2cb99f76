import { describe, expect, it } from 'vitest';
import { isContentWord, normalizeText, STOP_WORDS } from '../../src/text/words.js';

describe('normalizeText', () => {
  it('turns full-width Latin and digits half-width, lowers case and folds whitespace', () => {
    expect(normalizeText('  ＡＢＣ１２３\t小区\n\n门口 ')).toBe('abc123 小区 门口');
  });
});

describe('isContentWord', () => {
  it('keeps words about the matter', () => {
    for (const w of ['噪音', '施工噪音', '滨江路', '物业', 'wifi']) expect(isContentWord(w), w).toBe(true);
  });

  it('drops stop words, the hotline formulas, punctuation, spaces, bare numbers and lone letters', () => {
    for (const w of ['的', '您好', '来电', '反映', '市民', '，', '！', ' ', '、', '88', '3.5', 'a', '']) expect(isContentWord(w), JSON.stringify(w)).toBe(false);
  });

  it('has the stop list the three users share', () => {
    expect(STOP_WORDS.has('请问')).toBe(true);
    expect(STOP_WORDS.has('噪音')).toBe(false);
  });
});
