// The names of every figure (docs/figures.md). Counts are summed per group; rates are derived from
// counts by ./rates.ts and nowhere else.

export const COUNT_KEYS = [
  // tickets (by the handling unit for unit breakdowns)
  'received', 'merged', 'invalid', 'directAnswered', 'dispatched', 'closed', 'closedFirstTime', 'reopened',
  'toVisit', 'visited', 'validVisits', 'contacted', 'resolved', 'satisfied', 'basicSatisfied', 'unsatisfied',
  // assignments (by the assignment's own unit for unit breakdowns)
  'assignments', 'signed', 'signedOnTime', 'replied', 'repliedOnTime', 'returned', 'extended',
  // the per-unit table (seed 003's annex): 承办量 = handled, 办结量 = handledClosed
  'handled', 'handledClosed', 'overdue30',
  // live, as of now: open assignments past their reply deadline, and more than 30 days past
  'overdueOpen', 'overdueOpen30',
  // supervision orders opened in the period (督办次数)
  'supervisions',
  // call records (接通率)
  'callsOffered', 'callsAnswered', 'callsAnswered15',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

export const RATE_KEYS = [
  'directAnswerRate', 'closureRate', 'onTimeRate', 'firstTimeRate', 'signOnTimeRate', 'returnRate', 'extensionRate',
  'reopenRate', 'visitRate', 'validVisitRate', 'responseRate', 'resolutionRate', 'satisfactionRate', 'composite',
  'handledClosureRate', 'answerRate', 'answer15Rate',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export type FigureKey = CountKey | RateKey;

export const isRateKey = (k: string): k is RateKey => (RATE_KEYS as readonly string[]).includes(k);
export const isCountKey = (k: string): k is CountKey => (COUNT_KEYS as readonly string[]).includes(k);

/** Chinese names, as reports and screens print them. */
export const FIGURE_LABELS: Record<FigureKey, string> = {
  received: '受理量', merged: '合并重复件', invalid: '无效件', directAnswered: '直接答复', dispatched: '派单量', closed: '办结量',
  closedFirstTime: '一次办结', reopened: '重办量', toVisit: '应回访', visited: '已回访', validVisits: '有效回访', contacted: '已联系',
  resolved: '已解决', satisfied: '满意', basicSatisfied: '基本满意', unsatisfied: '不满意', assignments: '交办任务', signed: '签收',
  signedOnTime: '按时签收', replied: '答复', repliedOnTime: '按期答复', returned: '退回', extended: '延期', handled: '承办量',
  handledClosed: '办结量（承办）', overdue30: '超期30天以上工单数', overdueOpen: '超期在办', overdueOpen30: '超期30天以上（在办）',
  supervisions: '督办次数', callsOffered: '呼入量', callsAnswered: '接通量', callsAnswered15: '15秒接通量',
  directAnswerRate: '直接答复率', closureRate: '结案率', onTimeRate: '按期办结率', firstTimeRate: '一次完成率',
  signOnTimeRate: '签收及时率', returnRate: '回退率', extensionRate: '延期率', reopenRate: '重办率', visitRate: '回访率',
  validVisitRate: '有效回访率', responseRate: '响应率', resolutionRate: '解决率', satisfactionRate: '满意率', composite: '综合满意度',
  handledClosureRate: '办结率', answerRate: '接通率', answer15Rate: '15秒接通率',
};
