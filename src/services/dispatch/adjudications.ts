// Joint adjudication 联席研判 (DOMAIN.md §6): when units keep returning a ticket because none
// thinks it theirs, the hotline office convenes them and rules who is primary and who assists, for
// good. The ruling is recorded; with `makeRule` it also becomes a catalogue rule in the same
// transaction, so the next such ticket is dispatched right the first time.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { fieldError, forbidden } from '../../domain/errors.js';
import { canReadRulings, canRecordRulings } from '../../domain/policies/dispatch.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';
import type { Page } from '../users.js';
import { ALL_FIELDS, checkRule, insertRules, loadRuleContext, lockCatalogue, throwIfRejected, type RuleValues, type UnitBrief } from './rules.js';
import { appendEvents } from '../tickets/context.js';

/**
 * A ruling's rule runs before the catalogue's ordinary rules on the same subject and area (which
 * default to 100): specificity still comes first, so it does not override a rule for a narrower
 * subject or area than it names.
 */
export const ADJUDICATION_PRIORITY = 10;

export interface RulingInput {
  ticketId?: number | null;
  /** Defaults to the ticket's subject. */
  subjectId?: number | null;
  areaUnitId?: number | null;
  primaryUnitId: number;
  assistingUnitIds?: number[];
  participants?: string | null;
  reasoning: string;
  /** Also add the ruling to the dispatch catalogue. */
  makeRule?: boolean;
  /** For the rule: an SLA policy to apply. */
  slaPolicyId?: number | null;
}

export interface RulingView {
  id: number;
  ticket: { id: number; number: string } | null;
  subject: { id: number; code: string; name: string };
  areaUnit: UnitBrief | null;
  primaryUnit: UnitBrief;
  assistingUnits: UnitBrief[];
  participants: string | null;
  reasoning: string;
  ruleId: number | null;
  decidedBy: { id: number; name: string } | null;
  decidedAt: string;
}

function viewQuery(db: Db, platformId: number) {
  return db.selectFrom('adjudications as a')
    .innerJoin('subjects as s', 's.id', 'a.subject_id')
    .innerJoin('units as pu', 'pu.id', 'a.primary_unit_id')
    .leftJoin('units as au', 'au.id', 'a.area_unit_id')
    .leftJoin('tickets as t', 't.id', 'a.ticket_id')
    .leftJoin('users as du', 'du.id', 'a.decided_by')
    .where('a.platform_id', '=', platformId);
}

async function selectViews(q: ReturnType<typeof viewQuery>, limit?: { page: number; pageSize: number }): Promise<RulingView[]> {
  let sel = q.select([
    'a.id', 'a.ticket_id', 't.number as ticket_number', 's.id as subject_id', 's.code as subject_code', 's.name as subject_name',
    'au.id as area_id', 'au.code as area_code', 'au.name as area_name', 'au.active as area_active',
    'pu.id as primary_id', 'pu.code as primary_code', 'pu.name as primary_name', 'pu.active as primary_active',
    'a.participants', 'a.reasoning', 'a.rule_id', 'a.decided_by', 'du.display_name as decided_by_name', 'a.decided_at',
    sql<UnitBrief[]>`coalesce((select json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'active', u.active) order by x.n)
      from unnest(a.assisting_unit_ids) with ordinality as x(id, n) join units u on u.id = x.id), '[]'::json)`.as('assisting'),
  ]).orderBy('a.decided_at', 'desc').orderBy('a.id', 'desc');
  if (limit) sel = sel.limit(limit.pageSize).offset((limit.page - 1) * limit.pageSize);
  return (await sel.execute()).map((r) => ({
    id: r.id,
    ticket: r.ticket_id === null ? null : { id: r.ticket_id, number: r.ticket_number ?? '' },
    subject: { id: r.subject_id, code: r.subject_code, name: r.subject_name },
    areaUnit: r.area_id === null ? null : { id: r.area_id, code: r.area_code ?? '', name: r.area_name ?? '', active: r.area_active ?? false },
    primaryUnit: { id: r.primary_id, code: r.primary_code, name: r.primary_name, active: r.primary_active },
    assistingUnits: r.assisting.map((u) => ({ ...u, id: Number(u.id) })),
    participants: r.participants, reasoning: r.reasoning, ruleId: r.rule_id,
    decidedBy: r.decided_by === null ? null : { id: r.decided_by, name: r.decided_by_name ?? '' },
    decidedAt: r.decided_at.toISOString(),
  }));
}

export async function listRulings(db: Db, actor: Actor, filter: { subjectId?: number; ticketId?: number; page: number; pageSize: number }): Promise<Page<RulingView>> {
  if (!canReadRulings(actor)) throw forbidden('查看联席研判');
  let q = viewQuery(db, actor.platformId);
  if (filter.subjectId !== undefined) q = q.where('a.subject_id', '=', filter.subjectId);
  if (filter.ticketId !== undefined) q = q.where('a.ticket_id', '=', filter.ticketId);
  const [{ total }, items] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    selectViews(q, filter),
  ]);
  return { items, total: Number(total), page: filter.page, pageSize: filter.pageSize };
}

/**
 * Records a ruling. Its references must exist and be active; with `makeRule` the rule it becomes is
 * checked like any other (territory, 66号文), and an active rule at the same subject, area and
 * priority is disabled: the newer ruling supersedes it.
 */
export async function recordRuling(db: Db, actor: Actor, input: RulingInput, now: Date): Promise<RulingView> {
  if (!canRecordRulings(actor)) throw forbidden('记录联席研判结果');
  return db.transaction().execute(async (tx) => {
    if (input.makeRule) await lockCatalogue(tx, actor.platformId);
    const ctx = await loadRuleContext(tx, actor.platformId);
    let subjectId = input.subjectId ?? null;
    if (input.ticketId != null) {
      const ticket = await tx.selectFrom('tickets').select(['id', 'subject_id']).where('id', '=', input.ticketId).where('platform_id', '=', actor.platformId).executeTakeFirst();
      if (!ticket) throw fieldError('ticketId', '工单不存在', 'ticket not found');
      subjectId ??= ticket.subject_id;
    }
    if (subjectId === null) throw fieldError('subjectId', '必填（工单未分类时须指定诉求分类）', 'required (the ticket has no subject)');
    const reasoning = input.reasoning.trim();
    if (!reasoning) throw fieldError('reasoning', '不能为空', 'required');
    const values: RuleValues = {
      subjectId, areaUnitId: input.areaUnitId ?? null, primaryUnitId: input.primaryUnitId, primaryAreaLevel: null,
      assistingUnitIds: input.assistingUnitIds ?? [], slaPolicyId: input.slaPolicyId ?? null, priority: ADJUDICATION_PRIORITY, note: null, active: true,
    };
    // The rule's place is taken by the new ruling: earlier rules there step aside before the check.
    const superseded = input.makeRule
      ? ctx.rules.filter((r) => r.active && r.subjectId === values.subjectId && r.areaUnitId === values.areaUnitId && r.priority === values.priority)
      : [];
    for (const r of superseded) r.active = false;
    // A ruling alone is a record (its references and its helper list must hold); when it becomes a
    // rule, the catalogue's territorial and 66号文 checks apply as to any rule.
    throwIfRejected(checkRule(ctx, values, { fresh: ALL_FIELDS, catalogue: input.makeRule === true }));

    const ruling = await tx.insertInto('adjudications').values({
      platform_id: actor.platformId, ticket_id: input.ticketId ?? null, subject_id: subjectId, area_unit_id: values.areaUnitId,
      primary_unit_id: values.primaryUnitId!, assisting_unit_ids: values.assistingUnitIds, participants: input.participants?.trim() || null,
      reasoning, decided_by: actor.userId, decided_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    let ruleId: number | null = null;
    if (input.makeRule) {
      if (superseded.length > 0) {
        await tx.updateTable('dispatch_rules').set({ active: false, updated_at: now })
          .where('platform_id', '=', actor.platformId).where('id', 'in', superseded.map((r) => r.id)).execute();
      }
      [ruleId] = await insertRules(tx, actor.platformId, [{ ...values, note: `联席研判 #${ruling.id}` }], 'adjudication', now, ruling.id) as [number];
      await tx.updateTable('adjudications').set({ rule_id: ruleId }).where('id', '=', ruling.id).execute();
      await audit(tx, {
        platformId: actor.platformId, actor, action: 'dispatch_rule.create', targetType: 'dispatch_rule', targetId: ruleId,
        details: { ...values, source: 'adjudication', rulingId: ruling.id, superseded: superseded.map((r) => r.id) }, at: now,
      });
    }
    if (input.ticketId != null) {
      // The ticket's own trail records the ruling too (全程留痕): who decided, for whom, which rule.
      await appendEvents(tx, { id: input.ticketId, platform_id: actor.platformId }, actor, now, [{
        type: 'adjudicated', data: { rulingId: ruling.id, primaryUnitId: values.primaryUnitId, assistingUnitIds: values.assistingUnitIds, ruleId },
      }]);
    }
    await audit(tx, {
      platformId: actor.platformId, actor, action: 'adjudication.create', targetType: 'adjudication', targetId: ruling.id,
      details: { ...input, subjectId, ruleId }, at: now,
    });
    const [view] = await selectViews(viewQuery(tx, actor.platformId).where('a.id', '=', ruling.id));
    return view!;
  });
}
