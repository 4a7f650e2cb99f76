// STUB: replaced by the form of the action 'review' (审核).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '审核', hint: '审核', Form: Pending };
