// One ticket beside a queue: its head, the request, the citizen, the latest reply and outcome, and
// the actions the user may take now. Loads GET /api/tickets/:id, reloads itself after an action and
// when the live stream says the ticket changed, and tells the queue (`onChanged`).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Card, Divider, Skeleton } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useLoad } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { ticketApi } from '../api';
import { TicketActions } from '../TicketActions';
import type { ActionName, Ticket, TicketDetail } from '../types';
import { useTicketStream } from '../useTicketStream';
import { primaryAssignment, ReplyView } from './Assignments';
import { hasOutcome, OutcomeView } from './Outcome';
import { TicketFacts, TicketHeadline, TicketRequest } from './TicketSummary';

export interface TicketPanelProps {
  id: number;
  /** After an action on this ticket: the ticket as the action left it (reload the queue). */
  onChanged?: (ticket: Ticket & { created?: Ticket[]; orderId?: number }) => void;
  /** Narrow layout for a side panel: fewer facts, the content folded. */
  compact?: boolean;
  /** Only these actions (a queue's own step), or all allowed but these. */
  only?: ActionName[];
  exclude?: ActionName[];
  /** Opens an action's form (e.g. Enter in a queue); change `at` to open it again. */
  openAction?: { action: ActionName; at: number } | null;
  /** Shown under the request (e.g. the visitor's call script). */
  children?: ReactNode | ((ticket: TicketDetail) => ReactNode);
}

export function TicketPanel({ id, onChanged, compact = false, only, exclude, openAction, children }: TicketPanelProps) {
  const [tick, setTick] = useState(0);
  const { data, loading, error, reload } = useLoad((signal) => ticketApi.get(id, signal), [id, tick]);
  useTicketStream((changes) => {
    if (changes.some((c) => c.id === id || c.id === null)) reload();
  });

  if (error && !data) return <Card size="small"><LoadError error={error} onRetry={reload} /></Card>;
  if (!data || data.id !== id) return <Card size="small" data-testid="ticket-panel" data-loading="true"><Skeleton active paragraph={{ rows: 6 }} /></Card>;

  const ticket = data;
  const reply = primaryAssignment(ticket);
  const extra = typeof children === 'function' ? children(ticket) : children;
  return (
    <Card
      size="small"
      className="ms-ticket-panel"
      data-testid="ticket-panel"
      data-ticket-id={ticket.id}
      data-version={ticket.version}
      data-loading={loading ? 'true' : 'false'}
      title={<TicketHeadline ticket={ticket} />}
      extra={<Link to={`/tickets/${ticket.id}`} title="打开工单详情"><ExportOutlined /> 详情</Link>}
    >
      <TicketRequest ticket={ticket} rows={compact ? 4 : undefined} />
      <Divider style={{ margin: '10px 0' }} />
      <TicketFacts ticket={ticket} compact={compact} />
      {reply?.replyResult ? (
        <>
          <Divider style={{ margin: '10px 0' }} />
          <ReplyView a={reply} />
        </>
      ) : null}
      {hasOutcome(ticket) ? (
        <>
          <Divider style={{ margin: '10px 0' }} />
          <OutcomeView ticket={ticket} />
        </>
      ) : null}
      {extra ? <><Divider style={{ margin: '10px 0' }} />{extra}</> : null}
      <Divider style={{ margin: '10px 0' }} />
      <TicketActions
        ticket={ticket}
        only={only}
        exclude={exclude}
        openRequest={openAction}
        onDone={(t) => {
          setTick((n) => n + 1);
          onChanged?.(t);
        }}
      />
    </Card>
  );
}
