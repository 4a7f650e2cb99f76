// The unit's own side of a ticket: which assignment is ours, the deadline we race (the sign
// deadline while it waits to be signed, the reply deadline while we handle it), shown compactly.
import { Space, Tag, Typography } from 'antd';
import { formatDateTime } from '../../labels';
import { Deadline } from '../Deadline';
import { ROLE_LABEL } from '../dispatch/form';
import type { Assignment, Ticket } from '../types';

const OPEN = ['assigned', 'handling'];

/**
 * The assignment of `unitId` a workbench row stands for: a live one first (the top-level primary
 * before the rest), else the latest replied or done one; else, for a parent unit watching a child,
 * a live assignment of a unit in `subtree`.
 */
export function ownAssignment(ticket: Pick<Ticket, 'assignments'>, unitId: number | string | undefined, subtree?: ReadonlySet<string>): Assignment | null {
  const mine = ticket.assignments.filter((a) => String(a.unitId) === String(unitId));
  const pick = (list: Assignment[]) =>
    [...list].sort((x, y) => Number(OPEN.includes(y.state)) - Number(OPEN.includes(x.state)) || Number(x.parentAssignmentId !== null) - Number(y.parentAssignmentId !== null) || y.id - x.id)[0] ?? null;
  const own = pick(mine.filter((a) => a.state !== 'withdrawn' && a.state !== 'returned')) ?? pick(mine);
  if (own) return own;
  if (subtree) return pick(ticket.assignments.filter((a) => subtree.has(String(a.unitId)) && OPEN.includes(a.state)));
  return null;
}

export interface DeadlineShown {
  deadline: string | null;
  level: number;
  doneAt?: string | null;
  label?: string;
}

/** The deadline a unit races on an assignment: signing while 待签收, replying after. */
export function assignmentDeadline(a: Assignment | null): DeadlineShown {
  if (!a) return { deadline: null, level: 0 };
  if (a.state === 'assigned') return { deadline: a.signDeadline, level: a.signLevel, label: '签收时限' };
  if (a.state === 'handling') return { deadline: a.replyDeadline, level: a.replyLevel, label: '反馈时限' };
  if (a.repliedAt) return { deadline: a.replyDeadline, level: a.replyLevel, doneAt: a.repliedAt, label: '反馈时限' };
  return { deadline: null, level: 0 };
}

/** One line: 主办 · 办理中 · 反馈时限 2026-… (countdown). */
export function AssignmentLine({ a, showUnit = false }: { a: Assignment; showUnit?: boolean }) {
  const d = assignmentDeadline(a);
  return (
    <Space size={6} wrap data-testid="own-assignment" data-assignment-id={a.id} data-state={a.state}>
      <Tag color={a.role === 'primary' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>{ROLE_LABEL(a)}</Tag>
      {showUnit ? <Typography.Text strong>{a.unitName}</Typography.Text> : null}
      <Typography.Text>{a.stateLabel}</Typography.Text>
      {d.deadline ? (
        <>
          <Typography.Text type="secondary">{d.label} {formatDateTime(d.deadline)}</Typography.Text>
          <Deadline deadline={d.deadline} level={d.level} doneAt={d.doneAt} label={d.label} />
        </>
      ) : null}
    </Space>
  );
}

/** The replies the units under this assignment owe it: assisting units to the primary, children to their parent. */
export function repliesTo(ticket: Pick<Ticket, 'assignments'>, a: Assignment): Assignment[] {
  const top = a.role === 'primary' && a.parentAssignmentId === null;
  return ticket.assignments.filter((x) =>
    x.id !== a.id && x.state !== 'withdrawn' && x.state !== 'returned' && (x.parentAssignmentId === a.id || (top && x.role === 'assisting' && x.parentAssignmentId === null)));
}
