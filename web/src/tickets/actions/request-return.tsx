// STUB: replaced by the form of the action 'request-return' (申请退单).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '申请退单', hint: '申请退单', Form: Pending };
