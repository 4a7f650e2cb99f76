// STUB: replaced by the form of the action 'suspend' (挂起).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '挂起', hint: '挂起', Form: Pending };
