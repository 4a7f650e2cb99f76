// STUB: replaced by the form of the action 'reply' (办理反馈).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '办理反馈', hint: '办理反馈', Form: Pending };
