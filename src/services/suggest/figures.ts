// Suggestion figures and transfer accuracy 转办准确率 (DOMAIN.md §6, §9, §10; seed 004: 98.25%).
//  - Acceptance: per stage (intake / dispatch), target (subject / type / unit) and source (model /
//    catalogue), suggestions made in the period and how many the user took (suggested = chosen).
//  - 转办准确率 = primary dispatches not returned ÷ primary dispatches, over the top-level primary
//    assignments dispatched in the period. A hotline office counts a dispatch as accurate when the
//    unit did not return it (退单 approved: the assignment's state 'returned'); a return still
//    pending, or one the dispatcher rejected, leaves it accurate. Dispatches near the period's end
//    may still be returned inside the return window, so a recent period's figure can still fall.
//  - Split by whether the dispatcher followed the catalogue's proposal / the model's first
//    suggestion (recorded per dispatch in suggestion_outcomes), or had none.
import type { Actor } from '../../domain/actor.js';
import { hasRole } from '../../domain/actor.js';
import { fieldError, forbidden } from '../../domain/errors.js';
import type { Db } from '../../db/connection.js';
import { atPlatformRoot } from '../tickets/context.js';

export interface Period {
  /** Shanghai dates, both inclusive. */
  from: string;
  to: string;
}

export interface AcceptanceRow {
  stage: 'intake' | 'dispatch';
  target: 'subject' | 'type' | 'unit';
  source: 'model' | 'catalogue';
  made: number;
  accepted: number;
  /** accepted ÷ made; null when none was made. */
  rate: number | null;
}

export interface AccuracyCell {
  dispatches: number;
  returned: number;
  /** (dispatches − returned) ÷ dispatches; null without a dispatch. */
  accuracy: number | null;
}

export interface AccuracySplit {
  followed: AccuracyCell;
  overrode: AccuracyCell;
  none: AccuracyCell;
}

export interface SuggestionFigures {
  period: Period;
  acceptance: AcceptanceRow[];
  transfer: AccuracyCell & { byCatalogue: AccuracySplit; byModel: AccuracySplit };
}

const DAY = 86_400_000;
const startOf = (date: string): Date => new Date(`${date}T00:00:00+08:00`);
const shanghaiDate = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Hotline office figures: the platform unit's staff who dispatch, supervise, lead or administer. */
export const canSeeFigures = (actor: Actor): boolean =>
  atPlatformRoot(actor) && hasRole(actor, 'dispatcher', 'supervisor', 'leader', 'admin', 'reviewer', 'visitor', 'operator');

/** The period asked for, by default the 30 Shanghai days up to today. */
export function periodOf(input: { from?: string; to?: string }, now: Date): Period {
  const to = input.to ?? shanghaiDate(now);
  const from = input.from ?? shanghaiDate(new Date(startOf(to).getTime() - 29 * DAY));
  if (from > to) throw fieldError('from', '开始日期不能晚于结束日期', 'from must not be after to');
  if (startOf(to).getTime() - startOf(from).getTime() > 366 * DAY) throw fieldError('to', '统计区间不超过一年', 'the period is at most a year');
  return { from, to };
}

const cell = (dispatches: number, returned: number): AccuracyCell => ({ dispatches, returned, accuracy: dispatches === 0 ? null : (dispatches - returned) / dispatches });

export async function suggestionFigures(db: Db, actor: Actor, input: { from?: string; to?: string }, now: Date): Promise<SuggestionFigures> {
  if (!canSeeFigures(actor)) throw forbidden('查看转办准确率');
  const period = periodOf(input, now);
  const start = startOf(period.from);
  const end = new Date(startOf(period.to).getTime() + DAY);
  const platformId = actor.platformId;

  const made = await db.selectFrom('suggestion_outcomes')
    .select(['stage', 'target', 'source', (eb) => eb.fn.countAll<string>().as('made'), (eb) => eb.fn.countAll<string>().filterWhere('accepted', '=', true).as('accepted')])
    .where('platform_id', '=', platformId).where('at', '>=', start).where('at', '<', end)
    .groupBy(['stage', 'target', 'source']).orderBy('stage', 'desc').orderBy('target').orderBy('source').execute();

  // One row per combination of (catalogue followed?, model followed?): at most nine groups.
  const groups = await db.selectFrom('assignments as a')
    .leftJoin('suggestion_outcomes as c', (j) => j.onRef('c.assignment_id', '=', 'a.id').on('c.source', '=', 'catalogue'))
    .leftJoin('suggestion_outcomes as m', (j) => j.onRef('m.assignment_id', '=', 'a.id').on('m.source', '=', 'model'))
    .select(['c.accepted as catalogue', 'm.accepted as model', (eb) => eb.fn.countAll<string>().as('dispatches'),
      (eb) => eb.fn.countAll<string>().filterWhere('a.state', '=', 'returned').as('returned')])
    .where('a.platform_id', '=', platformId).where('a.role', '=', 'primary').where('a.parent_assignment_id', 'is', null)
    .where('a.dispatched_at', '>=', start).where('a.dispatched_at', '<', end)
    .groupBy(['c.accepted', 'm.accepted']).execute();

  const split = (pick: (g: (typeof groups)[number]) => boolean | null): AccuracySplit => {
    const sum = (want: boolean | null) => {
      const gs = groups.filter((g) => pick(g) === want);
      return cell(gs.reduce((n, g) => n + Number(g.dispatches), 0), gs.reduce((n, g) => n + Number(g.returned), 0));
    };
    return { followed: sum(true), overrode: sum(false), none: sum(null) };
  };
  const total = cell(groups.reduce((n, g) => n + Number(g.dispatches), 0), groups.reduce((n, g) => n + Number(g.returned), 0));
  return {
    period,
    acceptance: made.map((r) => ({
      stage: r.stage, target: r.target, source: r.source, made: Number(r.made), accepted: Number(r.accepted),
      rate: Number(r.made) === 0 ? null : Number(r.accepted) / Number(r.made),
    })),
    transfer: { ...total, byCatalogue: split((g) => g.catalogue), byModel: split((g) => g.model) },
  };
}
