import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Select, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useAuth } from '../auth';
import { useLoad } from '../hooks';
import { DAY_KIND_LABELS } from '../labels';
import type { CalendarDay } from '../labels';
import { DayEditDialog } from '../components/DayEditDialog';
import { ExportButton } from '../components/ExportButton';
import { ImportButton } from '../components/ImportButton';
import { ImportResult } from '../components/ImportResult';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { Legend, YearCalendar, dayOf, weekdayName } from '../components/YearCalendar';

interface CalendarAnswer {
  year: number;
  days: CalendarDay[];
  workHours?: unknown;
}

interface ImportAnswer {
  years: unknown;
  imported: unknown;
  rejected: unknown;
}

function shanghaiToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** workHours is shown as given: a list of {start, end}, one such object, or text. */
function formatHours(v: unknown): string | null {
  const one = (x: unknown) => {
    if (typeof x === 'string') return x;
    if (x && typeof x === 'object' && 'start' in x && 'end' in x) return `${String(x.start)}–${String(x.end)}`;
    return null;
  };
  if (Array.isArray(v)) return v.map(one).filter(Boolean).join('、') || null;
  return one(v);
}

function shortDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** Holidays as named runs of consecutive days, and the make-up working days. */
function summarise(year: number, days: Map<string, CalendarDay>) {
  const holidays: { name: string; from: string; to: string; count: number }[] = [];
  const makeups: CalendarDay[] = [];
  let working = 0;
  for (let m = 0; m < 12; m += 1) {
    const count = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
    for (let d = 1; d <= count; d += 1) {
      const day = dayOf(days, year, m, d);
      if (day.isWorking) working += 1;
      if (day.kind === 'makeup') makeups.push(day);
      if (day.kind !== 'holiday') continue;
      const last = holidays[holidays.length - 1];
      const prev = new Date(Date.UTC(year, m, d - 1)).toISOString().slice(0, 10);
      if (last && last.to === prev && last.name === (day.name ?? '')) {
        last.to = day.date;
        last.count += 1;
      } else {
        holidays.push({ name: day.name ?? '', from: day.date, to: day.date, count: 1 });
      }
    }
  }
  return { holidays, makeups, working };
}

export function CalendarPage() {
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const canEdit = hasRole('admin');
  const [params, setParams] = useSearchParams();
  const today = shanghaiToday();
  const thisYear = Number(today.slice(0, 4));
  const year = Number(params.get('year')) || thisYear;
  const [editing, setEditing] = useState<CalendarDay | null>(null);

  const cal = useLoad((signal) => api.get<CalendarAnswer>('/api/calendar', { year }, signal), [year]);
  const days = useMemo(() => new Map((cal.data?.year === year ? cal.data.days : []).map((d) => [d.date, d])), [cal.data, year]);
  const summary = useMemo(() => summarise(year, days), [year, days]);
  const setYear = (y: number) => setParams(y === thisYear ? {} : { year: String(y) }, { replace: true });
  const years = Array.from(new Set([thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2, year])).sort();
  const hours = formatHours(cal.data?.workHours);

  return (
    <>
      <PageHeader
        title="工作日历"
        hint="办理时限按工作日计算：周末与法定节假日不计，调休上班日计入"
        extra={
          <Space>
            <Button icon={<LeftOutlined />} aria-label="上一年" disabled={year <= 2000} onClick={() => setYear(year - 1)} />
            <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 110 }} aria-label="选择年份" data-testid="year-select" />
            <Button icon={<RightOutlined />} aria-label="下一年" onClick={() => setYear(year + 1)} />
            <ExportButton
              label={year === thisYear ? '导出本年日历' : `导出 ${year} 年日历`}
              path="/api/calendar/export"
              query={{ year }}
              fallbackName={`工作日历-${year}.csv`}
              hint={`导出 ${year} 年每一天的日期类型（CSV：date,kind,name），格式与导入相同`}
            />
            {canEdit ? (
              <ImportButton<ImportAnswer>
                label="导入年度日历"
                accept=".csv,.json,text/csv,application/json"
                resultTitle="工作日历导入结果"
                confirm="文件所涉年份的日历将被整体替换：文件中未列出的日期按周一至周五上班、周末休息处理，手工修改过的日期也会被覆盖。未办结工单的办理时限将重新计算。"
                upload={(text, file) => api.postText<ImportAnswer>('/api/calendar/import', text, /\.json$/i.test(file.name) ? 'application/json' : 'text/csv')}
                onDone={cal.reload}
                renderResult={(r) => (
                  <>
                    <Typography.Paragraph>涉及年份：{Array.isArray(r.years) ? r.years.join('、') : String(r.years ?? '—')}</Typography.Paragraph>
                    <ImportResult stats={[{ label: '已导入', value: r.imported }]} rejected={r.rejected} />
                  </>
                )}
              />
            ) : null}
          </Space>
        }
      />
      {cal.error && !cal.data ? (
        <LoadError error={cal.error} onRetry={cal.reload} />
      ) : (
        <div className="ms-calendar-layout">
          <Card size="small" loading={cal.loading && !cal.data}>
            <div className="ms-calendar-bar">
              <Legend />
              <Typography.Text type="secondary">{canEdit ? '点击日期可修改其类型' : '只读：仅系统管理员可以修改'}</Typography.Text>
            </div>
            <YearCalendar year={year} days={days} today={today} onPick={canEdit ? setEditing : undefined} />
          </Card>
          <Card size="small" title={`${year} 年概况`}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'working', label: '工作日', children: `${summary.working} 天` },
                { key: 'holidays', label: '节假日', children: `${summary.holidays.reduce((n, h) => n + h.count, 0)} 天` },
                { key: 'makeup', label: '调休上班', children: `${summary.makeups.length} 天` },
                ...(hours ? [{ key: 'hours', label: '工作时间', children: hours }] : []),
              ]}
            />
            {summary.holidays.length === 0 && !cal.loading ? (
              <Typography.Paragraph type="warning">本年度尚未设置节假日，当前仅按周末休息计算。请导入国务院公布的节假日安排。</Typography.Paragraph>
            ) : null}
            <Typography.Title level={5}>节假日</Typography.Title>
            <ul className="ms-plain-list" data-testid="holiday-list">
              {summary.holidays.map((h) => (
                <li key={h.from}>
                  <strong>{h.name || '节假日'}</strong> {shortDate(h.from)}
                  {h.count > 1 ? `—${shortDate(h.to)}` : ''}（{h.count} 天）
                </li>
              ))}
              {summary.holidays.length === 0 ? <li className="ms-muted">无</li> : null}
            </ul>
            <Typography.Title level={5}>调休上班</Typography.Title>
            <ul className="ms-plain-list">
              {summary.makeups.map((d) => (
                <li key={d.date}>
                  {shortDate(d.date)}（{weekdayName(d.date)}）{d.name ? ` ${d.name}` : ''}
                </li>
              ))}
              {summary.makeups.length === 0 ? <li className="ms-muted">无</li> : null}
            </ul>
          </Card>
        </div>
      )}
      <DayEditDialog
        day={editing}
        onClose={() => setEditing(null)}
        onSaved={(d) => {
          message.success(`${d.date} 已设为${d.name ? `「${d.name}」` : ''}${DAY_KIND_LABELS[d.kind]}`);
          cal.reload();
        }}
      />
    </>
  );
}
