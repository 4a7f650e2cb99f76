// zod shapes of the ticket API: validation, the handlers' types and /docs, from one place.
import { z } from 'zod';
import { ACTIONS, CLOSE_REASONS, SATISFACTIONS, SUPERVISION_LEVELS } from '../../domain/tickets/machine.js';
import { bi } from '../validation.js';

const ts = z.string().describe('ISO 8601 instant');
const tsN = ts.nullable();

export const assignmentSchema = z.object({
  id: z.number(), unitId: z.number(), unitName: z.string(), role: z.enum(['primary', 'assisting']).describe('primary 主办 / assisting 协办'),
  parentAssignmentId: z.number().nullable().describe('set on a second-level dispatch'), state: z.string(), stateLabel: z.string(),
  pending: z.string().nullable().describe('return | extension | suspend: a request awaiting decision'), pendingData: z.unknown(),
  dispatchedAt: ts, signDeadline: ts, replyDeadline: ts, returnDeadline: ts, signLevel: z.number(), replyLevel: z.number().describe('0 green, 1 yellow, 2 red'),
  signedAt: tsN, repliedAt: tsN, replyResult: z.string().nullable(), replyMeasures: z.string().nullable(), replyBasis: z.string().nullable(),
  contacted: z.boolean().nullable(), onTime: z.boolean().nullable(), signedOnTime: z.boolean().nullable(), extensionCount: z.number(),
  urgeCount: z.number(), sendbackCount: z.number(),
  replyQuality: z.object({
    relevance: z.number().describe('0–1: does the reply address the request'), completeness: z.number().describe('0–1: result, measures, basis, contact'),
    explanation: z.number().describe('0–1: reasons, facts, next steps'), perfunctory: z.boolean().describe('flagged 疑似敷衍'),
    flags: z.array(z.object({ code: z.string(), label: z.string() })),
  }).nullable().describe('reply quality scored when the unit replied (docs/reply-quality.md)'),
});

export const ticketSchema = z.object({
  id: z.number(), number: z.string().describe('e.g. 202611210001'), state: z.string(), stateLabel: z.string(), version: z.number(),
  channel: z.string(), type: z.string(), urgency: z.string(), subjectId: z.number().nullable(), subjectName: z.string().nullable(),
  title: z.string(), content: z.string(),
  citizen: z.object({ name: z.string().nullable(), phone: z.string().nullable().describe('always masked: 138****5678'), confidential: z.boolean(), masked: z.boolean() }),
  location: z.object({
    address: z.string().nullable(), lng: z.number().nullable(), lat: z.number().nullable(), districtId: z.number().nullable(), streetId: z.number().nullable(),
    communityId: z.number().nullable(), gridId: z.number().nullable(), districtName: z.string().nullable(),
  }),
  dueAt: tsN, slaLevel: z.number(), overdue: z.boolean(), supervised: z.boolean(), firstTime: z.boolean(), reopenCount: z.number(), sendbackCount: z.number(),
  returnCount: z.number(), urgeCount: z.number(), supervisionCount: z.number(), mergedIntoId: z.number().nullable(), splitFromId: z.number().nullable(),
  repeatGroupId: z.number().nullable().describe('屡办不成 group (GET /api/repeats/:id)'), repeatCount: z.number().describe('tickets in its 屡办不成 group; 0 when none'),
  answer: z.string().nullable(), knowledgeArticleId: z.number().nullable(),
  outcome: z.object({
    contacted: z.boolean().nullable(), resolved: z.boolean().nullable(), satisfaction: z.string().nullable(), closeReason: z.string().nullable(),
    closeNote: z.string().nullable(), visitAttempts: z.number(),
  }),
  acceptedAt: ts, dispatchedAt: tsN, repliedAt: tsN, closedAt: tsN, reviewDeadline: tsN, visitDeadline: tsN,
  assignments: z.array(assignmentSchema),
});

export const ticketDetailSchema = ticketSchema.extend({
  events: z.array(z.object({
    id: z.number(), at: ts, type: z.string(), actorId: z.number().nullable(), actorName: z.string().nullable(), actorUnitName: z.string().nullable(),
    assignmentId: z.number().nullable(), fromState: z.string().nullable(), toState: z.string().nullable(), data: z.record(z.string(), z.unknown()),
  })),
  actions: z.array(z.enum(ACTIONS)).describe('what the caller may do now'),
  proposal: z.object({ primaryUnitId: z.number(), assistingUnitIds: z.array(z.number()), slaPolicyId: z.number().nullable(), ruleId: z.number().nullable(), reason: z.string() }).nullable(),
  supervisionOrders: z.array(z.object({
    id: z.number(), unitId: z.number(), level: z.string(), state: z.string(), reason: z.string(), deadline: ts, answer: z.string().nullable(), result: z.string().nullable(), openedAt: ts,
  })),
  attachments: z.array(z.object({ id: z.number(), fileName: z.string(), contentType: z.string(), size: z.number(), createdAt: ts, assignmentId: z.number().nullable() })),
  related: z.array(z.object({ id: z.number(), number: z.string(), state: z.string(), relation: z.enum(['merged_from', 'split_into']) })),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const code = z.string().trim().min(1).max(32);

export const intakeBody = z.object({
  channel: code.describe('phone, grid, province, web, wechat, weibo, email, app, sms, leader, visit, department, open311'),
  type: code.describe('consult, help, complaint, report, suggestion, praise, other'),
  urgency: code.optional().describe('normal (default), urgent, critical'),
  subjectId: z.number().int().positive().nullish(),
  title: z.string().trim().max(200).nullish(),
  content: text(20000),
  citizen: z.object({
    name: z.string().trim().max(50).nullish(), phone: z.string().trim().max(30).nullish(), idNumber: z.string().trim().max(30).nullish(),
    company: z.string().trim().max(100).nullish(), confidential: z.boolean().optional(),
  }).strict().nullish(),
  location: z.object({
    address: z.string().trim().max(300).nullish(),
    lng: z.number().min(-180).max(180).nullish(), lat: z.number().min(-90).max(90).nullish(),
  }).strict().nullish(),
  callId: z.string().trim().max(64).nullish(),
}).strict();

const version = z.number().int().positive().optional().describe('the version you saw: 409 if the ticket has changed since');
const assignmentId = z.number().int().positive().optional().describe('default: your unit\'s live assignment');
const reason = z.string().trim().max(2000);

/** One body schema per action (DOMAIN.md §6), the contract integrators rely on. */
export const actionBodies = {
  answer: z.object({ answer: text(20000), articleId: z.number().int().positive().nullish(), version }).strict(),
  dispatch: z.object({ primaryUnitId: z.number().int().positive(), assistingUnitIds: z.array(z.number().int().positive()).max(20).optional(), note: z.string().trim().max(1000).nullish(), version }).strict(),
  redispatch: z.object({ assignmentId, unitId: z.number().int().positive(), note: z.string().trim().max(1000).nullish(), version }).strict(),
  sign: z.object({ assignmentId, version }).strict(),
  'request-return': z.object({ assignmentId, reason: text(2000), version }).strict(),
  'decide-return': z.object({ assignmentId, approve: z.boolean(), reason: reason.nullish(), version }).strict(),
  'request-extension': z.object({ assignmentId, days: z.number().int().min(1).max(60), reason: text(2000), version }).strict(),
  'decide-extension': z.object({ assignmentId, approve: z.boolean(), days: z.number().int().min(1).max(60).optional(), reason: reason.nullish(), version }).strict(),
  suspend: z.object({ assignmentId, reason: reason.nullish(), approve: z.boolean().optional().describe('dispatcher: decide a unit\'s request'), version }).strict(),
  resume: z.object({ note: z.string().trim().max(1000).nullish(), version }).strict(),
  reply: z.object({
    assignmentId, result: text(10000), measures: z.string().trim().max(10000).nullish(), basis: z.string().trim().max(5000).nullish(),
    contacted: z.boolean().describe('was the citizen contacted'), version,
  }).strict(),
  review: z.object({ approve: z.boolean(), reason: reason.nullish(), version }).strict(),
  visit: z.object({
    contacted: z.boolean(), resolved: z.boolean().optional(), satisfaction: z.enum(SATISFACTIONS).optional().describe('satisfied 满意 / basic 基本满意 / unsatisfied 不满意'),
    note: z.string().trim().max(2000).nullish(), version,
  }).strict(),
  reopen: z.object({ reason: text(2000), version }).strict(),
  close: z.object({ reason: z.enum(CLOSE_REASONS), explanation: reason.nullish(), version }).strict(),
  archive: z.object({ version }).strict(),
  merge: z.object({ masterId: z.number().int().positive(), note: z.string().trim().max(1000).nullish(), version }).strict(),
  split: z.object({
    parts: z.array(z.object({ title: z.string().trim().max(200).nullish(), content: text(20000), type: code.optional(), subjectId: z.number().int().positive().nullish() }).strict()).min(2).max(10),
    version,
  }).strict(),
  invalidate: z.object({ reason: text(500), version }).strict(),
  urge: z.object({ assignmentId, note: z.string().trim().max(1000).nullish(), version }).strict(),
  supervise: z.discriminatedUnion('op', [
    z.object({ op: z.literal('open'), level: z.enum(SUPERVISION_LEVELS), reason: text(2000), unitId: z.number().int().positive().optional(), days: z.number().int().min(1).max(30).optional(), version }).strict(),
    z.object({ op: z.literal('answer'), orderId: z.number().int().positive(), answer: text(5000), version }).strict(),
    z.object({ op: z.literal('close'), orderId: z.number().int().positive(), result: text(2000), version }).strict(),
  ], { error: bi('op 须为 open、answer 或 close', 'op must be open, answer or close') }),
  reveal: z.object({ field: z.enum(['name', 'phone', 'idNumber']) }).strict(),
} as const;
