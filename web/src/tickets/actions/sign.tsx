// STUB: replaced by the form of the action 'sign' (签收).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '签收', hint: '签收', Form: Pending };
