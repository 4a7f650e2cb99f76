// Reply quality (issue 5 §6) on hand-written request/reply pairs: a good reply scores high on all
// three, process-only and perfunctory replies are flagged, a reply about another matter is not
// relevant, each element of completeness is detected from the text or the structured fields.
import { describe, expect, it } from 'vitest';
import { REPLY_FLAG_CODES, REPLY_FLAG_LABELS, replyFlagsOf, scoreReply, type ReplyInput, type ReplyScores } from '../../src/text/reply-quality.js';
import { Tokenizer } from '../../src/text/tokenizer.js';

const tokenizer = Tokenizer.create(['滨江花园', '望江路']);
const noise = { title: '滨江花园小区夜间施工噪音扰民', content: '滨江花园小区旁边的工地每天晚上十一点以后还在施工，噪音很大，影响休息，请相关部门处理。' };
const score = (reply: ReplyInput | string, request = noise, threshold?: number): ReplyScores =>
  scoreReply(tokenizer, request, typeof reply === 'string' ? { text: reply } : reply, threshold === undefined ? {} : { perfunctoryBelow: threshold });
const codes = (s: ReplyScores) => s.flags.map((f) => f.code);

const GOOD = '经调查核实，滨江花园小区旁的工地系城建集团承建的安置房项目，因赶工期在夜间违规施工。区城管执法局已于5月8日派员到现场，责令施工单位停止夜间施工，'
  + '并依据《环境噪声污染防治法》第三十条对其处以2万元罚款。施工单位已承诺22时后不再作业，我局将持续巡查。5月9日已电话联系诉求人告知处理结果，诉求人表示满意。';

describe('scoreReply', () => {
  it('scores a good reply high on relevance, completeness and explanation, with no flag', () => {
    const s = score(GOOD);
    expect(s.relevance).toBeGreaterThanOrEqual(0.7);
    expect(s.completeness).toBe(1);
    expect(s.explanation).toBeGreaterThanOrEqual(0.6);
    expect(s.elements).toEqual({ result: true, measures: true, basis: true, contact: true });
    expect(s.flags).toEqual([]);
  });

  it('flags 正在办理中, 已呈报领导 and 已转相关部门 as process-only and perfunctory, and scores them low', () => {
    const cases: [string, string][] = [['正在办理中。', 'in_progress'], ['已呈报领导，请耐心等待。', 'escalated'], ['您反映的问题已转相关部门处理。', 'forwarded'], ['我们将尽快处理。', 'promise_only']];
    for (const [text, code] of cases) {
      const s = score(text);
      expect(codes(s), text).toEqual(expect.arrayContaining([code, 'too_short', 'no_contact', 'perfunctory']));
      expect(s.relevance, text).toBeLessThan(0.2);
      expect(s.completeness, text).toBeLessThan(0.3);
      expect(s.explanation, text).toBeLessThan(0.2);
    }
    expect(score('正在办理中。').flags.find((f) => f.code === 'in_progress')?.label).toBe('过程性答复：仅称正在办理');
  });

  it('does not call a reply with a result process-only because it also says what comes next', () => {
    const s = score('已责令工地停止夜间施工，噪音问题已解决，下一步我局将正在跟进的巡查列入日常。已电话联系诉求人。');
    expect(codes(s)).not.toContain('in_progress');
    expect(codes(s)).not.toContain('perfunctory');
  });

  it('gives a reply about another matter low relevance and flags it 答非所问', () => {
    const other = score('经核实，望江路路灯故障系线路老化所致，已于3月2日更换电缆，路灯恢复正常，已电话告知诉求人。');
    expect(other.relevance).toBeLessThan(0.15);
    expect(codes(other)).toContain('off_topic');
    expect(score(GOOD).relevance - other.relevance).toBeGreaterThan(0.5);
  });

  it('does not count the title quoted back as addressing the request', () => {
    const echo = score('您反映的“滨江花园小区夜间施工噪音扰民”问题已收悉，感谢您对我们工作的支持。');
    expect(echo.relevance).toBeLessThan(0.2);
    expect(codes(echo)).toEqual(expect.arrayContaining(['acknowledged_only', 'perfunctory']));
  });

  it('flags a reply that copies the request', () => {
    expect(codes(score('滨江花园小区旁边的工地每天晚上十一点以后还在施工，噪音很大，影响休息。'))).toEqual(expect.arrayContaining(['copy_of_request', 'perfunctory']));
  });

  it('detects basis and contact in the text', () => {
    const basis = score('根据《城市管理条例》第十二条规定，夜间22时后禁止施工。');
    expect(basis.elements.basis).toBe(true);
    expect(basis.elements.contact).toBe(false);
    const basis2 = score('按照市住建局有关规定，该工地已停工。');
    expect(basis2.elements.basis).toBe(true);
    for (const text of ['已与诉求人电话联系，说明了处理情况。', '工作人员上门走访了反映人。', '已电话告知诉求人处理结果。']) {
      const s = score(text);
      expect(s.elements.contact, text).toBe(true);
      expect(codes(s), text).not.toContain('no_contact');
    }
  });

  it('takes measures, basis and contact from the structured fields; contacted=false wins over the text', () => {
    const text = '已责令工地停止夜间施工，噪音问题已解决。';
    const full = score({ text, measures: '执法人员现场检查，下达整改通知书', basis: '《环境噪声污染防治法》', contacted: true });
    expect(full.elements).toEqual({ result: true, measures: true, basis: true, contact: true });
    expect(full.completeness).toBe(1);
    const notContacted = score({ text: `${text}已与诉求人联系。`, contacted: false });
    expect(notContacted.elements.contact).toBe(false);
    expect(codes(notContacted)).toContain('no_contact');
    expect(full.completeness - notContacted.completeness).toBeGreaterThanOrEqual(0.25);
  });

  it('keeps every score in [0,1], for empty, huge and odd input', () => {
    const texts = ['', '   ', '。。。！！', 'a', '1234567890', GOOD.repeat(40), '正在办理中'.repeat(200), 'ＡＢＣ，滨江花园！'];
    for (const t of texts) {
      for (const request of [noise, { title: '', content: '' }, { title: t, content: t }]) {
        const s = score(t, request);
        for (const x of [s.relevance, s.completeness, s.explanation, s.overall]) {
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
          expect(Math.round(x * 1000) / 1000).toBe(x);
        }
      }
    }
    expect(codes(score(''))).toEqual(expect.arrayContaining(['too_short', 'perfunctory']));
  });

  it('flags 疑似敷衍 below the configured threshold only', () => {
    const middling = '已安排人员处理，问题已解决。';
    expect(codes(score(middling, noise, 0))).not.toContain('perfunctory');
    expect(codes(score(middling, noise, 1))).toContain('perfunctory');
  });

  it('labels every flag in Chinese, and labels stored codes (an unknown one with itself)', () => {
    for (const c of REPLY_FLAG_CODES) expect(REPLY_FLAG_LABELS[c]).toMatch(/[\u4e00-\u9fa5]/);
    expect(replyFlagsOf(['no_contact', 'gone'])).toEqual([{ code: 'no_contact', label: '未联系诉求人' }, { code: 'gone', label: 'gone' }]);
  });
});
