// STUB: replaced by the form of the action 'request-extension' (申请延期).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '申请延期', hint: '申请延期', Form: Pending };
