// 领导首页 The leader's first page: one round trip with today's counts, open and overdue tickets by
// district (or, below the city, by child unit), today's located tickets and the 30-day trend, in the
// caller's unit scope.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leaderDashboard, POINTS_CAP, TREND_DAYS } from '../../services/dashboard/leader.js';
import { screenDashboard } from '../../services/dashboard/screen.js';
import type { AppDeps } from '../deps.js';
import { WARNING_KINDS, WARNING_STATUSES } from '../../services/warnings/warnings.js';
import { errors } from '../schemas.js';
import { actorOf } from '../session.js';

const date = z.string().describe('Shanghai date YYYY-MM-DD');

const leaderSchema = z.object({
  asOf: z.string().describe('ISO 8601 instant the figures were taken'),
  today: date,
  scope: z.object({ unitId: z.number(), unitName: z.string(), unitKind: z.string(), platform: z.boolean().describe('the caller is at the platform root: the whole city') }),
  counts: z.object({
    accepted: z.number().describe('受理 today: accepted since Shanghai midnight, invalid and merged duplicates excluded (DOMAIN.md §10 受理量)'),
    closed: z.number().describe('办结 today: tickets closed today'),
    open: z.number().describe('在办 now: tickets in an open state'),
    overdue: z.number().describe('超期 now: open tickets with a live assignment past its reply deadline (as GET /api/tickets?overdue=any)'),
    warning: z.number().describe('临期 now: the current step has used 75% of its limit (as GET /api/tickets?slaLevel=1)'),
    supervised: z.number().describe('督办 now: open tickets under a supervision order not yet closed'),
  }),
  satisfaction: z.object({
    rate: z.number().nullable().describe('满意率 = (满意 + k·基本满意) ÷ valid visits of the month so far; null without a valid visit'),
    satisfied: z.number(), basic: z.number(), unsatisfied: z.number(), valid: z.number(), basicWeight: z.number().describe('k'), from: date, to: date,
  }),
  breakdown: z.enum(['district', 'unit']).describe('district: by the districts the tickets lie in (the city\'s view); unit: by the caller\'s child units handling them (below the city)'),
  areas: z.array(z.object({
    unitId: z.number().nullable().describe('the district or child unit; null: the remainder (no district in view / handled at the caller\'s own level only)'),
    name: z.string(), shortName: z.string().nullable(), code: z.string().nullable(), kind: z.string().nullable(),
    open: z.number(), overdue: z.number(), warning: z.number(), accepted: z.number().describe('accepted today'),
  })),
  points: z.object({
    items: z.array(z.object({
      id: z.number(), number: z.string(), title: z.string(), state: z.string(), stateLabel: z.string(), slaLevel: z.number(), lng: z.number(), lat: z.number(), acceptedAt: z.string(),
    })),
    total: z.number().describe('located tickets accepted today'), cap: z.number().describe(`at most ${POINTS_CAP} points, the newest`),
  }),
  trend: z.array(z.object({ date, accepted: z.number(), closed: z.number() })).describe(`the last ${TREND_DAYS} Shanghai days, oldest first`),
});

// 大屏 (GET /api/dashboard/screen, src/services/dashboard/screen.ts): the wall's one round trip.
const figure = z.number().nullable();
const screenSchema = z.object({
  asOf: z.string(), today: date,
  scope: leaderSchema.shape.scope,
  counters: z.object({
    accepted: z.number().describe('今日受理'), open: z.number().describe('在办'), overdue: z.number().describe('超期'), closed: z.number().describe('今日办结'),
    satisfactionRate: figure.describe('本月满意率 (statistics service, by acceptance month); null without a valid visit'), validVisits: z.number(),
  }),
  channels: z.array(z.object({ code: z.string(), label: z.string(), received: z.number() })).describe('today\'s 受理量 by channel, biggest first'),
  breakdown: leaderSchema.shape.breakdown,
  areas: leaderSchema.shape.areas,
  hotSubjects: z.array(z.object({
    id: z.string(), label: z.string(), received: z.number().describe('受理量 of the last 7 days'), previous: figure.describe('the 7 days before'),
    change: figure.describe('change in percent; null when the 7 days before had none'),
  })),
  hotPeriod: z.object({ from: date, to: date, previousFrom: date, previousTo: date }),
  warnings: z.object({
    items: z.array(z.object({
      id: z.number(), number: z.string(), kind: z.enum(WARNING_KINDS), kindLabel: z.string(), level: z.number(), levelLabel: z.string(), title: z.string(),
      place: z.string().nullable(), districtName: z.string().nullable(), ticketCount: z.number(), status: z.enum(WARNING_STATUSES), statusLabel: z.string(), detectedAt: z.string(),
    })),
    total: z.number(), cap: z.number(),
  }).describe('open warnings the caller sees, newest first'),
  satisfaction: z.array(z.object({ month: z.string(), satisfactionRate: figure, validVisits: z.number() })).describe('the last 12 months, oldest first'),
});

export const dashboardRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/dashboard/leader', {
    schema: {
      tags: ['dashboard'],
      summary: '领导首页 Leader\'s dashboard: today\'s counts, open/overdue by district, today\'s points, 30-day trend (leaders, supervisors, hotline office)',
      response: { 200: leaderSchema, ...errors(401, 403) },
    },
  }, async (req) => leaderDashboard(deps.db, actorOf(req), deps.clock()));

  app.get('/api/dashboard/screen', {
    schema: {
      tags: ['dashboard'],
      summary: '大屏 Big screen: live counters, today by channel, open/overdue by district, hot subjects, open warnings, 12-month satisfaction (as the leader\'s page)',
      response: { 200: screenSchema, ...errors(401, 403) },
    },
  }, async (req) => screenDashboard(deps.db, actorOf(req), deps.clock()));
};
