// STUB: replaced by the form of the action 'visit' (回访).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '回访', hint: '回访', Form: Pending };
