// Report schedules 定时报表 (administrators): which report, which formats, when, to whom. Every
// change is audited with the old values, like the other configuration the administrators edit.
import { hasRole, type Actor } from '../../domain/actor.js';
import { conflict, fieldError, forbidden, invalid, notFound, type FieldError } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import type { Db } from '../../db/connection.js';
import type { ReportSchedulesTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { nextFireAt, timingProblem, type Cadence } from '../../reports/cadence.js';
import type { ReportKind } from '../../reports/content/periods.js';
import type { ReportFormat } from '../../reports/render/index.js';
import { audit, beforeValues } from '../audit.js';

export interface ScheduleInput {
  name: string;
  kind: ReportKind;
  formats: ReportFormat[];
  cadence: Cadence;
  day: number;
  month?: number | null;
  hour: number;
  parentUnitId?: number | null;
  recipientUserIds: number[];
  recipientRoles: string[];
  recipientUnitId?: number | null;
  active?: boolean;
}

export interface ScheduleView {
  id: number;
  name: string;
  kind: ReportKind;
  formats: ReportFormat[];
  cadence: Cadence;
  day: number;
  month: number | null;
  hour: number;
  parentUnitId: number | null;
  parentUnitName: string | null;
  recipientUserIds: number[];
  recipientUsers: { id: number; name: string }[];
  recipientRoles: string[];
  recipientUnitId: number | null;
  recipientUnitName: string | null;
  active: boolean;
  nextAt: string | null;
  lastDeliveryAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const mayManage = (actor: Actor) => hasRole(actor, 'admin');

type Row = Selectable<ReportSchedulesTable>;

async function views(db: Db, platformId: number, rows: Row[], now: Date): Promise<ScheduleView[]> {
  if (rows.length === 0) return [];
  const unitIds = [...new Set(rows.flatMap((r) => [r.parent_unit_id, r.recipient_unit_id]).filter((x): x is number => x !== null))];
  const userIds = [...new Set(rows.flatMap((r) => r.recipient_user_ids.map(Number)))];
  const [units, users, last] = await Promise.all([
    unitIds.length ? db.selectFrom('units').select(['id', 'name']).where('platform_id', '=', platformId).where('id', 'in', unitIds).execute() : [],
    userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('platform_id', '=', platformId).where('id', 'in', userIds).execute() : [],
    db.selectFrom('report_deliveries').select(['schedule_id', (eb) => eb.fn.max('generated_at').as('at')])
      .where('platform_id', '=', platformId).where('schedule_id', 'in', rows.map((r) => r.id)).groupBy('schedule_id').execute(),
  ]);
  const unitName = new Map(units.map((u) => [Number(u.id), u.name]));
  const userName = new Map(users.map((u) => [Number(u.id), u.display_name]));
  const lastAt = new Map(last.map((l) => [Number(l.schedule_id), l.at as Date | null]));
  return rows.map((r) => ({
    id: Number(r.id), name: r.name, kind: r.kind, formats: r.formats as ReportFormat[], cadence: r.cadence, day: r.day, month: r.month, hour: r.hour,
    parentUnitId: r.parent_unit_id === null ? null : Number(r.parent_unit_id), parentUnitName: r.parent_unit_id === null ? null : unitName.get(Number(r.parent_unit_id)) ?? null,
    recipientUserIds: r.recipient_user_ids.map(Number),
    recipientUsers: r.recipient_user_ids.map(Number).map((id) => ({ id, name: userName.get(id) ?? `#${id}` })),
    recipientRoles: r.recipient_roles,
    recipientUnitId: r.recipient_unit_id === null ? null : Number(r.recipient_unit_id),
    recipientUnitName: r.recipient_unit_id === null ? null : unitName.get(Number(r.recipient_unit_id)) ?? null,
    active: r.active,
    nextAt: r.active ? nextFireAt(r, now).toISOString() : null,
    lastDeliveryAt: lastAt.get(Number(r.id))?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  }));
}

export async function listSchedules(db: Db, actor: Actor, paging: { page: number; pageSize: number }, now: Date) {
  if (!mayManage(actor)) throw forbidden('管理定时报表');
  const q = db.selectFrom('report_schedules').where('platform_id', '=', actor.platformId);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('id').limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize).execute(),
  ]);
  return { items: await views(db, actor.platformId, rows, now), total: Number(total), page: paging.page, pageSize: paging.pageSize };
}

/** Checks what the database cannot: the timing rules, recipients that exist on the platform, someone to send to. */
async function check(db: Db, actor: Actor, input: ScheduleInput): Promise<void> {
  const problem = timingProblem(input.kind, { cadence: input.cadence, day: input.day, month: input.month ?? null, hour: input.hour });
  if (problem) throw fieldError(...problem);
  const errs: FieldError[] = [];
  const bad = (field: string, message: string, message_en: string) => errs.push({ field, message, message_en });
  if (input.recipientUserIds.length === 0 && (input.recipientRoles.length === 0 || !input.recipientUnitId)) {
    bad('recipientUserIds', '请指定接收人（用户，或单位及角色）', 'name recipients: users, or a unit and roles');
  }
  if (input.recipientRoles.length && !input.recipientUnitId) bad('recipientUnitId', '按角色发送时请指定单位', 'roles need a unit');
  for (const r of input.recipientRoles) if (!(ROLES as readonly string[]).includes(r)) bad('recipientRoles', `未知角色：${r}`, `unknown role: ${r}`);
  const unitIds = [input.parentUnitId, input.recipientUnitId].filter((x): x is number => typeof x === 'number');
  if (unitIds.length) {
    const found = await db.selectFrom('units').select('id').where('platform_id', '=', actor.platformId).where('id', 'in', unitIds).execute();
    const ids = new Set(found.map((u) => Number(u.id)));
    if (input.parentUnitId && !ids.has(input.parentUnitId)) bad('parentUnitId', '单位不存在', 'no such unit');
    if (input.recipientUnitId && !ids.has(input.recipientUnitId)) bad('recipientUnitId', '单位不存在', 'no such unit');
  }
  if (input.recipientUserIds.length) {
    const found = await db.selectFrom('users').select('id').where('platform_id', '=', actor.platformId).where('id', 'in', input.recipientUserIds).execute();
    if (found.length !== new Set(input.recipientUserIds).size) bad('recipientUserIds', '接收人不存在', 'no such user');
  }
  if (errs.length) throw invalid(errs);
}

const columns = (input: ScheduleInput) => ({
  name: input.name, kind: input.kind, formats: [...new Set(input.formats)], cadence: input.cadence, day: input.day,
  month: input.cadence === 'annual' ? input.month ?? null : null, hour: input.hour,
  parent_unit_id: input.parentUnitId ?? null, recipient_user_ids: [...new Set(input.recipientUserIds)],
  recipient_roles: [...new Set(input.recipientRoles)], recipient_unit_id: input.recipientUnitId ?? null,
});

const nameTaken = (e: unknown) => (e as { code?: string; constraint?: string }).code === '23505';

export async function createSchedule(db: Db, actor: Actor, input: ScheduleInput, now: Date): Promise<ScheduleView> {
  if (!mayManage(actor)) throw forbidden('管理定时报表');
  await check(db, actor, input);
  try {
    const row = await db.transaction().execute(async (tx) => {
      const created = await tx.insertInto('report_schedules').values({
        platform_id: actor.platformId, ...columns(input), active: input.active ?? true,
        created_by: actor.userId, created_at: now, updated_by: actor.userId, updated_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(tx, { platformId: actor.platformId, actor, action: 'report_schedule.create', targetType: 'report_schedule', targetId: created.id, details: { ...columns(input), active: created.active }, at: now });
      return created;
    });
    return (await views(db, actor.platformId, [row], now))[0]!;
  } catch (e) {
    if (nameTaken(e)) throw conflict(`已有名为“${input.name}”的定时报表`, `a schedule named "${input.name}" exists`, 'name_taken');
    throw e;
  }
}

/** Replaces a schedule's settings; `active: false` disables it (schedules are never deleted: deliveries point at them). */
export async function updateSchedule(db: Db, actor: Actor, id: number, input: ScheduleInput, now: Date): Promise<ScheduleView> {
  if (!mayManage(actor)) throw forbidden('管理定时报表');
  await check(db, actor, input);
  try {
    const row = await db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('report_schedules').selectAll().where('platform_id', '=', actor.platformId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!current) throw notFound('定时报表', 'report schedule');
      const next = { ...columns(input), active: input.active ?? current.active };
      const updated = await tx.updateTable('report_schedules').set({ ...next, updated_by: actor.userId, updated_at: now })
        .where('platform_id', '=', actor.platformId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(tx, { platformId: actor.platformId, actor, action: 'report_schedule.update', targetType: 'report_schedule', targetId: id, details: { before: beforeValues(current as unknown as Record<string, unknown>, next), after: next }, at: now });
      return updated;
    });
    return (await views(db, actor.platformId, [row], now))[0]!;
  } catch (e) {
    if (nameTaken(e)) throw conflict(`已有名为“${input.name}”的定时报表`, `a schedule named "${input.name}" exists`, 'name_taken');
    throw e;
  }
}

/** Switches a schedule on or off. */
export async function setScheduleActive(db: Db, actor: Actor, id: number, active: boolean, now: Date): Promise<ScheduleView> {
  if (!mayManage(actor)) throw forbidden('管理定时报表');
  const row = await db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('report_schedules').set({ active, updated_by: actor.userId, updated_at: now })
      .where('platform_id', '=', actor.platformId).where('id', '=', id).returningAll().executeTakeFirst();
    if (!updated) throw notFound('定时报表', 'report schedule');
    await audit(tx, { platformId: actor.platformId, actor, action: active ? 'report_schedule.enable' : 'report_schedule.disable', targetType: 'report_schedule', targetId: id, at: now });
    return updated;
  });
  return (await views(db, actor.platformId, [row], now))[0]!;
}
