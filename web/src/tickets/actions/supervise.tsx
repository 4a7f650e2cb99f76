// STUB: replaced by the form of the action 'supervise' (督办).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '督办', hint: '督办', Form: Pending };
