// STUB: replaced by the form of the action 'invalidate' (无效工单).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '无效工单', hint: '无效工单', Form: Pending };
