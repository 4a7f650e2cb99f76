// STUB: replaced by the form of the action 'urge' (催办).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '催办', hint: '催办', Form: Pending };
