// STUB: replaced by the form of the action 'decide-extension' (审批延期).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '审批延期', hint: '审批延期', Form: Pending };
