// 工单详情: everything about one ticket (DOMAIN.md §5–§6): the head with its countdown and flags, the
// request and the citizen (masked, revealed on demand and logged), the units at work, the outcome,
// supervision, attachments, related tickets, the full history, and what the user may do now.
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Skeleton } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../api';
import { useLoad } from '../hooks';
import { LoadError } from '../components/LoadError';
import { ticketApi } from '../tickets/api';
import { TicketActions } from '../tickets/TicketActions';
import { useTicketStream } from '../tickets/useTicketStream';
import { AssignmentList } from '../tickets/detail/Assignments';
import { Attachments, RelatedTickets, SupervisionOrders } from '../tickets/detail/Extras';
import { hasOutcome, OutcomeView } from '../tickets/detail/Outcome';
import { TicketTimeline } from '../tickets/detail/Timeline';
import { TicketFacts, TicketHeadline, TicketRequest } from '../tickets/detail/TicketSummary';
import { RepeatsGroup } from '../supervision/RepeatsGroup';

export function TicketPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data: ticket, loading, error, reload } = useLoad((signal) => ticketApi.get(id, signal), [id]);
  useTicketStream((changes) => {
    if (changes.some((c) => c.id === null || String(c.id) === id)) reload();
  });
  useEffect(() => {
    if (ticket) document.title = `工单 ${ticket.number} · 民声`;
  }, [ticket]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>返回</Button>
  );

  if (error && (!ticket || String(ticket.id) !== id)) {
    return (
      <div data-testid="ticket-page" data-error="true">
        {back}
        {/* Missing or out of scope: trying again will not change that. */}
        <LoadError error={error} onRetry={error instanceof ApiError && (error.status === 404 || error.status === 403) ? undefined : reload} />
      </div>
    );
  }
  if (!ticket || String(ticket.id) !== id) {
    return <Card data-testid="ticket-page" data-loading="true"><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  }

  return (
    <div data-testid="ticket-page" data-ticket-id={ticket.id} data-version={ticket.version} data-loading={loading ? 'true' : 'false'}>
      <Card size="small" className="ms-ticket-page-head" style={{ marginBottom: 12 }}>
        <div className="ms-ticket-page-head-row">
          <div className="ms-ticket-page-head-main">
            {back}
            <TicketHeadline ticket={ticket} />
          </div>
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} title="刷新" aria-label="刷新" />
        </div>
        <div className="ms-ticket-page-actions">
          <TicketActions ticket={ticket} onDone={() => reload()} />
        </div>
      </Card>
      <div className="ms-ticket-layout">
        <div>
          <Card size="small" title="诉求内容">
            <TicketRequest ticket={ticket} />
            <div style={{ marginTop: 12 }}>
              <TicketFacts ticket={ticket} />
            </div>
          </Card>
          {hasOutcome(ticket) ? (
            <Card size="small" title="办理结果">
              <OutcomeView ticket={ticket} />
            </Card>
          ) : null}
          <AssignmentList ticket={ticket} />
          <SupervisionOrders ticket={ticket} />
          <Attachments ticket={ticket} />
          <RelatedTickets ticket={ticket} />
          <RepeatsGroup ticket={ticket} />
        </div>
        <div>
          <TicketTimeline ticket={ticket} />
        </div>
      </div>
    </div>
  );
}
