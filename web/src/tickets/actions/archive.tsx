// STUB: replaced by the form of the action 'archive' (归档).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '归档', hint: '归档', Form: Pending };
