import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, atLocal } from '../../src/domain/calendar/index.js';
import { loadWorkCalendar } from '../../src/services/calendar.js';
import { signedIn, type Session } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';

let t: TestDatabase;
let admin: Session;

beforeAll(async () => {
  ({ t, session: admin } = await signedIn());
});

type Day = { date: string; kind: string; isWorking: boolean; name: string | null };
const day = (days: Day[], date: string) => days.find((d) => d.date === date)!;
const version = async () => (await t.db.selectFrom('platforms').select('calendar_version').executeTakeFirstOrThrow()).calendar_version;

describe('working calendar', () => {
  it('is seeded for 2024–2026 from the State Council schedule', async () => {
    for (const year of [2024, 2025, 2026]) {
      const rows = await t.db.selectFrom('calendar_days').select('day').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
      expect(rows).toHaveLength(year === 2024 ? 366 : 365);
    }
    const res = await admin.get('/api/calendar?year=2026');
    expect(res.statusCode).toBe(200);
    const days: Day[] = res.json().days;
    expect(day(days, '2026-02-14')).toMatchObject({ kind: 'makeup', isWorking: true, name: '春节' }); // Saturday, 调休
    expect(day(days, '2026-10-01')).toMatchObject({ kind: 'holiday', isWorking: false, name: '国庆节' });
    expect(day(days, '2026-10-10')).toMatchObject({ kind: 'makeup', isWorking: true });
    expect(day(days, '2026-11-21')).toMatchObject({ kind: 'weekend', isWorking: false });
    expect(days.filter((d) => d.isWorking)).toHaveLength(248);
    expect(res.json().workHours).toEqual([{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]);
  });

  it('3 working days after 2026-09-30 17:00 is 2026-10-10 17:00, on the stored calendar', async () => {
    const cal = await loadWorkCalendar(t.db, 1);
    expect(addWorkingDays(cal, atLocal('2026-09-30', '17:00'), 3).toISOString()).toBe(atLocal('2026-10-10', '17:00').toISOString());
  });

  it('an administrator edits a day; the deadline arithmetic follows and the calendar version moves', async () => {
    const v0 = await version();
    const res = await admin.send('PUT', '/api/calendar/days/2026-10-08', { kind: 'holiday', name: '临时放假' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ date: '2026-10-08', kind: 'holiday', isWorking: false });
    expect(await version()).toBe(v0 + 1);
    const cal = await loadWorkCalendar(t.db, 1);
    // 10-08 is now off: 10-09, 10-10 (make-up Saturday), then Monday 10-12.
    expect(addWorkingDays(cal, atLocal('2026-09-30', '17:00'), 3).toISOString()).toBe(atLocal('2026-10-12', '17:00').toISOString());
    const audit = await t.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'calendar.set_day').execute();
    expect(audit).toEqual([{ action: 'calendar.set_day', target_id: '2026-10-08' }]);
  });

  it('a weekend day set as a working day is stored as a make-up day', async () => {
    const res = await admin.send('PUT', '/api/calendar/days/2026-12-05', { kind: 'workday', name: '临时调休' });
    expect(res.json()).toMatchObject({ date: '2026-12-05', kind: 'makeup', isWorking: true });
    const row = await t.db.selectFrom('calendar_days').select('kind').where('day', '=', '2026-12-05').executeTakeFirstOrThrow();
    expect(row.kind).toBe('makeup');
  });

  it('imports a new year from a CSV of its holidays and make-up days, reporting bad rows', async () => {
    const csv = ['date,kind,name', '2027-01-01,holiday,元旦', '2027-02-06,makeup,春节', '2027-02-30,holiday,坏日期', '2027-03-03,调休上班,周三', '2027-10-01,节假日,国庆节'].join('\n');
    const res = await admin.send('POST', '/api/calendar/import', csv, { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().years).toEqual([2027]);
    expect(res.json().imported).toBe(365);
    expect(res.json().rejected.map((r: { row: number }) => r.row)).toEqual([4, 5]);
    const days: Day[] = (await admin.get('/api/calendar?year=2027')).json().days;
    expect(day(days, '2027-01-01')).toMatchObject({ kind: 'holiday', isWorking: false, name: '元旦' });
    expect(day(days, '2027-02-06')).toMatchObject({ kind: 'makeup', isWorking: true }); // Saturday
    expect(day(days, '2027-10-01')).toMatchObject({ kind: 'holiday' });
    expect(day(days, '2027-03-03')).toMatchObject({ kind: 'workday' }); // the rejected row changed nothing
  });

  it('a year nobody loaded shows the weekday rule', async () => {
    const days: Day[] = (await admin.get('/api/calendar?year=2030')).json().days;
    expect(days).toHaveLength(365);
    expect(day(days, '2030-01-01')).toMatchObject({ kind: 'workday', name: null });
  });
});
