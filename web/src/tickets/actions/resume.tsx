// STUB: replaced by the form of the action 'resume' (解除挂起).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '解除挂起', hint: '解除挂起', Form: Pending };
