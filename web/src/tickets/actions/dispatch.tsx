// STUB: replaced by the form of the action 'dispatch' (派单).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '派单', hint: '派单', Form: Pending };
