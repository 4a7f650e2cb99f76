// What counts as a word worth keeping once a Chinese text is cut (DOMAIN.md §8–§9): the one rule
// shared by search, classification and clustering, so they agree on what a message is about.

/**
 * Stop words: function words, pronouns, the hotline's own formulas (您好, 来电反映, 市民) and filler
 * that occurs in nearly every message and says nothing about its matter.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // function words and pronouns
  '的', '了', '和', '与', '及', '或', '是', '在', '有', '就', '也', '都', '而', '又', '被', '把', '让', '给', '对', '向', '从', '到', '于', '为', '以',
  '之', '其', '这', '那', '这个', '那个', '这些', '那些', '这里', '那里', '这样', '那样', '我', '我们', '你', '你们', '您', '他', '他们', '她', '它',
  '自己', '大家', '我是', '就是', '不是', '什么', '怎么', '怎么办', '为什么', '如何', '哪里', '多少', '是否', '能否', '可否', '一个', '一些', '一下', '一直', '已经',
  '还', '还是', '但', '但是', '因为', '所以', '如果', '虽然', '并', '并且', '而且', '或者', '以及', '等', '等等', '着', '过', '吗', '呢', '吧',
  '啊', '呀', '哦', '嗯', '很', '非常', '比较', '特别', '十分', '太', '更', '最', '不', '没', '没有', '无', '能', '能够', '可以', '会', '要', '想',
  '应该', '需要', '希望', '请', '请问', '谢谢', '感谢', '麻烦', '现在', '目前', '今天', '昨天', '时候', '问题', '情况', '有关', '相关', '进行',
  // the hotline's formulas
  '您好', '你好', '来电', '来电人', '市民', '反映', '反应', '咨询', '投诉', '举报', '诉求', '表示', '称', '称其', '要求', '尽快', '处理', '解决',
  '有关部门', '相关部门', '领导', '政府', '部门', '工作人员',
]);

const PUNCTUATION = /^[\p{P}\p{S}\p{Z}\s]+$/u;
const DIGITS = /^[\d.,%]+$/;

/** NFKC (full-width Latin and digits to half-width), lower case, whitespace runs to one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A token worth keeping: not a stop word, not punctuation or space, not a bare number, not a lone Latin letter. */
export function isContentWord(token: string): boolean {
  const t = token.trim();
  if (t.length === 0 || PUNCTUATION.test(t) || DIGITS.test(t)) return false;
  if (/^[a-z]$/.test(t)) return false;
  return !STOP_WORDS.has(t);
}
