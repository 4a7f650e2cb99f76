// 领导首页 The leader's first page: one round trip with today's counts, open and overdue tickets by
// district (or, below the city, by child unit), today's located tickets and the 30-day trend, in the
// caller's unit scope.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { leaderDashboard, POINTS_CAP, TREND_DAYS } from '../../services/dashboard/leader.js';
import type { AppDeps } from '../deps.js';
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

export const dashboardRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/dashboard/leader', {
    schema: {
      tags: ['dashboard'],
      summary: '领导首页 Leader\'s dashboard: today\'s counts, open/overdue by district, today\'s points, 30-day trend (leaders, supervisors, hotline office)',
      response: { 200: leaderSchema, ...errors(401, 403) },
    },
  }, async (req) => leaderDashboard(deps.db, actorOf(req), deps.clock()));
};
