import { DAY_KINDS } from '../labels';
import type { CalendarDay, DayKind } from '../labels';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const KIND = Object.fromEntries(DAY_KINDS.map((k) => [k.code, k])) as Record<DayKind, (typeof DAY_KINDS)[number]>;

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Monday = 0 … Sunday = 6, for a date given as year / month (0-based) / day. */
export function weekdayIndex(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month, day)).getUTCDay() + 6) % 7;
}

export function weekdayName(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `周${WEEKDAYS[weekdayIndex(y, m - 1, d)]}`;
}

/** The day as stored, or what a plain week would make it when the server has no row for it. */
export function dayOf(days: Map<string, CalendarDay>, year: number, month: number, day: number): CalendarDay & { derived?: boolean } {
  const date = isoDate(year, month, day);
  const stored = days.get(date);
  if (stored) return stored;
  const weekend = weekdayIndex(year, month, day) >= 5;
  return { date, kind: weekend ? 'weekend' : 'workday', isWorking: !weekend, name: null, derived: true };
}

interface Props {
  year: number;
  days: Map<string, CalendarDay>;
  today: string;
  onPick?: (day: CalendarDay) => void;
}

/** Twelve month grids; each day coloured by its kind, 休 / 班 marks as on a Chinese wall calendar. */
export function YearCalendar({ year, days, today, onPick }: Props) {
  return (
    <div className="ms-year" data-testid="year-calendar">
      {Array.from({ length: 12 }, (_, month) => {
        const first = weekdayIndex(year, month, 1);
        const count = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
        return (
          <section key={month} className="ms-month" aria-label={`${year}年${month + 1}月`}>
            <h3 className="ms-month-title">{month + 1}月</h3>
            <div className="ms-month-grid" role="grid">
              {WEEKDAYS.map((w, i) => (
                <div key={w} className={`ms-weekday${i >= 5 ? ' ms-weekday-end' : ''}`} role="columnheader">
                  {w}
                </div>
              ))}
              {Array.from({ length: first }, (_, i) => (
                <div key={`pad-${i}`} />
              ))}
              {Array.from({ length: count }, (_, i) => {
                const d = dayOf(days, year, month, i + 1);
                const kind = KIND[d.kind] ?? KIND.workday;
                const label = `${d.date} ${weekdayName(d.date)} ${kind.name}${d.name ? ` ${d.name}` : ''}`;
                return (
                  <button
                    key={d.date}
                    type="button"
                    className={`ms-day ms-day-${d.kind}${d.date === today ? ' ms-day-today' : ''}${d.derived ? ' ms-day-derived' : ''}`}
                    style={{ background: kind.color, color: kind.text }}
                    data-date={d.date}
                    data-kind={d.kind}
                    title={label}
                    aria-label={label}
                    aria-disabled={onPick ? undefined : true}
                    onClick={onPick ? () => onPick(d) : undefined}
                  >
                    {i + 1}
                    {d.kind === 'holiday' ? <span className="ms-day-mark">休</span> : d.kind === 'makeup' ? <span className="ms-day-mark">班</span> : null}
                  </button>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}

export function Legend() {
  return (
    <div className="ms-legend" aria-label="图例">
      {DAY_KINDS.map((k) => (
        <span key={k.code} className="ms-legend-item">
          <span className="ms-swatch" style={{ background: k.color, color: k.text }}>
            {k.code === 'holiday' ? '休' : k.code === 'makeup' ? '班' : ''}
          </span>
          {k.name}
        </span>
      ))}
    </div>
  );
}
