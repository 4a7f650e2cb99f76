// STUB: replaced by the form of the action 'close' (办结).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '办结', hint: '办结', Form: Pending };
