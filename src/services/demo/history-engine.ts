// The ticket use cases of src/services/tickets replayed in memory: the same state machine
// (nextState), the same SLA functions (assignmentDeadlineColumns, ticketDue, pausesFrom, warnAt)
// and the same row patches and event data, so a bulk-loaded history reads exactly as if the
// services had written it. Each applied action is also recorded as a step (use case + input), which
// the services path runs through the real use cases for small histories; a test runs both and
// compares the rows, so a change to a use case that this file does not follow shows up there.
// Pure: plain values in and out.
import { addWorkingMinutes, localDate, type Interval } from '../../domain/calendar/index.js';
import { maskPhone } from '../../domain/privacy.js';
import { AREA_LEVELS, route, type RouteResult } from '../../domain/routing.js';
import { choosePolicy, pausesFrom, WORKING_DAY, type SlaPolicyValue } from '../../domain/sla/policy.js';
import {
  checkState, LIVE_ASSIGNMENT_STATES, nextState, OPEN_STATES, visitCloses, type CloseReason, type Satisfaction, type SupervisionLevel,
  type TicketAction, type TicketState,
} from '../../domain/tickets/machine.js';
import type { Assignment, SupervisionOrdersTable, Ticket } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { assignmentDeadlineColumns, limitsFrom, ticketDue } from '../tickets/deadlines.js';
import type { WorldIndex, WorldUnit, WorldUser } from './history-world.js';

/** A reference to a row the plan made, resolved to a database id by whoever writes it. */
export class Ref {
  constructor(readonly kind: 'ticket' | 'assignment' | 'order' | 'number', readonly local: number) {}
}

export type SimTicket = Omit<Ticket, 'id' | 'number' | 'citizen_id' | 'merged_into_id'> & {
  local: number;
  /** Shanghai date of acceptance: the ticket number is that date and the day's sequence. */
  day: string;
  citizen: number | null;
  mergedInto: number | null;
};

export type SimAssignment = Omit<Assignment, 'id' | 'ticket_id' | 'parent_assignment_id' | 'pending_data'> & {
  local: number;
  ticket: number;
  parent: number | null;
  pending_data: Record<string, unknown> | null;
};

export type SimOrder = Omit<Selectable<SupervisionOrdersTable>, 'id' | 'ticket_id'> & { local: number; ticket: number };

export interface SimCitizen {
  local: number;
  name: string | null;
  /** Plaintext only in memory: the loader seals it (encrypt + keyed hash) before anything is written. */
  phone: string;
  phone_mask: string;
  company: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SimEvent {
  ticket: number;
  assignment: number | null;
  at: Date;
  type: string;
  actor_id: number | null;
  actor_unit_id: number | null;
  from_state: TicketState | null;
  to_state: TicketState | null;
  /** May hold Refs (order ids, assignment ids, ticket ids and numbers) to resolve when written. */
  data: Record<string, unknown>;
  /** True when `data` holds a Ref, so writers resolve only those. */
  refs: boolean;
}

/** One use case call, as the services path replays it. Local ids stand where database ids go. */
export interface Step {
  ticket: number;
  seq: number;
  at: Date;
  action: TicketAction | 'intake' | 'sweep';
  userId: number;
  input: Record<string, unknown>;
  /** Input fields holding local ids: assignmentId, orderId, masterId. */
  refs: { assignmentId?: number; orderId?: number; masterId?: number };
  /** Rows the call creates, in the order the use case inserts them. */
  creates?: { assignments?: number[]; order?: number };
}

/** The ids a history counts up as it makes rows. */
export interface Counters {
  assignment: number;
  order: number;
}

/** What src/jobs/sla-sweep.ts writes as the events' `system` and sweeps (its RUNNING_STATES). */
const SWEEP_SYSTEM = 'sla-sweep';
const SWEPT_STATES = new Set<TicketState>(['assigned', 'handling', 'replied', 'visiting', 'answered']);
const MINUTE = 60_000;

const isLive = (a: SimAssignment): boolean => (LIVE_ASSIGNMENT_STATES as readonly string[]).includes(a.state);
const isTopPrimary = (a: SimAssignment): boolean => a.role === 'primary' && a.parent === null;
const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x) => b.includes(x));

export interface IntakeFacts {
  local: number;
  at: Date;
  actor: WorldUser;
  channel: string;
  type: string;
  urgency: string;
  subjectId: number | null;
  title: string;
  content: string;
  citizen: SimCitizen | null;
  citizenName: string | null;
  confidential: boolean;
  location: { address: string; lng: number; lat: number; area: { district: WorldUnit; street: WorldUnit; community: WorldUnit; grid: WorldUnit } } | null;
}

type Patch = Partial<SimTicket>;
interface NewEvent {
  type: string;
  assignment?: number | null;
  from?: TicketState | null;
  to?: TicketState | null;
  data?: Record<string, unknown>;
  refs?: boolean;
}

/** One ticket's life, action by action, exactly as the use cases would write it. */
export class TicketSim {
  readonly t: SimTicket;
  readonly assignments: SimAssignment[] = [];
  readonly events: SimEvent[] = [];
  readonly orders: SimOrder[] = [];
  readonly steps: Step[] = [];
  private lastAt: Date;

  constructor(private readonly ix: WorldIndex, private readonly counters: Counters, f: IntakeFacts) {
    const w = ix.world;
    const grid = f.location?.area;
    const state: TicketState = 'dispatching';
    this.lastAt = f.at;
    this.t = {
      local: f.local, day: localDate(f.at), citizen: f.citizen?.local ?? null, mergedInto: null,
      platform_id: w.platformId, channel: f.channel, type: f.type, urgency: f.urgency, subject_id: f.subjectId, title: f.title.trim(),
      content: f.content.trim(), citizen_name: f.citizenName, confidential: f.confidential, address: f.location?.address ?? null,
      lng: f.location?.lng ?? null, lat: f.location?.lat ?? null, district_id: grid?.district.id ?? null, street_id: grid?.street.id ?? null,
      community_id: grid?.community.id ?? null, grid_id: grid?.grid.id ?? null, call_id: null, state, version: 1, suspended_from: null,
      suspended_at: null, sla_policy_id: null, calendar_version: 1, due_at: null, due_warn_at: null, sla_level: 0, review_deadline: null,
      visit_deadline: null, overdue: false, supervised: false, repeat: false, hot: false, split_from_id: null,
      // 屡办不成 (H-REPEAT): left for the repeat-check job, which reads the loaded history like an import.
      repeat_group_id: null, repeat_count: 0, repeat_checked_at: null,
      source_unit_id: f.actor.roles.includes('grid_worker') ? f.actor.unitId : null, knowledge_article_id: null, answer: null,
      first_time: true, sendback_count: 0, reopen_count: 0, return_count: 0, urge_count: 0, supervision_count: 0, visit_attempts: 0,
      contacted: null, resolved: null, satisfaction: null, close_reason: null, close_note: null, invalid_reason: null,
      accepted_at: f.at, answered_at: null, dispatched_at: null, replied_at: null, approved_at: null, visited_at: null, closed_at: null,
      archived_at: null, created_by: f.actor.id, idempotency_key: null, idempotency_hash: null, updated_at: f.at,
    };
    const area = {
      districtId: grid?.district.id ?? null, streetId: grid?.street.id ?? null, communityId: grid?.community.id ?? null, gridId: grid?.grid.id ?? null,
      method: grid ? 'point' : 'none',
    };
    this.events.push({
      ticket: f.local, assignment: null, at: f.at, type: 'accepted', actor_id: f.actor.id, actor_unit_id: f.actor.unitId, from_state: null,
      to_state: state, data: { channel: f.channel, type: f.type, urgency: f.urgency, subjectId: f.subjectId, area, confidential: f.confidential }, refs: false,
    });
    const citizen = f.citizen && {
      name: f.citizen.name, phone: f.citizen.phone, company: f.citizen.company, confidential: f.confidential,
    };
    this.steps.push({
      ticket: f.local, seq: 0, at: f.at, action: 'intake', userId: f.actor.id, refs: {},
      input: {
        channel: f.channel, type: f.type, urgency: f.urgency, subjectId: f.subjectId, title: f.title, content: f.content, citizen,
        location: f.location && { address: f.location.address, lng: f.location.lng, lat: f.location.lat },
      },
    });
  }

  get state(): TicketState {
    return this.t.state as TicketState;
  }

  get at(): Date {
    return this.lastAt;
  }

  assignment(local: number): SimAssignment {
    const a = this.assignments.find((x) => x.local === local);
    if (!a) throw new Error(`no assignment ${local} on ticket ${this.t.local}`);
    return a;
  }

  topPrimary(): SimAssignment | undefined {
    return this.assignments.find((a) => isTopPrimary(a) && isLive(a));
  }

  liveAssignments(): SimAssignment[] {
    return this.assignments.filter(isLive);
  }

  /** The state the ticket was in at an instant (from its events), for a merge's master check. */
  stateAt(at: Date): TicketState {
    let state: TicketState = 'dispatching';
    for (const e of this.events) {
      if (e.at > at) break;
      if (e.to_state) state = e.to_state;
    }
    return state;
  }

  // ── The frame of runOnTicket ──────────────────────────────────────────────────────────────

  private run(action: TicketAction, at: Date, actor: WorldUser, options: { stateChecked?: boolean; touch?: boolean }, step: Omit<Step, 'ticket' | 'seq' | 'at' | 'action' | 'userId'>, body: (patch: Patch, events: NewEvent[]) => void): void {
    if (at < this.lastAt) throw new Error(`ticket ${this.t.local}: ${action} at ${at.toISOString()} before ${this.lastAt.toISOString()}`);
    if (!options.stateChecked) checkState(this.state, action);
    const patch: Patch = {};
    const events: NewEvent[] = [];
    body(patch, events);
    if (options.touch !== false) Object.assign(this.t, patch, { version: this.t.version + 1, updated_at: at });
    for (const e of events) {
      this.events.push({
        ticket: this.t.local, assignment: e.assignment ?? null, at, type: e.type, actor_id: actor.id, actor_unit_id: actor.unitId,
        from_state: e.from ?? null, to_state: e.to ?? null, data: e.data ?? {}, refs: e.refs ?? false,
      });
    }
    this.steps.push({ ticket: this.t.local, seq: this.steps.length, at, action, userId: actor.id, ...step });
    this.lastAt = at;
  }

  private updateAssignment(a: SimAssignment, patch: Partial<SimAssignment>, at: Date): void {
    Object.assign(a, patch, { updated_at: at });
  }

  private get cal() {
    return this.ix.world.calendar;
  }

  private subjectPath(): string | null {
    return this.t.subject_id === null ? null : this.ix.subjectById.get(this.t.subject_id)?.path ?? null;
  }

  /** policyFor: a catalogue rule's policy for normal urgency, else the first matching one. */
  private policyFor(rulePolicyId: number | null = null): SlaPolicyValue {
    const policies = this.ix.world.policies;
    const byRule = rulePolicyId !== null && this.t.urgency === 'normal' ? policies.find((p) => p.id === rulePolicyId) : undefined;
    const chosen = byRule ?? choosePolicy(policies, { type: this.t.type, urgency: this.t.urgency, subjectPath: this.subjectPath() });
    if (!chosen) throw new Error(`no SLA policy applies to ticket ${this.t.local}`);
    return chosen;
  }

  currentPolicy(): SlaPolicyValue {
    return this.ix.world.policies.find((p) => p.id === this.t.sla_policy_id) ?? this.policyFor();
  }

  /** ticketPauses: the suspend / resume events, an open pause running until `now`. */
  pauses(now: Date): Interval[] {
    return pausesFrom(this.events.filter((e) => e.type === 'suspended' || e.type === 'resumed'), now);
  }

  /** refreshDue: the ticket's "waiting on" deadline and light, and its overdue flag, into the patch. */
  private refreshDue(patch: Patch, state: TicketState, now: Date, stepStart: Date | null = null): void {
    const policy = this.t.sla_policy_id ? this.currentPolicy() : null;
    const primary = this.topPrimary() ?? null;
    const merged = { ...this.t, ...patch };
    const start = stepStart ?? (state === 'replied' ? merged.replied_at : state === 'visiting' ? merged.approved_at : state === 'answered' ? merged.answered_at : null);
    const due = ticketDue(state, primary, merged, now, this.cal, policy?.warnShare ?? 0.75, start);
    Object.assign(patch, due, { overdue: this.assignments.some((a) => isLive(a) && a.reply_deadline <= now) });
  }

  /** proposeDispatch over the plan's copy of the catalogue. */
  proposal(): RouteResult | null {
    const t = this.t;
    if (t.subject_id === null) return null;
    const subjectPath = this.subjectPath();
    if (subjectPath === null) return null;
    const ids: Record<(typeof AREA_LEVELS)[number], number | null> = { district: t.district_id, street: t.street_id, community: t.community_id, grid: t.grid_id };
    const resolved = Object.fromEntries(AREA_LEVELS.map((l) => {
      const u = ids[l] === null ? undefined : this.ix.unitById.get(ids[l]!);
      return [l, u && u.kind === l ? u : null];
    })) as Record<(typeof AREA_LEVELS)[number], WorldUnit | null>;
    return route({
      subjectPath,
      districtId: resolved.district?.id ?? null, streetId: resolved.street?.id ?? null,
      communityId: resolved.community?.id ?? null, gridId: resolved.grid?.id ?? null,
      areaPaths: AREA_LEVELS.map((l) => resolved[l]?.path).filter((p): p is string => p !== undefined),
      areaNames: Object.fromEntries(AREA_LEVELS.filter((l) => resolved[l]).map((l) => [l, resolved[l]!.name])),
    }, this.ix.world.rules.get(t.subject_id) ?? []);
  }

  // ── The use cases ─────────────────────────────────────────────────────────────────────────

  answer(at: Date, actor: WorldUser, input: { answer: string }): void {
    this.run('answer', at, actor, {}, { input, refs: {} }, (patch, events) => {
      const to = nextState(this.state, 'answer');
      Object.assign(patch, {
        state: to, answer: input.answer.trim(), knowledge_article_id: null, answered_at: at,
        visit_deadline: addWorkingMinutes(this.cal, at, this.currentPolicy().visitMinutes),
      });
      this.refreshDue(patch, to, at, at);
      events.push({ type: 'answered', from: this.state, to, data: { articleId: null } });
    });
  }

  dispatch(at: Date, actor: WorldUser, input: { primaryUnitId: number; assistingUnitIds: number[]; note: string | null }): number[] {
    const created: number[] = [];
    this.run('dispatch', at, actor, {}, { input, refs: {}, creates: { assignments: created } }, (patch, events) => {
      const assisting = [...new Set(input.assistingUnitIds)];
      const proposal = this.proposal();
      const policy = this.policyFor(proposal?.slaPolicyId ?? null);
      const limits = limitsFrom(policy, at);
      const deadlines = assignmentDeadlineColumns(this.cal, limits, policy.warnShare, []);
      const ruleId = proposal && proposal.primaryUnitId === input.primaryUnitId ? proposal.ruleId : null;
      for (const [i, unitId] of [input.primaryUnitId, ...assisting].entries()) {
        const a = this.newAssignment(unitId, null, i === 0 ? 'primary' : 'assisting', actor, ruleId, limits, deadlines, at);
        created.push(a.local);
      }
      const to = nextState(this.state, 'dispatch');
      Object.assign(patch, { state: to, sla_policy_id: policy.id, calendar_version: this.ix.world.calendarVersion, dispatched_at: this.t.dispatched_at ?? at });
      this.refreshDue(patch, to, at);
      const followed = proposal === null ? null : proposal.primaryUnitId === input.primaryUnitId && sameSet(proposal.assistingUnitIds, assisting);
      events.push({
        type: 'dispatched', from: this.state, to, assignment: created[0]!,
        data: {
          primaryUnitId: input.primaryUnitId, assistingUnitIds: assisting, note: input.note,
          proposal: proposal && { ruleId: proposal.ruleId, primaryUnitId: proposal.primaryUnitId, assistingUnitIds: proposal.assistingUnitIds, reason: proposal.reason },
          followedProposal: followed, policy: { id: policy.id, name: policy.name }, calendarVersion: this.ix.world.calendarVersion,
          signDeadline: deadlines.sign_deadline, replyDeadline: deadlines.reply_deadline,
        },
      });
    });
    return created;
  }

  private newAssignment(
    unitId: number, parent: SimAssignment | null, role: 'primary' | 'assisting', actor: WorldUser, ruleId: number | null,
    limits: ReturnType<typeof limitsFrom>, deadlines: ReturnType<typeof assignmentDeadlineColumns>, at: Date,
  ): SimAssignment {
    const a: SimAssignment = {
      local: ++this.counters.assignment, ticket: this.t.local, parent: parent?.local ?? null, platform_id: this.t.platform_id, unit_id: unitId, role,
      state: 'assigned', pending: null, pending_data: null, dispatched_by: actor.id, dispatch_rule_id: ruleId, ...limits, extension_count: 0, ...deadlines,
      sign_level: 0, reply_level: 0, signed_at: null, signed_by: null, replied_at: null, replied_by: null, reply_result: null, reply_measures: null,
      reply_basis: null, contacted: null, on_time: null, signed_on_time: null, return_requested: false, urge_count: 0, sendback_count: 0,
      closed_at: null, updated_at: at, reply_relevance: null, reply_completeness: null, reply_explanation: null, reply_flags: null,
    };
    this.assignments.push(a);
    return a;
  }

  redispatch(at: Date, actor: WorldUser, parentLocal: number, unitId: number, note: string | null): number {
    let created = 0;
    const creates: { assignments: number[] } = { assignments: [] };
    this.run('redispatch', at, actor, {}, { input: { unitId, note }, refs: { assignmentId: parentLocal }, creates }, (_patch, events) => {
      const parent = this.assignment(parentLocal);
      if (parent.state !== 'handling') throw new Error('redispatch needs a signed assignment');
      const limits = limitsFrom({
        sign: { minutes: parent.sign_minutes, clock: parent.sign_clock }, reply: { minutes: parent.reply_minutes, clock: parent.reply_clock },
        returnWindowMinutes: parent.return_window_minutes,
      } as Parameters<typeof limitsFrom>[0], at);
      const deadlines = assignmentDeadlineColumns(this.cal, limits, this.currentPolicy().warnShare, this.pauses(at), parent);
      const row = this.newAssignment(unitId, parent, parent.role, actor, null, limits, deadlines, at);
      created = row.local;
      creates.assignments.push(row.local);
      events.push({
        type: 'redispatched', assignment: row.local, refs: true,
        data: {
          parentAssignmentId: new Ref('assignment', parent.local), fromUnitId: parent.unit_id, unitId, note,
          signDeadline: row.sign_deadline, replyDeadline: row.reply_deadline,
        },
      });
    });
    return created;
  }

  sign(at: Date, actor: WorldUser, local: number): void {
    this.run('sign', at, actor, {}, { input: {}, refs: { assignmentId: local } }, (patch, events) => {
      const a = this.assignment(local);
      if (a.state !== 'assigned') throw new Error('sign needs an assigned assignment');
      this.updateAssignment(a, { state: 'handling', signed_at: at, signed_by: actor.id, signed_on_time: at <= a.sign_deadline }, at);
      const to = nextState(this.state, 'sign', { action: 'sign', primary: a.role === 'primary', topLevel: a.parent === null });
      patch.state = to;
      this.refreshDue(patch, to, at);
      events.push({ type: 'signed', assignment: a.local, from: this.state, to, data: { unitId: a.unit_id, onTime: a.signed_on_time, signDeadline: a.sign_deadline } });
    });
  }

  reply(at: Date, actor: WorldUser, local: number, input: { result: string; measures: string | null; basis: string | null; contacted: boolean }): void {
    this.run('reply', at, actor, {}, { input, refs: { assignmentId: local } }, (patch, events) => {
      const a = this.assignment(local);
      if (a.state !== 'handling') throw new Error('reply needs a signed assignment');
      if (this.assignments.some((c) => c.parent === a.local && isLive(c))) throw new Error('reply over a child still at work');
      const onTime = at <= a.reply_deadline;
      const replyDeadline = a.reply_deadline;
      this.updateAssignment(a, {
        state: 'replied', replied_at: at, replied_by: actor.id, reply_result: input.result.trim(), reply_measures: input.measures?.trim() || null,
        reply_basis: input.basis?.trim() || null, contacted: input.contacted, on_time: onTime, pending: null, pending_data: null,
      }, at);
      const topPrimary = isTopPrimary(a);
      const to = nextState(this.state, 'reply', { action: 'reply', primary: a.role === 'primary', topLevel: a.parent === null });
      if (topPrimary) {
        Object.assign(patch, { state: to, replied_at: at, review_deadline: addWorkingMinutes(this.cal, at, this.currentPolicy().reviewMinutes) });
      }
      this.refreshDue(patch, to, at);
      const assistingOpen = topPrimary ? this.assignments.filter((x) => x.role === 'assisting' && isLive(x)).length : 0;
      events.push({
        type: 'replied', assignment: a.local, from: this.state, to,
        data: { unitId: a.unit_id, to: topPrimary ? 'platform' : a.parent !== null ? 'parent' : 'primary', onTime, replyDeadline, contacted: input.contacted, assistingOpen },
      });
    });
  }

  /** Whether requestReturn would accept now (window open, not asked before, under the ticket's cap). */
  mayRequestReturn(local: number, at: Date): boolean {
    const a = this.assignment(local);
    return (a.state === 'assigned' || a.state === 'handling') && !a.pending && !a.return_requested && at <= a.return_deadline
      && this.t.return_count < this.ix.world.returnLimit && (this.state === 'assigned' || this.state === 'handling');
  }

  requestReturn(at: Date, actor: WorldUser, local: number, reason: string): void {
    this.run('request-return', at, actor, {}, { input: { reason }, refs: { assignmentId: local } }, (_patch, events) => {
      const a = this.assignment(local);
      if (!this.mayRequestReturn(local, at)) throw new Error('return request refused');
      this.updateAssignment(a, { pending: 'return', pending_data: { reason, requestedAt: at.toISOString(), by: actor.id }, return_requested: true }, at);
      events.push({ type: 'return_requested', assignment: a.local, data: { unitId: a.unit_id, reason } });
    });
  }

  private withdrawTree(root: SimAssignment, newState: 'withdrawn' | 'returned', at: Date): void {
    const ids = new Set([root.local]);
    for (let grew = true; grew;) {
      grew = false;
      for (const a of this.assignments) if (a.parent !== null && ids.has(a.parent) && !ids.has(a.local)) { ids.add(a.local); grew = true; }
    }
    for (const a of this.assignments.filter((x) => ids.has(x.local) && (isLive(x) || x.local === root.local))) {
      this.updateAssignment(a, { state: a.local === root.local ? newState : 'withdrawn', closed_at: at, pending: null, pending_data: null }, at);
    }
  }

  decideReturn(at: Date, actor: WorldUser, local: number, approve: boolean, reason: string | null): void {
    this.run('decide-return', at, actor, {}, { input: { approve, reason }, refs: { assignmentId: local } }, (patch, events) => {
      const a = this.assignment(local);
      if (a.pending !== 'return') throw new Error('no pending return');
      const request = a.pending_data;
      const outcome = { action: 'decide-return' as const, approve, primary: a.role === 'primary', topLevel: a.parent === null };
      const to = nextState(this.state, 'decide-return', outcome);
      const why = approve ? reason?.trim() || null : reason!.trim();
      if (!approve) {
        this.updateAssignment(a, { pending: null, pending_data: null }, at);
      } else {
        this.withdrawTree(a, 'returned', at);
        patch.return_count = this.t.return_count + 1;
        if (to === 'dispatching') {
          for (const x of this.assignments.filter((y) => y.parent === null && isLive(y))) this.withdrawTree(x, 'withdrawn', at);
        }
      }
      patch.state = to;
      this.refreshDue(patch, to, at);
      events.push({ type: 'return_decided', assignment: a.local, from: this.state, to, data: { unitId: a.unit_id, approve, reason: why, request } });
    });
  }

  mayRequestExtension(local: number, at: Date): boolean {
    const a = this.assignment(local);
    return (a.state === 'assigned' || a.state === 'handling') && !a.pending && a.extension_count < this.currentPolicy().extensionMaxCount
      && at < a.reply_deadline && (this.state === 'assigned' || this.state === 'handling');
  }

  maxExtensionDays(): number {
    return this.currentPolicy().extensionMaxMinutes / WORKING_DAY;
  }

  requestExtension(at: Date, actor: WorldUser, local: number, days: number, reason: string): void {
    this.run('request-extension', at, actor, {}, { input: { days, reason }, refs: { assignmentId: local } }, (_patch, events) => {
      const a = this.assignment(local);
      if (!this.mayRequestExtension(local, at) || !Number.isInteger(days) || days < 1 || days > this.maxExtensionDays()) throw new Error('extension request refused');
      this.updateAssignment(a, { pending: 'extension', pending_data: { reason, days, requestedAt: at.toISOString(), by: actor.id } }, at);
      events.push({ type: 'extension_requested', assignment: a.local, data: { unitId: a.unit_id, reason, days, replyDeadline: a.reply_deadline } });
    });
  }

  decideExtension(at: Date, actor: WorldUser, local: number, approve: boolean, reason: string | null): void {
    this.run('decide-extension', at, actor, {}, { input: { approve, reason }, refs: { assignmentId: local } }, (patch, events) => {
      const a = this.assignment(local);
      if (a.pending !== 'extension') throw new Error('no pending extension');
      const days = Number((a.pending_data as { days?: number }).days ?? 0);
      if (approve) {
        const parent = a.parent !== null ? this.assignment(a.parent) : null;
        const extended = { ...a, extension_minutes: a.extension_minutes + days * WORKING_DAY };
        const d = assignmentDeadlineColumns(this.cal, extended, this.currentPolicy().warnShare, this.pauses(at), parent);
        const from = a.reply_deadline;
        this.updateAssignment(a, {
          pending: null, pending_data: null, extension_minutes: extended.extension_minutes, extension_count: a.extension_count + 1,
          reply_deadline: d.reply_deadline, reply_warn_at: d.reply_warn_at, reply_level: at >= d.reply_deadline ? 2 : at >= d.reply_warn_at ? 1 : 0,
        }, at);
        events.push({ type: 'extension_decided', assignment: a.local, data: { unitId: a.unit_id, approve: true, days, from, replyDeadline: d.reply_deadline } });
      } else {
        this.updateAssignment(a, { pending: null, pending_data: null }, at);
        events.push({ type: 'extension_decided', assignment: a.local, data: { unitId: a.unit_id, approve: false, reason } });
      }
      this.refreshDue(patch, this.state, at);
    });
  }

  /** A unit asks to suspend (the service's unit branch). */
  requestSuspend(at: Date, actor: WorldUser, local: number, reason: string): void {
    this.run('suspend', at, actor, {}, { input: { reason }, refs: { assignmentId: local } }, (_patch, events) => {
      const a = this.assignment(local);
      if (a.pending || !isLive(a)) throw new Error('suspend request refused');
      this.updateAssignment(a, { pending: 'suspend', pending_data: { reason, requestedAt: at.toISOString(), by: actor.id } }, at);
      events.push({ type: 'suspend_requested', assignment: a.local, data: { unitId: a.unit_id, reason } });
    });
  }

  /** The dispatcher decides a unit's request (approve suspends the ticket; reject clears it). */
  decideSuspend(at: Date, actor: WorldUser, approve: boolean, reason: string | null): void {
    this.run('suspend', at, actor, {}, { input: approve ? { approve } : { approve, reason }, refs: {} }, (patch, events) => {
      const requested = this.assignments.find((a) => a.pending === 'suspend');
      if (!requested) throw new Error('no pending suspension');
      if (!approve) {
        this.updateAssignment(requested, { pending: null, pending_data: null }, at);
        events.push({ type: 'suspend_decided', assignment: requested.local, data: { approve: false, reason: reason!.trim() } });
        return;
      }
      const why = (requested.pending_data as { reason: string }).reason;
      this.updateAssignment(requested, { pending: null, pending_data: null }, at);
      const to = nextState(this.state, 'suspend', { action: 'suspend', approved: true });
      Object.assign(patch, { state: to, suspended_from: this.t.state, suspended_at: at, due_at: null, due_warn_at: null, sla_level: 0 });
      events.push({ type: 'suspended', assignment: requested.local, from: this.state, to, data: { reason: why, requestedBy: requested.unit_id } });
    });
  }

  resume(at: Date, actor: WorldUser, note: string | null): void {
    this.run('resume', at, actor, {}, { input: { note }, refs: {} }, (patch, events) => {
      const back = (this.t.suspended_from ?? 'handling') as TicketState;
      const to = nextState(this.state, 'resume', { action: 'resume', from: back });
      const pauses = this.pauses(at);
      const share = this.currentPolicy().warnShare;
      const moved: { assignmentId: Ref; signDeadline: Date; replyDeadline: Date }[] = [];
      for (const a of [...this.assignments].sort((x, y) => x.local - y.local)) {
        if (!isLive(a)) continue;
        const parent = a.parent !== null ? this.assignment(a.parent) : null;
        const d = assignmentDeadlineColumns(this.cal, a, share, pauses, parent);
        if (d.reply_deadline.getTime() === a.reply_deadline.getTime() && d.sign_deadline.getTime() === a.sign_deadline.getTime()) continue;
        const lvl = (due: Date, warn: Date) => (at >= due ? 2 : at >= warn ? 1 : 0);
        this.updateAssignment(a, { ...d, sign_level: lvl(d.sign_deadline, d.sign_warn_at), reply_level: lvl(d.reply_deadline, d.reply_warn_at) }, at);
        moved.push({ assignmentId: new Ref('assignment', a.local), signDeadline: d.sign_deadline, replyDeadline: d.reply_deadline });
      }
      Object.assign(patch, { state: to, suspended_from: null, suspended_at: null });
      this.refreshDue(patch, to, at);
      events.push({ type: 'resumed', from: this.state, to, refs: moved.length > 0, data: { pausedFrom: this.t.suspended_at, note, deadlines: moved } });
    });
  }

  review(at: Date, actor: WorldUser, approve: boolean, reason: string | null): void {
    this.run('review', at, actor, {}, { input: { approve, reason }, refs: {} }, (patch, events) => {
      const primary = this.assignments.find((a) => isTopPrimary(a) && a.state === 'replied');
      if (!primary) throw new Error('no reply to review');
      const to = nextState(this.state, 'review', { action: 'review', approve });
      if (approve) {
        for (const a of this.assignments.filter((x) => ['assigned', 'handling', 'replied'].includes(x.state))) this.updateAssignment(a, { state: 'done', closed_at: at }, at);
        Object.assign(patch, { state: to, approved_at: at, visit_deadline: addWorkingMinutes(this.cal, at, this.currentPolicy().visitMinutes) });
        this.refreshDue(patch, to, at, at);
        events.push({ type: 'reviewed', assignment: primary.local, from: this.state, to, data: { approve: true, reason: reason?.trim() || null } });
      } else {
        this.updateAssignment(primary, { state: 'handling', sendback_count: primary.sendback_count + 1, replied_at: null, on_time: null }, at);
        Object.assign(patch, { state: to, first_time: false, sendback_count: this.t.sendback_count + 1, review_deadline: null, replied_at: null });
        this.refreshDue(patch, to, at);
        events.push({ type: 'reviewed', assignment: primary.local, from: this.state, to, data: { approve: false, reason: reason!.trim(), unitId: primary.unit_id } });
      }
    });
  }

  visit(at: Date, actor: WorldUser, input: { contacted: boolean; resolved?: boolean; satisfaction?: Satisfaction; note: string | null }): boolean {
    let closes = false;
    this.run('visit', at, actor, {}, { input, refs: {} }, (patch, events) => {
      closes = visitCloses(input);
      const to = nextState(this.state, 'visit', { action: 'visit', closes });
      Object.assign(patch, { state: to, visit_attempts: this.t.visit_attempts + 1 });
      if (input.contacted) Object.assign(patch, { contacted: true, resolved: input.resolved, satisfaction: input.satisfaction, visited_at: at });
      if (closes) Object.assign(patch, { closed_at: at, close_reason: this.t.state === 'answered' ? 'answered' : 'resolved' });
      this.refreshDue(patch, to, at);
      events.push({
        type: 'visited', from: this.state, to,
        data: { contacted: input.contacted, resolved: input.resolved ?? null, satisfaction: input.satisfaction ?? null, note: input.note, via: 'call', valid: input.contacted },
      });
    });
    return closes;
  }

  mayReopen(): boolean {
    return this.t.reopen_count < this.ix.world.reopenLimit;
  }

  reopen(at: Date, actor: WorldUser, reason: string): void {
    this.run('reopen', at, actor, {}, { input: { reason }, refs: {} }, (patch, events) => {
      if (!this.mayReopen()) throw new Error('reopen limit');
      const to = nextState(this.state, 'reopen');
      const previous = { contacted: this.t.contacted, resolved: this.t.resolved, satisfaction: this.t.satisfaction, closeReason: this.t.close_reason };
      Object.assign(patch, {
        state: to, first_time: false, reopen_count: this.t.reopen_count + 1, contacted: null, resolved: null, satisfaction: null,
        closed_at: null, close_reason: null, close_note: null, replied_at: null, approved_at: null, review_deadline: null, visit_deadline: null,
      });
      this.refreshDue(patch, to, at);
      events.push({ type: 'reopened', from: this.state, to, data: { reason, previous } });
    });
  }

  close(at: Date, actor: WorldUser, reason: CloseReason, explanation: string | null): void {
    this.run('close', at, actor, {}, { input: { reason, explanation }, refs: {} }, (patch, events) => {
      const why = reason === 'resolved' ? explanation?.trim() || null : explanation!.trim();
      const to = nextState(this.state, 'close');
      Object.assign(patch, { state: to, closed_at: at, close_reason: reason, close_note: why });
      this.refreshDue(patch, to, at);
      events.push({ type: 'closed', from: this.state, to, data: { reason, explanation: why } });
    });
  }

  urge(at: Date, actor: WorldUser, note: string): void {
    const target = this.topPrimary();
    if (!target) throw new Error('nothing to urge');
    this.run('urge', at, actor, {}, { input: { note }, refs: {} }, (patch, events) => {
      this.updateAssignment(target, { urge_count: target.urge_count + 1 }, at);
      patch.urge_count = this.t.urge_count + 1;
      events.push({ type: 'urged', assignment: target.local, data: { unitId: target.unit_id, note: note.trim() || null, manual: true } });
    });
  }

  /** The unit an order opens against: the live (or replied) top-level primary. */
  supervisionTarget(): SimAssignment | undefined {
    return this.assignments.find((a) => isTopPrimary(a) && (isLive(a) || a.state === 'replied'));
  }

  openSupervision(at: Date, actor: WorldUser, level: SupervisionLevel, reason: string, days: number): number {
    let local = 0;
    const creates: { order?: number } = {};
    this.run('supervise', at, actor, {}, { input: { op: 'open', level, reason, days }, refs: {}, creates }, (patch, events) => {
      const target = this.supervisionTarget();
      if (!target) throw new Error('no unit to supervise');
      const order: SimOrder = {
        local: ++this.counters.order, ticket: this.t.local, platform_id: this.t.platform_id, unit_id: target.unit_id, level, state: 'open', reason,
        deadline: addWorkingMinutes(this.cal, at, days * WORKING_DAY), opened_by: actor.id, opened_at: at, answer: null, answered_by: null,
        answered_at: null, result: null, closed_by: null, closed_at: null,
      };
      this.orders.push(order);
      local = creates.order = order.local;
      Object.assign(patch, { supervised: true, supervision_count: this.t.supervision_count + 1 });
      events.push({
        type: 'supervision_opened', assignment: target.local, refs: true,
        data: { orderId: new Ref('order', order.local), unitId: target.unit_id, level, reason, deadline: order.deadline },
      });
    });
    return local;
  }

  answerSupervision(at: Date, actor: WorldUser, orderLocal: number, answer: string): void {
    this.run('supervise', at, actor, {}, { input: { op: 'answer', answer }, refs: { orderId: orderLocal } }, (_patch, events) => {
      const order = this.orders.find((o) => o.local === orderLocal)!;
      if (order.state !== 'open') throw new Error('order not open');
      Object.assign(order, { state: 'answered', answer: answer.trim(), answered_at: at, answered_by: actor.id });
      events.push({ type: 'supervision_answered', refs: true, data: { orderId: new Ref('order', order.local), unitId: order.unit_id, onTime: at <= order.deadline } });
    });
  }

  closeSupervision(at: Date, actor: WorldUser, orderLocal: number, result: string): void {
    this.run('supervise', at, actor, {}, { input: { op: 'close', result }, refs: { orderId: orderLocal } }, (patch, events) => {
      const order = this.orders.find((o) => o.local === orderLocal)!;
      if (order.state === 'closed') throw new Error('order closed');
      Object.assign(order, { state: 'closed', result: result.trim(), closed_at: at, closed_by: actor.id });
      patch.supervised = this.orders.some((o) => o.state !== 'closed');
      events.push({ type: 'supervision_closed', refs: true, data: { orderId: new Ref('order', order.local), unitId: order.unit_id, result: result.trim() } });
    });
  }

  // ── The deadline sweep (src/jobs/sla-sweep.ts), run every minute ─────────────────────────────

  /**
   * The next whole minute at which the sweep has a light to raise on this ticket: a live
   * assignment's sign (while unsigned) or reply limit at 75% or past, or the ticket's own step
   * (review, visit). Null when nothing is pending or the ticket's clock does not run.
   */
  nextSweep(): Date | null {
    if (!SWEPT_STATES.has(this.state)) return null;
    let c = Infinity;
    for (const a of this.assignments) {
      if (!isLive(a)) continue;
      if (a.state === 'assigned' && a.sign_level < 2) c = Math.min(c, (a.sign_level < 1 ? a.sign_warn_at : a.sign_deadline).getTime());
      if (a.reply_level < 2) c = Math.min(c, (a.reply_level < 1 ? a.reply_warn_at : a.reply_deadline).getTime());
    }
    const t = this.t;
    if (t.due_warn_at !== null && t.due_at !== null && t.sla_level < 2) c = Math.min(c, (t.sla_level < 1 ? t.due_warn_at : t.due_at).getTime());
    if (c === Infinity) return null;
    return new Date(Math.ceil(Math.max(c, this.lastAt.getTime()) / MINUTE) * MINUTE);
  }

  /** sweepBatch for this ticket at `at`: raise the lights, count the automatic urges, record each light. */
  sweep(at: Date): void {
    if (at < this.lastAt) throw new Error(`ticket ${this.t.local}: sweep at ${at.toISOString()} before ${this.lastAt.toISOString()}`);
    if (!SWEPT_STATES.has(this.state)) return;
    const level = (warn: Date, due: Date, current: number) => (warn <= at ? Math.max(current, due <= at ? 2 : 1) : current);
    const lights: { a: SimAssignment; which: 'sign' | 'reply'; deadline: Date; level: number }[] = [];
    for (const a of this.assignments) {
      if (!isLive(a)) continue;
      const sign = a.state === 'assigned' ? level(a.sign_warn_at, a.sign_deadline, a.sign_level) : a.sign_level;
      const reply = level(a.reply_warn_at, a.reply_deadline, a.reply_level);
      if (sign <= a.sign_level && reply <= a.reply_level) continue;
      if (sign > a.sign_level) lights.push({ a, which: 'sign', deadline: a.sign_deadline, level: sign });
      if (reply > a.reply_level) lights.push({ a, which: 'reply', deadline: a.reply_deadline, level: reply });
      this.updateAssignment(a, { sign_level: sign, reply_level: reply, urge_count: a.urge_count + Number(sign > a.sign_level) + Number(reply > a.reply_level) }, at);
    }
    const t = this.t;
    const oldLevel = t.sla_level;
    const newLevel = t.due_warn_at !== null && t.due_at !== null ? level(t.due_warn_at, t.due_at, oldLevel) : oldLevel;
    if (newLevel <= oldLevel && lights.length === 0) return;
    const events: SimEvent[] = [];
    const push = (assignment: number | null, type: string, data: Record<string, unknown>) => events.push({
      ticket: t.local, assignment, at, type, actor_id: null, actor_unit_id: null, from_state: null, to_state: null, data: { system: SWEEP_SYSTEM, ...data }, refs: false,
    });
    if ((this.state === 'replied' || this.state === 'visiting' || this.state === 'answered') && newLevel > oldLevel) {
      push(null, newLevel === 2 ? 'deadline_overdue' : 'deadline_warned', { which: this.state === 'replied' ? 'review' : 'visit', deadline: t.due_at!.toISOString(), level: newLevel });
    }
    for (const l of lights) {
      push(l.a.local, l.level === 2 ? 'deadline_overdue' : 'deadline_warned', { which: l.which, deadline: l.deadline.toISOString(), level: l.level });
      push(l.a.local, 'urged', { unitId: l.a.unit_id, note: null, manual: false, auto: l.level === 2 ? 'overdue' : 'warning' });
    }
    Object.assign(t, {
      sla_level: newLevel, urge_count: t.urge_count + lights.length,
      overdue: t.overdue || lights.some((l) => l.which === 'reply' && l.level === 2), updated_at: at,
    });
    this.events.push(...events);
    this.steps.push({ ticket: t.local, seq: this.steps.length, at, action: 'sweep', userId: 0, input: {}, refs: {} });
    this.lastAt = at;
  }

  invalidate(at: Date, actor: WorldUser, reason: string): void {
    this.run('invalidate', at, actor, {}, { input: { reason }, refs: {} }, (patch, events) => {
      const to = nextState(this.state, 'invalidate');
      Object.assign(patch, { state: to, invalid_reason: reason, due_at: null, due_warn_at: null, sla_level: 0 });
      events.push({ type: 'invalidated', from: this.state, to, data: { reason } });
    });
  }

  /** A duplicate joins its master; the master's own trail gets `merged_from` (no version bump there). */
  merge(at: Date, actor: WorldUser, master: TicketSim, note: string): void {
    const masterState = master.stateAt(at);
    if (!OPEN_STATES.includes(masterState) && masterState !== 'closed') throw new Error('invalid master');
    this.run('merge', at, actor, {}, { input: { note }, refs: { masterId: master.t.local } }, (patch, events) => {
      const to = nextState(this.state, 'merge');
      Object.assign(patch, { state: to, mergedInto: master.t.local, due_at: null, due_warn_at: null, sla_level: 0 });
      events.push({ type: 'merged', from: this.state, to, refs: true, data: { masterId: new Ref('ticket', master.t.local), masterNumber: new Ref('number', master.t.local), note } });
    });
    // Inserted among the master's events by time: its trail stays in time order when written.
    const e: SimEvent = {
      ticket: master.t.local, assignment: null, at, type: 'merged_from', actor_id: actor.id, actor_unit_id: actor.unitId, from_state: null, to_state: null,
      data: { ticketId: new Ref('ticket', this.t.local), number: new Ref('number', this.t.local) }, refs: true,
    };
    let i = master.events.length;
    while (i > 0 && master.events[i - 1]!.at > at) i--;
    master.events.splice(i, 0, e);
  }
}

/** A citizen as upsertCitizen stores one: the mask is computed here, the seal by the loader. */
export function newCitizen(local: number, name: string | null, phone: string, company: string | null, at: Date): SimCitizen {
  return { local, name, phone, phone_mask: maskPhone(phone), company, created_at: at, updated_at: at };
}
