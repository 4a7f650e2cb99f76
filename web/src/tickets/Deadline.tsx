// A deadline as the people racing it read it: the time left (or over) and the instant itself, green
// while there is time, yellow from 75% of the limit (the server's level 1), red once it has passed.
import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { formatDateTime } from '../labels';

/** "2天3小时", "45分钟": the span a countdown shows, in the two largest units. */
export function spanText(ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return mins > 0 ? `${hours}小时${mins}分钟` : `${hours}小时`;
  return `${mins}分钟`;
}

/** The browser's clock, ticking every `everyMs` so countdowns move without a reload. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export const LEVEL_COLORS = ['green', 'gold', 'red'] as const;
export const LEVEL_NAMES = ['正常', '临期', '超期'] as const;

interface Props {
  deadline: string | null | undefined;
  /** The server's light: 0 green, 1 yellow (75% of the limit used), 2 red. */
  level?: number;
  /** A step already done: its deadline shows without a countdown. */
  doneAt?: string | null;
  label?: string;
  now?: number;
}

export function Deadline({ deadline, level = 0, doneAt, label = '截止', now: fixedNow }: Props) {
  const ticking = useNow();
  const now = fixedNow ?? ticking;
  if (!deadline) return <span className="ms-muted">—</span>;
  const due = new Date(deadline).getTime();
  if (doneAt) {
    const late = new Date(doneAt).getTime() > due;
    return (
      <Tooltip title={`${label} ${formatDateTime(deadline)}，完成于 ${formatDateTime(doneAt)}`}>
        <Tag color={late ? 'red' : 'default'} data-testid="deadline" data-level={late ? 2 : 0}>{late ? '超期完成' : '按时完成'}</Tag>
      </Tooltip>
    );
  }
  const left = due - now;
  // The light is the server's (it knows the working-time limit); a deadline passed since the last sweep is red here already.
  const shown = left <= 0 ? 2 : Math.min(2, Math.max(0, level));
  const text = left <= 0 ? `超期 ${spanText(left)}` : `剩 ${spanText(left)}`;
  return (
    <Tooltip title={`${label} ${formatDateTime(deadline)}（${LEVEL_NAMES[shown]}）`}>
      <Tag color={LEVEL_COLORS[shown]} icon={<ClockCircleOutlined />} data-testid="deadline" data-level={shown} aria-label={`${label} ${formatDateTime(deadline)}，${text}`}>
        {text}
      </Tag>
    </Tooltip>
  );
}
