// A ticket's state as a coloured tag, with its pending request (a return or extension awaiting the
// dispatcher) beside it.
import { Tag } from 'antd';
import type { Ticket } from './types';

const STATE_COLORS: Record<string, string> = {
  accepted: 'default', answered: 'cyan', dispatching: 'blue', assigned: 'geekblue', handling: 'processing', replied: 'purple',
  visiting: 'magenta', closed: 'success', archived: 'default', suspended: 'warning', merged: 'default', invalid: 'default',
};

const PENDING_LABELS: Record<string, string> = { return: '待审退单', extension: '待审延期', suspend: '待审挂起' };

export function StateTag({ ticket }: { ticket: Pick<Ticket, 'state' | 'stateLabel' | 'assignments'> }) {
  const pending = ticket.assignments.map((a) => a.pending).filter((p): p is string => !!p);
  return (
    <span data-testid="state" data-state={ticket.state}>
      <Tag color={STATE_COLORS[ticket.state] ?? 'default'}>{ticket.stateLabel}</Tag>
      {[...new Set(pending)].map((p) => <Tag key={p} color="orange">{PENDING_LABELS[p] ?? p}</Tag>)}
    </span>
  );
}
