// A list of tickets to chase (overdue, yellow, one unit's) with the selected ticket beside it: 催办
// and 督办 straight from the row open the action's form in the panel (TicketActions, helper A's
// forms); a click or Enter on a row shows the ticket in the panel without opening a form.
import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Empty, Space, Typography } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { LinkButton } from '../components/LinkButton';
import { TicketPanel } from '../tickets/detail/TicketPanel';
import { TicketTable } from '../tickets/TicketTable';
import type { ColumnKey } from '../tickets/TicketTable';
import type { ActionName, Ticket, TicketQuery } from '../tickets/types';

const COLUMNS: ColumnKey[] = ['number', 'title', 'district', 'units', 'state', 'deadline'];

interface Props {
  query: TicketQuery;
  testId: string;
  empty: ReactNode;
  onTotal?: (n: number) => void;
  /** Said above the list (what it holds, how it is sorted). */
  hint?: ReactNode;
  /** After an urge or an order: the page's figures are stale. */
  onChanged?: () => void;
}

export function WatchList({ query, testId, empty, onTotal, hint, onChanged }: Props) {
  const [selected, setSelected] = useState<number | null>(null);
  const [openAction, setOpenAction] = useState<{ action: ActionName; at: number; id: number } | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  const act = (t: Ticket, action: ActionName) => {
    setSelected(t.id);
    setOpenAction({ action, at: Date.now(), id: t.id });
  };

  const extra: TableColumnsType<Ticket> = [
    {
      title: '已催办', key: 'urged', width: 70, align: 'center',
      render: (_: unknown, t) => (t.urgeCount > 0 ? <span>{t.urgeCount} 次</span> : <span className="ms-muted">—</span>),
    },
    {
      title: '督办操作', key: 'ops', width: 116, fixed: 'right',
      render: (_: unknown, t) => (
        <Space size={0}>
          <LinkButton data-testid="row-urge" onClick={(e) => { e.stopPropagation(); act(t, 'urge'); }}>催办</LinkButton>
          <LinkButton data-testid="row-supervise" onClick={(e) => { e.stopPropagation(); act(t, 'supervise'); }}>督办</LinkButton>
        </Space>
      ),
    },
  ];

  return (
    <div className={selected !== null ? 'ms-sv-split' : undefined} data-testid={testId}>
      <div
        ref={listRef}
        onClick={(e) => {
          const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-ticket-id]');
          if (row && !(e.target as HTMLElement).closest('a, button')) {
            setSelected(Number(row.dataset.ticketId));
            setOpenAction(null);
          }
        }}
      >
        {hint ? <Typography.Text type="secondary" className="ms-sv-hint">{hint}</Typography.Text> : null}
        <TicketTable
          query={query}
          columns={COLUMNS}
          extra={extra}
          selectedId={selected}
          reloadKey={reloadKey}
          onOpen={(t) => {
            setSelected(t.id);
            setOpenAction(null);
          }}
          onTotal={onTotal}
          testId={`${testId}-table`}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />}
        />
      </div>
      {selected !== null ? (
        <div className="ms-sv-panel">
          <div className="ms-sv-panel-bar">
            <LinkButton icon={<CloseOutlined />} onClick={() => setSelected(null)} aria-label="收起工单面板">收起</LinkButton>
          </div>
          <TicketPanel
            id={selected}
            compact
            only={['urge', 'supervise']}
            openAction={openAction?.id === selected ? openAction : null}
            onChanged={() => {
              setReloadKey((k) => k + 1);
              onChanged?.();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
