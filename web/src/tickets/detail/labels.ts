// Chinese names for what a ticket's detail shows: timeline events, outcomes, supervision orders.
// Codes come from the server's domain modules (src/domain/tickets/machine.ts) and its services.
import { SUPERVISION_LEVEL_LABELS } from '../../../../src/domain/tickets/machine';
import type { CloseReason, Satisfaction, SupervisionLevel } from '../../../../src/domain/tickets/machine';

export { SUPERVISION_LEVEL_LABELS };
export type { CloseReason, Satisfaction, SupervisionLevel };

export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };
export const SATISFACTION_COLORS: Record<Satisfaction, string> = { satisfied: 'green', basic: 'blue', unsatisfied: 'red' };

/** Close reasons a person picks (CLOSE_REASONS), and `answered` the system records after a visited direct answer. */
export const CLOSE_REASON_LABELS: Record<CloseReason | 'answered', string> = {
  resolved: '已解决', unresolved: '未解决（已尽力）', unreasonable: '诉求不合理', unreachable: '无法联系诉求人', withdrawn: '诉求人撤诉', answered: '直接答复',
};
export const CLOSE_REASON_HINTS: Record<CloseReason, string> = {
  resolved: '问题已解决，回访未能成功或无需回访',
  unresolved: '承办单位已尽力，客观原因无法解决',
  unreasonable: '诉求超出政策范围或不合理，已向诉求人解释',
  unreachable: '多次联系诉求人未果',
  withdrawn: '诉求人主动撤回诉求',
};

export const ORDER_STATE_LABELS: Record<string, string> = { open: '督办中', answered: '已答复', closed: '已结束' };

/** Each event type the services append, as the timeline says it. */
export const EVENT_LABELS: Record<string, string> = {
  accepted: '受理', answered: '直接答复', dispatched: '派单', redispatched: '二级派单', signed: '签收', replied: '办理反馈',
  return_requested: '申请退单', return_decided: '审批退单', extension_requested: '申请延期', extension_decided: '审批延期',
  suspend_requested: '申请挂起', suspend_decided: '审批挂起', suspended: '挂起', resumed: '解除挂起',
  reviewed: '审核', sent_back: '退回重办', visited: '回访', reopened: '重办', closed: '办结', archived: '归档',
  merged: '并单', merged_from: '并入工单', split: '拆单', invalidated: '判为无效', urged: '催办',
  supervision_opened: '督办', supervision_answered: '督办答复', supervision_closed: '督办结束',
  deadline_warned: '临期预警', deadline_overdue: '超期', revealed: '查看完整信息', flagged_repeat: '屡办不成',
};

export const DEADLINE_WHICH_LABELS: Record<string, string> = { sign: '签收', reply: '办理', review: '审核', visit: '回访' };
export const REVEAL_FIELD_LABELS: Record<string, string> = { name: '姓名', phone: '电话', idNumber: '身份证号' };
