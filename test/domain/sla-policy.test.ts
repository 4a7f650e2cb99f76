// SLA policies and deadlines (DOMAIN.md §7) on the real 2026 calendar, around the National Day
// holiday: 10-01 (Thu) … 10-07 (Wed) off, 10-08 (Thu) back to work, and the make-up working days
// Sunday 09-20 and Saturday 10-10 (chinese-days). Mid-Autumn: 09-25 (Fri) … 09-27 off.
// Working hours 08:30–12:00 and 13:30–17:30: one working day = 450 working minutes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCalendar, fromChineseDays, workingMinutesBetween, type ChineseDaysJson, type Interval } from '../../src/domain/calendar/index.js';
import {
  assignmentDeadlines, choosePolicy, DEFAULT_POLICIES, pausesFrom, policyMatches, slaLevel, warnAt, WORKING_DAY,
  type AssignmentClock, type Limit, type PolicyFacts, type SlaPolicyValue,
} from '../../src/domain/sla/policy.js';

const chineseDays = JSON.parse(
  readFileSync(new URL('../../node_modules/chinese-days/dist/chinese-days.json', import.meta.url), 'utf8'),
) as ChineseDaysJson;
const cal = buildCalendar(fromChineseDays(chineseDays, [2025, 2026]));

/** 'YYYY-MM-DD HH:MM[:SS]' in Shanghai time → instant (the suite runs with TZ=UTC). */
function t(local: string): Date {
  const [date, time] = local.split(' ');
  return new Date(`${date}T${time!.length === 5 ? `${time}:00` : time}+08:00`);
}

/** Instant → 'YYYY-MM-DD HH:MM[:SS]' in Shanghai time. */
function show(d: Date): string {
  const iso = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  const base = iso.slice(0, 16).replace('T', ' ');
  return iso.slice(17, 23) === '00.000' ? base : `${base}:${iso.slice(17, 19)}`;
}

const days = (n: number): Limit => ({ minutes: n * WORKING_DAY, clock: false });
const clock = (minutes: number): Limit => ({ minutes, clock: true });
const pause = (from: string, to: string): Interval => ({ from: t(from), to: t(to) });

// The default policies as a platform holds them: 水电气热 is one row per subject node.
const SUBJECT_PATHS: Record<string, string> = { 供水: '/10/101/', 供电: '/10/102/', 燃气: '/10/103/', 供热: '/10/104/' };
const policies: SlaPolicyValue[] = DEFAULT_POLICIES.flatMap((p) => (p.subjects ?? [null]).map((subject) => ({
  name: subject ? `${p.name}·${subject}` : p.name, priority: p.priority, matchType: p.type ?? null, matchUrgency: p.urgency ?? null,
  matchSubjectPath: subject ? SUBJECT_PATHS[subject]! : null, sign: p.sign, reply: p.reply, reviewMinutes: 450, visitMinutes: 900,
  returnWindowMinutes: 900, extensionMaxMinutes: 4500, extensionMaxCount: 1, warnShare: 0.75,
}))).map((p, i) => ({ ...p, id: i + 1 }));

describe('choosePolicy: urgency, then subject, then type, then the default', () => {
  it.each<[string, PolicyFacts, string]>([
    ['a complaint', { type: 'complaint', urgency: 'normal', subjectPath: null }, '投诉'],
    ['a consultation', { type: 'consult', urgency: 'normal', subjectPath: null }, '咨询'],
    ['a suggestion', { type: 'suggestion', urgency: 'normal', subjectPath: '/3/17/' }, '建议'],
    ['urgency beats type: a 特急 complaint', { type: 'complaint', urgency: 'critical', subjectPath: null }, '特急'],
    ['urgency beats type: a 紧急 consultation', { type: 'consult', urgency: 'urgent', subjectPath: null }, '紧急'],
    ['urgency beats subject: a 特急 water matter', { type: 'help', urgency: 'critical', subjectPath: '/10/101/' }, '特急'],
    ['the subject node itself', { type: 'complaint', urgency: 'normal', subjectPath: '/10/101/' }, '水电气热·供水'],
    ['a subject deep in the subtree', { type: 'complaint', urgency: 'normal', subjectPath: '/10/103/555/777/' }, '水电气热·燃气'],
    ['a sibling whose id starts alike is not in the subtree', { type: 'complaint', urgency: 'normal', subjectPath: '/10/1011/' }, '投诉'],
    ['the parent of the subject is not covered', { type: 'help', urgency: 'normal', subjectPath: '/10/' }, '求助'],
    ['praise falls to the default', { type: 'praise', urgency: 'normal', subjectPath: null }, '默认'],
    ['an unknown type falls to the default', { type: 'other', urgency: 'normal', subjectPath: '/3/' }, '默认'],
  ])('%s → %s', (_, facts, name) => {
    expect(choosePolicy(policies, facts)?.name).toBe(name);
  });

  it('ties on priority go to the lower id; the input order does not matter', () => {
    const a = { ...policies.find((p) => p.name === '投诉')!, id: 50, name: 'A' };
    const b = { ...a, id: 40, name: 'B' };
    expect(choosePolicy([a, b], { type: 'complaint', urgency: 'normal', subjectPath: null })?.name).toBe('B');
    expect(choosePolicy([b, a], { type: 'complaint', urgency: 'normal', subjectPath: null })?.name).toBe('B');
  });

  it('no catch-all, no match: null (dispatch then refuses with no_sla_policy)', () => {
    expect(choosePolicy(policies.filter((p) => p.name !== '默认'), { type: 'praise', urgency: 'normal', subjectPath: null })).toBeNull();
    expect(choosePolicy([], { type: 'complaint', urgency: 'normal', subjectPath: null })).toBeNull();
  });

  it('a subject policy never matches a ticket without a subject', () => {
    expect(policyMatches(policies.find((p) => p.name === '水电气热·供水')!, { type: 'complaint', urgency: 'normal', subjectPath: null })).toBe(false);
  });
});

// A complaint (sign 1, reply 10, return window 2 working days) dispatched on Tuesday 09-29 at 10:00.
const complaint = (extra: Partial<AssignmentClock> = {}): AssignmentClock => ({
  dispatchedAt: t('2026-09-29 10:00'), sign: days(1), reply: days(10), returnWindowMinutes: 2 * WORKING_DAY, extensionMinutes: 0, ...extra,
});

describe('assignmentDeadlines across the National Day holiday', () => {
  it.each<[string, AssignmentClock, Interval[], { sign: string; reply: string; ret: string }]>([
    // Reply, 4500 min: Tue 09-29 360 (10:00–17:30), Wed 09-30 450, holiday 10-01…07, Thu 10-08,
    // Fri 10-09, make-up Sat 10-10, Mon–Fri 10-12…16 (8 × 450 = 3600, total 4410), then 90 on
    // Mon 10-19 → 10:00. Sign, 450: 360 + 90 → Wed 09-30 10:00. Return, 900: 360 + 450 + 90 → Thu 10-08 10:00.
    ['plain', complaint(), [], { sign: '2026-09-30 10:00', reply: '2026-10-19 10:00', ret: '2026-10-08 10:00' }],
    // Suspended Wed 09-30 14:00 (Wed) → Fri 10-09 10:00: 210 + 0 (holiday) + 450 (Thu) + 90 = 750
    // working minutes paused. Reply: 10-19 10:00 + 750 → 360 left on Mon 10-19, 390 on Tue 10-20 → 16:30.
    // Return, 900: 360 + 240 (Wed until 14:00) + 300 from Fri 10-09 10:00 → 16:30.
    ['suspended over the holiday', complaint(), [pause('2026-09-30 14:00', '2026-10-09 10:00')],
      { sign: '2026-09-30 10:00', reply: '2026-10-20 16:30', ret: '2026-10-09 16:30' }],
    // Extension of 3 working days (1350 min) from Mon 10-19 10:00: 360 + 450 (Tue) + 450 (Wed) + 90 → Thu 10-22 10:00.
    ['extended by 3 working days', complaint({ extensionMinutes: 3 * WORKING_DAY }), [],
      { sign: '2026-09-30 10:00', reply: '2026-10-22 10:00', ret: '2026-10-08 10:00' }],
    // Both: from Tue 10-20 16:30, 1350 = 60 + 450 (Wed) + 450 (Thu) + 390 on Fri 10-23 → 16:30.
    ['suspended and extended', complaint({ extensionMinutes: 3 * WORKING_DAY }), [pause('2026-09-30 14:00', '2026-10-09 10:00')],
      { sign: '2026-09-30 10:00', reply: '2026-10-23 16:30', ret: '2026-10-09 16:30' }],
    // Dispatched Saturday 09-19 16:00: the clock starts at the make-up Sunday 09-20 08:30.
    ['dispatched on the Saturday before the make-up Sunday', complaint({ dispatchedAt: t('2026-09-19 16:00'), reply: days(1) }), [],
      { sign: '2026-09-20 17:30', reply: '2026-09-20 17:30', ret: '2026-09-21 17:30' }],
    // Dispatched on a holiday (Sat 10-03): nothing runs until Thu 10-08 08:30; five working days
    // are Thu 10-08, Fri 10-09, the make-up Sat 10-10, Mon 10-12 and Tue 10-13.
    ['dispatched during the holiday', complaint({ dispatchedAt: t('2026-10-03 11:00'), reply: days(5) }), [],
      { sign: '2026-10-08 17:30', reply: '2026-10-13 17:30', ret: '2026-10-09 17:30' }],
    // Urgent limits run on the wall clock, holiday or not: 紧急 sign 2 h, reply 24 h from Sat 10-03 22:00.
    ['紧急 on the clock', complaint({ dispatchedAt: t('2026-10-03 22:00'), sign: clock(120), reply: clock(24 * 60) }), [],
      { sign: '2026-10-04 00:00', reply: '2026-10-04 22:00', ret: '2026-10-09 17:30' }],
    // A pause stops the wall clock too: 特急 reply 2 h from Thu 10-08 09:00, paused 09:30–10:30. The
    // return window (working time) loses the hour too: 360 on Thu, 450 on Fri, 90 on Sat 10-10.
    ['特急 paused for an hour', complaint({ dispatchedAt: t('2026-10-08 09:00'), sign: clock(30), reply: clock(120) }), [pause('2026-10-08 09:30', '2026-10-08 10:30')],
      { sign: '2026-10-08 09:30', reply: '2026-10-08 12:00', ret: '2026-10-10 10:00' }],
  ])('%s', (_, c, pauses, want) => {
    const d = assignmentDeadlines(cal, c, pauses);
    expect({ sign: show(d.signDeadline), reply: show(d.replyDeadline), ret: show(d.returnDeadline) }).toEqual(want);
  });

  it('a pause moves the reply deadline by exactly the working time it took', () => {
    const p = pause('2026-09-30 14:00', '2026-10-09 10:00');
    expect(workingMinutesBetween(cal, p.from, p.to)).toBe(750);
    const before = assignmentDeadlines(cal, complaint()).replyDeadline;
    const after = assignmentDeadlines(cal, complaint(), [p]).replyDeadline;
    expect(workingMinutesBetween(cal, before, after)).toBe(750);
  });

  it('a child of a second-level dispatch never runs past its parent\'s reply deadline', () => {
    // Re-dispatched on Fri 10-09 09:00 with the parent's 10 days; the parent is due Mon 10-19 10:00.
    const child = complaint({
      dispatchedAt: t('2026-10-09 09:00'), parent: { signDeadline: t('2026-10-12 09:00'), replyDeadline: t('2026-10-19 10:00') },
    });
    const d = assignmentDeadlines(cal, child);
    expect(show(d.replyDeadline)).toBe('2026-10-19 10:00');
    // Its own one-day sign limit (Sat 10-10 09:00, the make-up day) is inside the parent's: kept.
    expect(show(d.signDeadline)).toBe('2026-10-10 09:00');
    // With a later parent, the child's own limit applies: 420 on Fri 10-09, 450 × 9 (10-10 … 10-21), 30 on Thu 10-22.
    const roomy = assignmentDeadlines(cal, { ...child, parent: { signDeadline: t('2026-10-30 17:30'), replyDeadline: t('2026-10-30 17:30') } });
    expect(show(roomy.replyDeadline)).toBe('2026-10-22 09:00');
    // The parent signed (long) before it re-dispatched: its passed sign deadline does not make the
    // child late on arrival; the child has its own day to sign, inside the parent's reply deadline.
    const late = assignmentDeadlines(cal, { ...child, parent: { signDeadline: t('2026-09-30 10:00'), replyDeadline: t('2026-10-19 10:00') } });
    expect(show(late.signDeadline)).toBe('2026-10-10 09:00');
    const tight = assignmentDeadlines(cal, { ...child, parent: { signDeadline: t('2026-09-30 10:00'), replyDeadline: t('2026-10-09 15:00') } });
    expect(show(tight.signDeadline)).toBe('2026-10-09 15:00');
  });
});

describe('warnAt: the yellow light at 75% of the working time allowed', () => {
  it.each<[string, string, string, boolean, Interval[], string]>([
    // 0.75 × 4500 = 3375: 360 (Tue 09-29) + 450 (Wed 09-30) + 450 × 5 (10-08, 10-09, Sat 10-10,
    // 10-12, 10-13) = 3060, then 315 on Wed 10-14: 210 to 12:00 and 105 after 13:30 → 15:15.
    ['complaint through the holiday', '2026-09-29 10:00', '2026-10-19 10:00', false, [], '2026-10-14 15:15'],
    // Paused 750 min: 360 + 240 (Wed until 14:00) + 360 (Fri 10-09 from 10:00) + 450 × 5 (10-10,
    // 10-12…10-15) = 3210, then 165 on Fri 10-16 → 11:15.
    ['the same, suspended over the holiday', '2026-09-29 10:00', '2026-10-20 16:30', false, [pause('2026-09-30 14:00', '2026-10-09 10:00')], '2026-10-16 11:15'],
    // One working day from Tue 10:00: 337.5 min → 120 to 12:00, 217.5 after 13:30 → 17:07:30.
    ['one working day', '2026-09-29 10:00', '2026-09-30 10:00', false, [], '2026-09-29 17:07:30'],
    // 紧急 24 h on the clock through the holiday: 18 h.
    ['24 h on the clock', '2026-10-01 10:00', '2026-10-02 10:00', true, [], '2026-10-02 04:00'],
  ])('%s', (_, start, deadline, onClock, pauses, want) => {
    expect(show(warnAt(cal, t(start), t(deadline), onClock, 0.75, pauses))).toBe(want);
  });
});

describe('slaLevel: 0 green, 1 yellow from 75%, 2 red from the deadline', () => {
  const start = t('2026-09-29 10:00');
  const deadline = t('2026-10-19 10:00');
  it.each<[string, string, 0 | 1 | 2]>([
    ['2026-09-29 10:00', 'dispatched (Tue)', 0],
    ['2026-10-05 10:00', 'mid-holiday: no working time has passed since 09-30 (Mon)', 0],
    ['2026-10-14 14:30', '74% (Wed)', 0],
    ['2026-10-14 15:15', '75% (Wed)', 1],
    ['2026-10-19 09:59', 'a minute before the deadline (Mon)', 1],
    ['2026-10-19 10:00', 'at the deadline (Mon)', 2],
    ['2026-11-19 10:00', 'a month past (Thu)', 2],
  ])('%s, %s → %i', (now, _, level) => {
    expect(slaLevel(cal, start, deadline, false, t(now), 0.75)).toBe(level);
  });

  it('on the clock: 特急 2 h reply turns yellow at 1 h 30', () => {
    const s = t('2026-10-03 10:00');
    expect(slaLevel(cal, s, t('2026-10-03 12:00'), true, t('2026-10-03 11:29'), 0.75)).toBe(0);
    expect(slaLevel(cal, s, t('2026-10-03 12:00'), true, t('2026-10-03 11:30'), 0.75)).toBe(1);
  });

  it('a pause counts on neither side of the share', () => {
    // Deadline and pause as in the suspension case: at Fri 10-16 11:15 75% is used.
    const pauses = [pause('2026-09-30 14:00', '2026-10-09 10:00')];
    expect(slaLevel(cal, start, t('2026-10-20 16:30'), false, t('2026-10-16 11:14'), 0.75, pauses)).toBe(0);
    expect(slaLevel(cal, start, t('2026-10-20 16:30'), false, t('2026-10-16 11:15'), 0.75, pauses)).toBe(1);
  });
});

describe('pausesFrom: suspend / resume events to pauses', () => {
  const ev = (type: string, at: string) => ({ type, at: t(at) });
  it.each<[string, { type: string; at: Date }[], string, [string, string][]]>([
    ['none', [], '2026-10-09 10:00', []],
    ['one closed pause', [ev('suspended', '2026-09-30 14:00'), ev('resumed', '2026-10-09 10:00')], '2026-10-12 09:00',
      [['2026-09-30 14:00', '2026-10-09 10:00']]],
    ['an open pause runs until now', [ev('suspended', '2026-09-30 14:00')], '2026-10-08 09:00', [['2026-09-30 14:00', '2026-10-08 09:00']]],
    ['events out of order are sorted', [ev('resumed', '2026-10-09 10:00'), ev('suspended', '2026-09-30 14:00')], '2026-10-12 09:00',
      [['2026-09-30 14:00', '2026-10-09 10:00']]],
    ['two pauses', [ev('suspended', '2026-09-29 11:00'), ev('resumed', '2026-09-29 15:00'), ev('suspended', '2026-10-08 09:00'), ev('resumed', '2026-10-09 09:00')],
      '2026-10-12 09:00', [['2026-09-29 11:00', '2026-09-29 15:00'], ['2026-10-08 09:00', '2026-10-09 09:00']]],
    ['a resume without a suspension and a second suspension are ignored',
      [ev('resumed', '2026-09-29 09:00'), ev('suspended', '2026-09-29 11:00'), ev('suspended', '2026-09-29 12:00'), ev('resumed', '2026-09-29 15:00')],
      '2026-10-12 09:00', [['2026-09-29 11:00', '2026-09-29 15:00']]],
    ['other events do not matter', [ev('urged', '2026-09-29 11:00'), ev('suspended', '2026-09-29 12:00'), ev('signed', '2026-09-29 13:00')],
      '2026-09-29 14:00', [['2026-09-29 12:00', '2026-09-29 14:00']]],
    ['an open pause that has not begun yet is no pause', [ev('suspended', '2026-10-09 10:00')], '2026-10-09 10:00', []],
  ])('%s', (_, events, now, want) => {
    expect(pausesFrom(events, t(now)).map((p) => [show(p.from), show(p.to)])).toEqual(want);
  });
});
