// STUB: replaced by the form of the action 'answer' (直接答复).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '直接答复', hint: '直接答复', Form: Pending };
