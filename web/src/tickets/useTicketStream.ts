// Live updates (GET /api/stream, server-sent events): calls `onChange` when a ticket in the user's
// scope changes, batched so a burst of changes (a sweep, a merge) reloads a queue once.
import { useEffect, useRef } from 'react';

export interface TicketChange {
  /** The changed ticket, or null after a sweep or a reconnect (reload everything). */
  id: number | null;
  types: string[];
}

export function useTicketStream(onChange: (changes: TicketChange[]) => void, { enabled = true, delayMs = 400 } = {}): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/stream');
    let pending: TicketChange[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let opened = false;
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      if (batch.length > 0) handler.current(batch);
    };
    const push = (change: TicketChange) => {
      pending.push(change);
      timer ??= setTimeout(flush, delayMs);
    };
    source.addEventListener('ready', () => {
      // The first `ready` is the start; a later one is a reconnect, after which notices may be missing.
      if (opened) push({ id: null, types: ['reconnected'] });
      opened = true;
    });
    source.addEventListener('ticket', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { id: number; types: string[] };
        push({ id: data.id, types: data.types });
      } catch {
        // a malformed notice: ignored
      }
    });
    source.addEventListener('sweep', () => push({ id: null, types: ['sweep'] }));
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [enabled, delayMs]);
}
