// Reply quality before review (issue 5 §6, DOMAIN.md §6 "Review"): how well a unit's reply answers
// the citizen's request. Three scores in [0,1] and perfunctory flags, so the reviewer sees at a
// glance which replies to read closely. Seed 003's rule is the core: "正在办理中" or "已呈报领导" is not a
// result, nor is a reply made without contacting the citizen. Pure: the tokenizer is passed in, the
// word weights are jieba's own IDF table (a general corpus), so the CLI on a file and the platform on
// one reply give the same score for the same text. Formulas: docs/reply-quality.md.
import { idf as jiebaIdf } from '@node-rs/jieba/dict.js';
import type { Tokenizer } from './tokenizer.js';
import { normalizeText } from './words.js';

export interface ReplyRequest {
  title: string;
  content: string;
}

/** The reply: its text (办理结果, or a whole published answer) and, where the platform has them, the structured fields. */
export interface ReplyInput {
  text: string;
  measures?: string | null;
  basis?: string | null;
  /** The unit's own answer to "was the citizen contacted"; undefined when the source has no such field. */
  contacted?: boolean | null;
}

export const REPLY_FLAG_LABELS = {
  in_progress: '过程性答复：仅称正在办理',
  escalated: '过程性答复：仅称已呈报领导',
  forwarded: '过程性答复：仅称已转相关部门',
  promise_only: '仅承诺尽快处理，无办理结果',
  acknowledged_only: '仅表示留言已收悉',
  too_short: '答复过短',
  no_contact: '未联系诉求人',
  copy_of_request: '照抄诉求内容',
  off_topic: '答非所问',
  perfunctory: '疑似敷衍',
} as const;

export type ReplyFlagCode = keyof typeof REPLY_FLAG_LABELS;
export const REPLY_FLAG_CODES = Object.keys(REPLY_FLAG_LABELS) as ReplyFlagCode[];

export interface ReplyFlag {
  code: ReplyFlagCode;
  label: string;
}

export interface ReplyElements {
  result: boolean;
  measures: boolean;
  basis: boolean;
  contact: boolean;
}

export interface ReplyScores {
  relevance: number;
  completeness: number;
  explanation: number;
  /** 0.4·relevance + 0.35·completeness + 0.25·explanation: compared with the 疑似敷衍 threshold. */
  overall: number;
  elements: ReplyElements;
  flags: ReplyFlag[];
}

export interface ReplyOptions {
  /** A reply whose overall score is below this is flagged 疑似敷衍 (perfunctory). */
  perfunctoryBelow?: number;
}

export const DEFAULT_PERFUNCTORY_BELOW = 0.35;

// ---- word weights -------------------------------------------------------------------------------

let idfTable: { idf: Map<string, number>; unknown: number } | null = null;

/**
 * jieba's IDF table (≈270,000 words from a general corpus), read once. A word it does not know (a
 * place, a housing estate, a user word) gets the median IDF, as jieba's own keyword extraction does:
 * such names are rare and say much about the matter.
 */
function idfWeights(): { idf: Map<string, number>; unknown: number } {
  if (idfTable) return idfTable;
  const text = new TextDecoder().decode(jiebaIdf);
  const idf = new Map<string, number>();
  const values: number[] = [];
  for (const line of text.split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space <= 0) continue;
    const v = Number(line.slice(space + 1));
    if (!Number.isFinite(v)) continue;
    idf.set(line.slice(0, space), v);
    values.push(v);
  }
  values.sort((a, b) => a - b);
  idfTable = { idf, unknown: values[Math.floor(values.length / 2)] ?? 10 };
  return idfTable;
}

const weightOf = (word: string): number => {
  const t = idfWeights();
  return t.idf.get(word) ?? t.unknown;
};

/**
 * The formulas of published replies (greetings, thanks, "your message was received") and the
 * board's own names: in nearly every reply whatever the matter, so they prove nothing about it.
 */
const REPLY_FORMULA_WORDS = new Set([
  '网友', '留言', '收悉', '答复', '回复', '如下', '感谢', '关心', '关注', '支持', '监督', '信任', '理解', '工作', '平台', '栏目', '书记', '市长',
  '省长', '问政', '西地省', '现将', '调查', '核实', '了解', '办理', '反馈', '来信', '来电', '诉求人', '同志', '先生', '女士', '再次', '祝', '生活', '愉快',
]);

function contentWords(tokenizer: Tokenizer, text: string): string[] {
  return tokenizer.words(text).filter((w) => !REPLY_FORMULA_WORDS.has(w) && [...w].length >= 2);
}

function vector(words: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
  const v = new Map<string, number>();
  for (const [w, n] of tf) v.set(w, (1 + Math.log(n)) * weightOf(w));
  return v;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [w, x] of a) {
    na += x * x;
    const y = b.get(w);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Places and named things: words ending as a place, a building, an estate or an organisation does
 * (景蓉华苑, 潇楚南路, 桂花坪街道, 美顺物业), and the anonymised districts of the data (a2区, a7县).
 */
const ENTITY_END = /(省|市|区|县|镇|乡|街道|社区|村|组|路|街|巷|大道|桥|小区|花园|苑|园|城|广场|大厦|公寓|市场|公司|物业|学校|小学|中学|大学|学院|医院|车站|站|厂|局|所|中心|湖|山|江|河)$/;

function entitiesOf(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => ([...w].length >= 3 && ENTITY_END.test(w)) || /^[a-z]\d*(市|区|县)$/.test(w)))];
}

// ---- what a reply says --------------------------------------------------------------------------

/** A result: the matter was solved, refused with a reason, answered, or a decision taken (办理结果). */
const RESULT = new RegExp([
  '已(经)?(解决|修复|修好|维修|更换|清理|清除|整改|完成|恢复|拆除|取缔|关停|制止|落实|办结|疏通|处置|处罚|查处|纠正|撤销|退还|发放|补发|支付|返还|安装|开通|调整|停止|暂停|纳入|列入|批复|审批|受理|答复|通知|告知|协调|到位)',
  '(问题|情况|现象)(已|已经)?(得到)?(解决|改善|消除|整改)', '恢复正常', '整改到位', '不予(支持|受理|采纳|批准)', '不属于', '不符合', '无法(满足|办理|支持|实现)',
  '暂(不|无)(具备|能|计划|考虑)', '符合.{0,10}条件', '可以(办理|申请|享受|到|在|携带|通过|拨打)', '(应当|应|需要|需)(到|向|携带|提供|办理|按照)',
  '(标准|比例|费用|金额)(为|是)', '(经|通过)[^，。；]{0,20}(调查|核实|核查|查实|查明|了解|检测|勘察)', '(基本)?(属实|不属实)', '不存在', '不支持', '已(建成|开放|开馆|营业|投入使用|运行|实施|出台|印发|竣工|通车)', '经查', '据查', '经了解', '并非', '(不能|不可以|不得|无需|不需要|不再)', '(可|可以)(凭|持|向|登录|申请)', '(属于|系)[^，。；]{0,12}(范围|职责|管辖|项目|行为)', '(没有|未)(发现|违反|违规)', '已于', '现已', '目前已', '目前.{0,8}(正常|完成|通车|开放|运行)', '计划于.{0,12}(完成|开工|竣工|通车|投入)',
].join('|'));

/** Measures taken (办理措施). */
const MEASURES = new RegExp([
  '安排', '派员', '派出', '组织(人员|力量|执法|相关)', '(现场|实地|上门)(核查|查看|勘察|检查|调查|走访|察看|处置)', '到(现场|实地)', '责令', '约谈', '督促',
  '要求.{0,12}(整改|落实|停止|拆除|清理|履行|限期)', '下达', '整改通知', '立案', '查处', '处罚', '清理', '巡查', '召开', '会同', '联合', '协调', '牵头', '执法',
  '检测', '抽检', '排查', '走访', '维修', '疏通', '更换', '封堵', '拆除', '回收', '设置', '增设', '加强',
].join('|'));

/** Basis (依据): a named law or document, or a rule invoked. */
const BASIS = /《[^》]{2,40}》|(根据|依据|按照|依照|按)[^，。；]{0,30}(规定|办法|条例|政策|法|文件|标准|通知|意见|细则|规划|要求|精神)|第[一二三四五六七八九十百零\d]{1,4}条|相关(规定|政策|法规)/;

/** Contact with the citizen (联系诉求人). */
const CONTACT = /(与|和|同|跟)[^，。；]{0,16}(联系|沟通|见面|面谈|交流|取得联系)|(电话|当面|上门|面对面)(联系|沟通|回复|告知|解释|答复|说明|交流)|(联系|致电|约见|走访|回访)(了)?(诉求人|来电人|当事人|网友|业主|居民|您|市民|投诉人|反映人)|上门(走访|沟通|回访)|已(电话|当面)/;

const IN_PROGRESS = /正在(办理|处理|调查|核实|协调|研究|落实|跟进)|办理中|处理中|调查中|核实中/;
const ESCALATED = /(呈报|上报|报请|报送|汇报|请示)[^，。；]{0,6}领导|已呈报|已上报|已请示/;
const FORWARDED = /(已|已经)?(转|转交|转送|转至|转给|转办|移交|交由)(到|至|给)?[^，。；]{0,8}(相关|有关|责任|主管)?(部门|单位)/;
const PROMISE = /(将|会|正|拟)(尽快|尽早|及时|抓紧|积极|认真)|尽快(处理|解决|办理|落实|答复|回复)|研究后|待研究|择机|适时/;
const ACKNOWLEDGED = /收悉|已收到|已经收到/;

/** Why and how: causes, findings of an inquiry, reasons given. */
const CAUSAL = /因(?!此)|由于|原因(是|为|在于)?|经(过)?(调查|核实|了解|查|现场|核查|研究|排查|检测|调阅|查证)|鉴于|因此|所以|导致|造成|目的是|为了|主要是|系/g;
/** Concrete facts: dates, numbers with their units, named offices. */
const DATES = /\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月(上|中|下)旬|\d{1,2}月份|\d{4}[-./]\d{1,2}[-./]\d{1,2}/g;
const QUANTITIES = /\d+(\.\d+)?\s*(米|公里|千米|元|万元|亿元|万|户|人|个|辆|吨|平方米|平方|㎡|亩|天|小时|分钟|%|％|次|处|条|台|栋|套|间|盏|棵|名|家|所|年)/g;
const OFFICES = /[\u4e00-\u9fa5a-z\d]{2,12}(局|委员会|委|办公室|管理处|中心|街道办事处|街道|社区居委会|社区|公司|分局|大队|中队|派出所|所|支队|医院|学校|政府)/g;
/** Next steps and time frames. */
const NEXT_STEPS = /下一步|预计|计划(于|在)|将于|力争|确保|争取|(\d+|[一二三四五六七八九十]+)(个)?(工作日|日|天|周|个月|月)内|(年底|月底|年内|近期|本月|下月)(前)?(完成|实施|解决)|后续|持续(跟踪|关注|巡查)|长效/g;

const count = (re: RegExp, text: string): number => text.match(re)?.length ?? 0;
const saturate = (x: number, scale: number): number => 1 - Math.exp(-x / scale);
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const round3 = (x: number): number => Math.round(clamp01(x) * 1000) / 1000;

/** The text without punctuation and spaces, for copy detection and length. */
const bare = (text: string): string => normalizeText(text).replace(/[\p{P}\p{S}\p{Z}\s]/gu, '');

/** Greetings and thanks do not count towards a reply's length: "网友：您好！留言已收悉" says nothing. */
const GREETINGS = /(网友|市民|同志)?(您好|你好)|感谢您?对[^，。！]{0,20}(关心|支持|监督|信任|关注)[^，。！]{0,10}|再次感谢[^，。！]{0,20}|(现将|现就)[^，。]{0,30}(答复|回复)如下|留言已收悉|祝[^，。！]{0,10}(愉快|顺利)/g;

/** Share of the reply's character 4-grams that occur in the request: a copy scores near 1. */
function copiedShare(reply: string, request: string): number {
  // UTF-16 slices: the texts are Chinese (one code unit a character), and a rare astral character
  // cut in two only makes one odd 4-gram on each side alike.
  const r = bare(reply);
  if (r.length < 12) return 0;
  const grams = new Set<string>();
  for (let i = 0; i + 4 <= r.length; i++) grams.add(r.slice(i, i + 4));
  const req = bare(request);
  const inRequest = new Set<string>();
  for (let i = 0; i + 4 <= req.length; i++) inRequest.add(req.slice(i, i + 4));
  let hit = 0;
  for (const g of grams) if (inRequest.has(g)) hit++;
  return hit / grams.size;
}

/**
 * The reply without the stretches it copies from the title (您反映的“…”问题已收悉): any run of ten
 * characters found in the title (the whole title when it is shorter) is blanked, so quoting the
 * request back does not count as addressing it, while the matter's words, and a place name, used in
 * the reply's own sentences still do.
 */
function withoutEcho(reply: string, title: string): string {
  const t = title.replace(/[\p{P}\p{S}\p{Z}\s]/gu, '');
  const n = Math.min(10, t.length);
  if (n < 4) return reply;
  const grams = new Set<string>();
  for (let i = 0; i + n <= t.length; i++) grams.add(t.slice(i, i + n));
  let out = '';
  let blankUntil = 0;
  for (let i = 0; i < reply.length; i++) {
    if (i + n <= reply.length && grams.has(reply.slice(i, i + n))) blankUntil = i + n;
    out += i < blankUntil ? ' ' : reply[i];
  }
  return out;
}

/**
 * Scores one reply against its request. The tokenizer is the platform's (its user words keep place
 * and estate names whole); the scores are rounded to three decimals.
 */
export function scoreReply(tokenizer: Tokenizer, request: ReplyRequest, reply: ReplyInput, options: ReplyOptions = {}): ReplyScores {
  const threshold = options.perfunctoryBelow ?? DEFAULT_PERFUNCTORY_BELOW;
  const measuresField = reply.measures?.trim() ?? '';
  const basisField = reply.basis?.trim() ?? '';
  const all = normalizeText([reply.text, measuresField, basisField].filter(Boolean).join('。'));
  const substance = all.replace(GREETINGS, '');
  const substanceLength = [...bare(substance)].length;

  // Relevance: the request's words (the title twice: it names the matter) against the reply's.
  const titleWords = contentWords(tokenizer, request.title);
  const requestWords = [...titleWords, ...titleWords, ...contentWords(tokenizer, request.content)];
  // A reply that quotes the title back (您反映的“…”问题已收悉) has not thereby addressed it.
  const answered = withoutEcho(all, normalizeText(request.title));
  const replyWords = contentWords(tokenizer, answered);
  const replySet = new Set(replyWords);
  const cos = cosine(vector(requestWords), vector(replyWords));
  const titleSet = [...new Set(titleWords)];
  const titleMass = titleSet.reduce((s, w) => s + weightOf(w), 0);
  const titleCoverage = titleMass === 0 ? cos : titleSet.filter((w) => replySet.has(w) || answered.includes(w)).reduce((s, w) => s + weightOf(w), 0) / titleMass;
  const entities = entitiesOf(requestWords);
  const entityShare = entities.length === 0 ? titleCoverage : entities.filter((e) => answered.includes(e)).length / entities.length;
  const relevance = clamp01(0.4 * titleCoverage + 0.4 * Math.min(1, cos / 0.3) + 0.2 * Math.min(1, entityShare * 2));

  // Completeness: four elements, each from the text or the structured field.
  const processOnly = (re: RegExp) => re.test(all);
  const elements: ReplyElements = {
    result: RESULT.test(all),
    measures: measuresField.length > 0 || MEASURES.test(all),
    basis: basisField.length > 0 || BASIS.test(all),
    contact: reply.contacted === true || ((reply.contacted === undefined || reply.contacted === null) && CONTACT.test(all)),
  };
  const completeness = 0.35 * +elements.result + 0.25 * +elements.measures + 0.15 * +elements.basis + 0.25 * +elements.contact;

  // Explanation: reasons and findings, concrete facts, next steps, and enough words to hold them.
  const causes = count(CAUSAL, substance);
  const facts = count(DATES, substance) + count(QUANTITIES, substance) + Math.min(4, count(OFFICES, substance));
  const steps = count(NEXT_STEPS, substance);
  const explanation = 0.35 * saturate(causes, 1.5) + 0.35 * saturate(facts, 3) + 0.15 * saturate(steps, 1) + 0.15 * Math.min(1, substanceLength / 300);

  const overall = 0.4 * relevance + 0.35 * completeness + 0.25 * explanation;
  const codes: ReplyFlagCode[] = [];
  // Process words in a reply that explains the matter are its next steps, not its whole answer.
  if (!elements.result && explanation < 0.5) {
    if (processOnly(IN_PROGRESS)) codes.push('in_progress');
    if (processOnly(ESCALATED)) codes.push('escalated');
    if (processOnly(FORWARDED)) codes.push('forwarded');
    if (processOnly(PROMISE)) codes.push('promise_only');
    if (ACKNOWLEDGED.test(all) && substanceLength < 60) codes.push('acknowledged_only');
  }
  if (substanceLength < 15 || (substanceLength < 30 && !elements.result)) codes.push('too_short');
  if (!elements.contact) codes.push('no_contact');
  if (copiedShare(reply.text, `${request.title}。${request.content}`) >= 0.6) codes.push('copy_of_request');
  if (relevance < 0.15 && substanceLength >= 30) codes.push('off_topic');
  const processFlags: ReplyFlagCode[] = ['in_progress', 'escalated', 'forwarded', 'promise_only', 'acknowledged_only', 'copy_of_request'];
  if (overall < threshold || codes.some((c) => processFlags.includes(c))) codes.push('perfunctory');

  return {
    relevance: round3(relevance), completeness: round3(completeness), explanation: round3(explanation), overall: round3(overall),
    elements, flags: codes.map((code) => ({ code, label: REPLY_FLAG_LABELS[code] })),
  };
}

/** Flags from stored codes (a code no longer known is kept, labelled with itself). */
export function replyFlagsOf(codes: readonly string[]): { code: string; label: string }[] {
  return codes.map((code) => ({ code, label: (REPLY_FLAG_LABELS as Record<string, string>)[code] ?? code }));
}
