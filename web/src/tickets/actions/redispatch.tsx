// STUB: replaced by the form of the action 'redispatch' (转派下级).
import { Pending } from './stub';
import type { ActionSpec } from './shared';

export const spec: ActionSpec = { label: '转派下级', hint: '转派下级', Form: Pending };
