// Every ticket action's form, by action name: the ticket page and the queues open the same form
// for the same action, so an action behaves alike wherever it is done.
import type { ActionName } from '../types';
import type { ActionSpec } from './shared';
import { spec as answer } from './answer';
import { spec as dispatch } from './dispatch';
import { spec as redispatch } from './redispatch';
import { spec as sign } from './sign';
import { spec as requestReturn } from './request-return';
import { spec as decideReturn } from './decide-return';
import { spec as requestExtension } from './request-extension';
import { spec as decideExtension } from './decide-extension';
import { spec as suspend } from './suspend';
import { spec as resume } from './resume';
import { spec as reply } from './reply';
import { spec as review } from './review';
import { spec as visit } from './visit';
import { spec as reopen } from './reopen';
import { spec as close } from './close';
import { spec as archive } from './archive';
import { spec as merge } from './merge';
import { spec as split } from './split';
import { spec as invalidate } from './invalidate';
import { spec as urge } from './urge';
import { spec as supervise } from './supervise';

export const ACTION_SPECS: Record<ActionName, ActionSpec> = {
  'answer': answer,
  'dispatch': dispatch,
  'redispatch': redispatch,
  'sign': sign,
  'request-return': requestReturn,
  'decide-return': decideReturn,
  'request-extension': requestExtension,
  'decide-extension': decideExtension,
  'suspend': suspend,
  'resume': resume,
  'reply': reply,
  'review': review,
  'visit': visit,
  'reopen': reopen,
  'close': close,
  'archive': archive,
  'merge': merge,
  'split': split,
  'invalidate': invalidate,
  'urge': urge,
  'supervise': supervise,
};

export type { ActionFormProps, ActionSpec } from './shared';
