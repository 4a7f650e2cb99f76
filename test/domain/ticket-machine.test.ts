// The state machine as a table: every (state, action) pair is either allowed by RULES or refused
// with a 409, and who may fire each action is decided by standing and role.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import {
  ACTIONS, ASSIGNMENT_RULES, ASSIGNMENT_STATES, checkAssignmentState, checkState, isAllowedFrom, mayAct, nextState, RULES, TICKET_STATES,
  visitCloses, type TicketAction, type TicketState,
} from '../../src/domain/tickets/machine.js';
import type { Role } from '../../src/domain/roles.js';

// The transitions of DOMAIN.md §6, written out independently of RULES: the test fails if the table drifts.
const ALLOWED: Record<TicketAction, TicketState[]> = {
  answer: ['accepted', 'dispatching'],
  dispatch: ['accepted', 'dispatching'],
  redispatch: ['assigned', 'handling'],
  sign: ['assigned', 'handling'],
  'request-return': ['assigned', 'handling'],
  'decide-return': ['assigned', 'handling'],
  'request-extension': ['assigned', 'handling'],
  'decide-extension': ['assigned', 'handling'],
  suspend: ['assigned', 'handling'],
  resume: ['suspended'],
  reply: ['assigned', 'handling'],
  review: ['replied'],
  visit: ['answered', 'visiting'],
  reopen: ['answered', 'visiting', 'closed'],
  close: ['answered', 'visiting'],
  archive: ['closed', 'merged', 'invalid'],
  merge: ['accepted', 'dispatching'],
  split: ['accepted', 'dispatching'],
  invalidate: ['accepted', 'dispatching'],
  urge: ['assigned', 'handling', 'suspended'],
  supervise: ['assigned', 'handling', 'replied', 'visiting', 'suspended'],
  reveal: [...TICKET_STATES],
};

describe('ticket state machine', () => {
  const pairs = ACTIONS.flatMap((action) => TICKET_STATES.map((state) => [state, action] as const));

  it.each(pairs)('%s × %s: allowed exactly when DOMAIN §6 allows it', (state, action) => {
    const allowed = ALLOWED[action].includes(state);
    expect(isAllowedFrom(state, action)).toBe(allowed);
    if (allowed) {
      expect(() => checkState(state, action)).not.toThrow();
    } else {
      let error: unknown;
      try {
        checkState(state, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(409);
      expect((error as AppError).code).toBe('invalid_state');
    }
  });

  it('every action leads where the diagram says', () => {
    const top = { primary: true, topLevel: true };
    expect(nextState('dispatching', 'answer')).toBe('answered');
    expect(nextState('accepted', 'dispatch')).toBe('assigned');
    expect(nextState('assigned', 'sign', { action: 'sign', ...top })).toBe('handling');
    expect(nextState('assigned', 'sign', { action: 'sign', primary: false, topLevel: true })).toBe('assigned');
    expect(nextState('handling', 'sign', { action: 'sign', primary: true, topLevel: false })).toBe('handling');
    expect(nextState('handling', 'reply', { action: 'reply', ...top })).toBe('replied');
    expect(nextState('handling', 'reply', { action: 'reply', primary: false, topLevel: true })).toBe('handling');
    expect(nextState('handling', 'reply', { action: 'reply', primary: true, topLevel: false })).toBe('handling');
    expect(nextState('assigned', 'decide-return', { action: 'decide-return', approve: true, ...top })).toBe('dispatching');
    expect(nextState('assigned', 'decide-return', { action: 'decide-return', approve: false, ...top })).toBe('assigned');
    expect(nextState('handling', 'decide-return', { action: 'decide-return', approve: true, primary: false, topLevel: true })).toBe('handling');
    expect(nextState('replied', 'review', { action: 'review', approve: true })).toBe('visiting');
    expect(nextState('replied', 'review', { action: 'review', approve: false })).toBe('handling');
    expect(nextState('visiting', 'visit', { action: 'visit', closes: true })).toBe('closed');
    expect(nextState('visiting', 'visit', { action: 'visit', closes: false })).toBe('visiting');
    expect(nextState('answered', 'visit', { action: 'visit', closes: true })).toBe('closed');
    expect(nextState('closed', 'reopen')).toBe('dispatching');
    expect(nextState('visiting', 'close')).toBe('closed');
    expect(nextState('closed', 'archive')).toBe('archived');
    expect(nextState('dispatching', 'merge')).toBe('merged');
    expect(nextState('dispatching', 'invalidate')).toBe('invalid');
    expect(nextState('handling', 'suspend', { action: 'suspend', approved: true })).toBe('suspended');
    expect(nextState('handling', 'suspend', { action: 'suspend', approved: false })).toBe('handling');
    expect(nextState('suspended', 'resume', { action: 'resume', from: 'assigned' })).toBe('assigned');
    expect(() => nextState('closed', 'dispatch')).toThrow(AppError);
  });

  it('closed, archived, merged and invalid tickets accept no work', () => {
    for (const state of ['archived', 'merged', 'invalid'] as TicketState[]) {
      const open = ACTIONS.filter((a) => isAllowedFrom(state, a));
      expect(open).toEqual(state === 'archived' ? ['reveal'] : ['archive', 'reveal']);
    }
  });

  it.each(ACTIONS.flatMap((action) => ASSIGNMENT_STATES.map((s) => [action, s] as const)).filter(([a]) => ASSIGNMENT_RULES[a]))(
    '%s on an assignment that is %s', (action, state) => {
      const allowed = ASSIGNMENT_RULES[action]!.includes(state);
      if (allowed) expect(() => checkAssignmentState(state, action)).not.toThrow();
      else expect(() => checkAssignmentState(state, action)).toThrow(expect.objectContaining({ status: 409, code: 'invalid_assignment_state' }));
    },
  );

  it('a sign needs an unsigned assignment; a reply a signed one', () => {
    expect(() => checkAssignmentState('handling', 'sign')).toThrow();
    expect(() => checkAssignmentState('assigned', 'reply')).toThrow();
  });
});

describe('who may act', () => {
  const at = { platform: { atPlatform: true, atAssignee: false, atParent: false }, unit: { atPlatform: false, atAssignee: true, atParent: false },
    parent: { atPlatform: false, atAssignee: false, atParent: true }, elsewhere: { atPlatform: false, atAssignee: false, atParent: false } };
  const roles = (...r: Role[]) => ({ roles: r });

  it('the platform\'s roles act only from the platform', () => {
    expect(mayAct(roles('dispatcher'), 'dispatch', at.platform)).toBe(true);
    expect(mayAct(roles('dispatcher'), 'dispatch', at.unit)).toBe(false);
    expect(mayAct(roles('operator'), 'review', at.platform)).toBe(false);
    expect(mayAct(roles('reviewer'), 'review', at.platform)).toBe(true);
    expect(mayAct(roles('visitor'), 'visit', at.platform)).toBe(true);
    expect(mayAct(roles('handler'), 'visit', at.platform)).toBe(false);
  });

  it('units act on their own assignments; a parent unit decides its children\'s requests', () => {
    expect(mayAct(roles('handler'), 'sign', at.unit)).toBe(true);
    expect(mayAct(roles('handler'), 'sign', at.elsewhere)).toBe(false);
    expect(mayAct(roles('handler'), 'sign', at.parent)).toBe(false);
    expect(mayAct(roles('unit_admin'), 'decide-return', at.parent)).toBe(true);
    expect(mayAct(roles('handler'), 'decide-return', at.unit)).toBe(false);
    expect(mayAct(roles('leader'), 'sign', at.unit)).toBe(false);
  });

  it('reveal is for platform roles only', () => {
    for (const r of ['operator', 'dispatcher', 'reviewer', 'visitor', 'supervisor', 'admin'] as Role[]) expect(mayAct(roles(r), 'reveal', at.platform)).toBe(true);
    expect(mayAct(roles('handler', 'unit_admin'), 'reveal', at.unit)).toBe(false);
    expect(mayAct(roles('leader'), 'reveal', at.platform)).toBe(false);
  });

  it('every action names someone who may fire it', () => {
    for (const a of ACTIONS) expect(RULES[a].who.platform?.length || RULES[a].who.assignee || RULES[a].who.parent).toBeTruthy();
  });
});

describe('visit outcome', () => {
  it.each([
    [{ contacted: true, resolved: true, satisfaction: 'satisfied' as const }, true],
    [{ contacted: true, resolved: true, satisfaction: 'basic' as const }, true],
    [{ contacted: true, resolved: true, satisfaction: 'unsatisfied' as const }, false],
    [{ contacted: true, resolved: false, satisfaction: 'satisfied' as const }, false],
    [{ contacted: false }, false],
  ])('%o closes: %s', (v, closes) => expect(visitCloses(v)).toBe(closes));
});
