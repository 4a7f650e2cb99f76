// A work queue with the selected ticket beside it (the reviewer's and the visitor's screens): click
// or ↑/↓ (j/k) selects a row, Enter opens the queue's main action on it, and after an action that
// takes the ticket off the queue the next one is selected.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Card, Empty, Input, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { TicketTable } from '../TicketTable';
import type { ColumnKey } from '../TicketTable';
import type { ActionName, Ticket, TicketDetail, TicketQuery } from '../types';
import { TicketPanel } from './TicketPanel';

interface Props {
  query: TicketQuery;
  columns: ColumnKey[];
  extra?: TableColumnsType<Ticket>;
  deadlineOf?: (t: Ticket) => { deadline: string | null; level: number; doneAt?: string | null; label?: string };
  /** The action Enter opens on the selected ticket. */
  mainAction: ActionName;
  /** The actions the panel offers, in order. */
  actions: ActionName[];
  emptyText: string;
  /** Shown in the panel under the request (the call script, a decision prompt). */
  panelExtra?: (ticket: TicketDetail) => ReactNode;
  onTotal?: (total: number) => void;
  testId: string;
}

function rowsIn(root: HTMLElement | null): HTMLElement[] {
  return root ? [...root.querySelectorAll<HTMLElement>('tr[data-ticket-id]')] : [];
}

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('.ant-modal, .ant-select-dropdown, .ant-popover') !== null);

export function TicketQueue({ query, columns, extra, deadlineOf, mainAction, actions, emptyText, panelExtra, onTotal, testId }: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const [q, setQ] = useState('');
  const shown = useMemo(() => ({ ...query, q: q || undefined }), [query, q]);
  const [selected, setSelected] = useState<number | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [total, setTotal] = useState<number | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);
  const [openAction, setOpenAction] = useState<{ action: ActionName; at: number; id: number } | null>(null);
  /** The row to select once the list reloads (the one after the ticket just dealt with). */
  const preferred = useRef<number | null>(null);

  const handleTotal = useCallback((n: number) => {
    setTotal(n);
    setLoadedAt((x) => x + 1);
    onTotal?.(n);
  }, [onTotal]);

  // After each load: keep the selection if it is still listed, else the preferred next row, else the first.
  useEffect(() => {
    const ids = rowsIn(listRef.current).map((r) => Number(r.dataset.ticketId));
    setSelected((cur) => {
      if (cur !== null && ids.includes(cur) && preferred.current === null) return cur;
      const next = preferred.current !== null && ids.includes(preferred.current) ? preferred.current : (cur !== null && ids.includes(cur) ? cur : ids[0] ?? null);
      preferred.current = null;
      return next;
    });
  }, [loadedAt]);

  const select = useCallback((id: number, focus = true) => {
    setSelected(id);
    setOpenAction(null);
    if (focus) {
      const row = listRef.current?.querySelector<HTMLElement>(`tr[data-ticket-id="${id}"]`);
      row?.focus({ preventScroll: false });
      row?.scrollIntoView({ block: 'nearest' });
    }
  }, []);

  const move = useCallback((delta: number) => {
    const rows = rowsIn(listRef.current);
    if (rows.length === 0) return;
    const at = rows.findIndex((r) => Number(r.dataset.ticketId) === selected);
    const next = rows[Math.min(rows.length - 1, Math.max(0, at < 0 ? 0 : at + delta))];
    if (next) select(Number(next.dataset.ticketId));
  }, [selected, select]);

  const openMain = useCallback((id: number) => setOpenAction({ action: mainAction, at: Date.now(), id }), [mainAction]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) return;
      if (e.key === 'ArrowDown' || e.key === 'j') {
        e.preventDefault();
        move(1);
      } else if (e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault();
        move(-1);
      } else if (e.key === 'Enter' && selected !== null && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement) && !(e.target instanceof HTMLElement && e.target.matches('tr[data-ticket-id]'))) {
        e.preventDefault();
        openMain(selected);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, openMain, selected]);

  const onChanged = (t: Ticket) => {
    // Still waiting here (e.g. a visit that needs a decision): stay on it. Gone: select the next row.
    const stays = query.state?.split(',').includes(t.state) ?? false;
    if (!stays) {
      const rows = rowsIn(listRef.current).map((r) => Number(r.dataset.ticketId));
      const at = rows.indexOf(t.id);
      preferred.current = rows[at + 1] ?? rows[at - 1] ?? null;
    }
    setReloadKey((k) => k + 1);
  };

  return (
    <div className="ms-ticket-queue" data-testid={testId}>
      <div
        ref={listRef}
        onClick={(e) => {
          const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-ticket-id]');
          if (row && !(e.target as HTMLElement).closest('a, button')) select(Number(row.dataset.ticketId), false);
        }}
      >
        <Input.Search
          allowClear
          placeholder="按工单编号、标题、内容或地址查找"
          onSearch={(v) => setQ(v.trim())}
          onKeyDown={(e) => {
            // ↓ from the search box into the list, on the selected row.
            if (e.key !== 'ArrowDown') return;
            e.preventDefault();
            const rows = rowsIn(listRef.current);
            (rows.find((r) => Number(r.dataset.ticketId) === selected) ?? rows[0])?.focus();
          }}
          style={{ maxWidth: 360, marginBottom: 8 }}
          data-testid={`${testId}-search`}
        />
        <TicketTable
          query={shown}
          columns={columns}
          extra={extra}
          deadlineOf={deadlineOf}
          selectedId={selected}
          reloadKey={reloadKey}
          onOpen={(t) => {
            select(t.id, false);
            openMain(t.id);
          }}
          onTotal={handleTotal}
          pageSize={20}
          testId={`${testId}-table`}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          ↑/↓ 或 J/K 切换工单，Enter 打开「{mainAction === 'review' ? '审核' : '回访'}」，Ctrl+Enter 提交表单
        </Typography.Text>
      </div>
      {selected !== null ? (
        <TicketPanel id={selected} compact only={actions} onChanged={onChanged} openAction={openAction?.id === selected ? openAction : null}>
          {panelExtra}
        </TicketPanel>
      ) : (
        <Card size="small" data-testid="ticket-panel-empty">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={total === 0 ? emptyText : '选择左侧的工单'} />
        </Card>
      )}
    </div>
  );
}
