// STUB: replaced by the form of the action 'merge' (并单).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '并单', hint: '并单', Form: Pending };
