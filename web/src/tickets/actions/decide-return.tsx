// STUB: replaced by the form of the action 'decide-return' (审批退单).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '审批退单', hint: '审批退单', Form: Pending };
