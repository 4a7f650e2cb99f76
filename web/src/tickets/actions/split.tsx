// STUB: replaced by the form of the action 'split' (拆单).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '拆单', hint: '拆单', Form: Pending };
