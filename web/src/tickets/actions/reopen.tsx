// STUB: replaced by the form of the action 'reopen' (重办).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '重办', hint: '重办', Form: Pending };
