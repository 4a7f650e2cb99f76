// What the dispatcher's screen and the unit workbench share: tabs with live counts, a list whose
// rows select a ticket (click, Enter, ↑/↓) to work on beside it, the selection kept in the URL,
// and an action's form shown in place under the ticket.
import { useCallback, useEffect, useState } from 'react';
import type { ComponentProps, ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Badge, Input, Typography } from 'antd';
import { ticketApi } from '../api';
import { ACTION_SPECS } from '../actions';
import { TicketTable } from '../TicketTable';
import type { ActionName, Ticket, TicketDetail, TicketQuery } from '../types';
import { useTicketStream } from '../useTicketStream';

export interface QueueTab {
  key: string;
  label: string;
  query: TicketQuery;
  /** Badge colour when the tab has something waiting. */
  color?: string;
  hint?: string;
}

/** The number of tickets in each tab (one light query per tab), refreshed by the live stream. */
export function useTabCounts(tabs: QueueTab[], q: string, reloadKey: unknown): Record<string, number | undefined> {
  const [counts, setCounts] = useState<Record<string, number | undefined>>({});
  const [tick, setTick] = useState(0);
  useTicketStream(() => setTick((n) => n + 1));
  const key = JSON.stringify(tabs.map((t) => t.query));
  useEffect(() => {
    const controller = new AbortController();
    for (const tab of tabs) {
      ticketApi.list({ ...tab.query, q: q || undefined, page: 1, pageSize: 1 }, controller.signal).then(
        (page) => setCounts((c) => ({ ...c, [tab.key]: page.total })),
        () => undefined, // the list itself says what went wrong
      );
    }
    return () => controller.abort();
  }, [key, q, reloadKey, tick]);
  return counts;
}

/** The tab label with its count: a coloured badge when there is something to do. */
export function TabLabel({ tab, count }: { tab: QueueTab; count: number | undefined }) {
  return (
    <span data-testid={`tab-${tab.key}`} data-count={count ?? ''} title={tab.hint}>
      {tab.label}
      <Badge
        count={count ?? 0}
        showZero
        overflowCount={9999}
        color={count ? (tab.color ?? '#1556c0') : '#d9d9d9'}
        style={{ marginInlineStart: 6, boxShadow: 'none', ...(count ? {} : { color: '#595959' }) }}
      />
    </span>
  );
}

/** `tab`, `id` and `q` in the URL: a reload, a link or the back button keep the user's place. */
export function useQueueParams(defaultTab: string, tabs: QueueTab[]) {
  const [params, setParams] = useSearchParams();
  const tabKey = params.get('tab') ?? defaultTab;
  const tab = tabs.find((t) => t.key === tabKey) ?? tabs[0]!;
  const id = Number(params.get('id')) || null;
  const q = params.get('q') ?? '';
  const set = useCallback(
    (changes: { tab?: string; id?: number | null; q?: string }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === undefined) continue;
            if (v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { tab, id, q, set };
}

type TableProps = Omit<ComponentProps<typeof TicketTable>, 'onOpen' | 'selectedId'>;

/**
 * The queue's list. A click on a row, Enter on it, or ↑/↓ from one row to the next selects the
 * ticket (its number still opens the full page with a middle click).
 */
export function QueueList({ selectedId, onSelect, ...table }: TableProps & { selectedId: number | null; onSelect: (id: number) => void }) {
  return (
    <div
      className="ms-dh-queue-list"
      onClick={(e) => {
        const target = e.target as HTMLElement;
        if (target.closest('a, button, input, .ant-btn, .ant-pagination, .ant-dropdown')) return;
        const row = target.closest<HTMLElement>('tr[data-ticket-id]');
        if (row) onSelect(Number(row.dataset.ticketId));
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        const row = e.target as HTMLElement;
        if (!row.matches('tr[data-ticket-id]')) return;
        const next = e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
        if (next instanceof HTMLElement && next.dataset.ticketId) {
          e.preventDefault();
          next.focus();
          onSelect(Number(next.dataset.ticketId));
        }
      }}
    >
      <TicketTable {...table} selectedId={selectedId} onOpen={(t) => onSelect(t.id)} />
    </div>
  );
}

/** The search box above a queue: a ticket number, or words of the title, content or address. */
export function QueueSearch({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input.Search
      allowClear
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) onSearch('');
      }}
      onSearch={(v) => onSearch(v.trim())}
      placeholder="工单编号或标题、内容、地址"
      style={{ width: 280 }}
      aria-label="查找工单"
      data-testid="queue-search"
    />
  );
}

/** An action's form in place (not in a dialog), under the ticket it acts on. */
export function InlineAction({ action, ticket, onDone, onCancel, title }: {
  action: ActionName;
  ticket: TicketDetail;
  onDone: (t: Ticket & { created?: Ticket[] }) => void;
  onCancel?: () => void;
  title?: ReactNode;
}) {
  const spec = ACTION_SPECS[action];
  return (
    <div className="ms-dh-act-inline" data-testid={`inline-${action}`}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>{title ?? spec.label}</Typography.Title>
      <spec.Form key={`${ticket.id}:${ticket.version}`} ticket={ticket} onDone={onDone} onCancel={onCancel ?? (() => undefined)} />
    </div>
  );
}

/** The keys that work the queue, in small print under it. */
export function KeyHints({ keys }: { keys: [string, string][] }) {
  return (
    <div className="ms-dh-queue-keys" data-testid="key-hints">
      {keys.map(([k, what]) => (
        <span key={k}><kbd className="ms-dh-act-kbd">{k}</kbd> {what}</span>
      ))}
    </div>
  );
}

/** After an action that takes the ticket out of the tab: the first other ticket of the tab, to go on with. */
export async function nextInQueue(query: TicketQuery, q: string, doneId: number): Promise<number | null> {
  try {
    const page = await ticketApi.list({ ...query, q: q || undefined, page: 1, pageSize: 3 });
    return page.items.find((t) => t.id !== doneId)?.id ?? null;
  } catch {
    return null;
  }
}
