// Live updates (GET /api/stream, server-sent events): calls `onChange` when a ticket in the user's
// scope changes, batched so a burst of changes (a sweep, a merge) reloads a queue once.
//
// One EventSource per browser tab, shared by every component that listens: a browser allows only
// six HTTP/1.1 connections per server, and a page with a list, a side panel and counters would
// otherwise hold several streams open and starve its own API calls.
import { useEffect, useRef } from 'react';

export interface TicketChange {
  /** The changed ticket, or null after a sweep or a reconnect (reload everything). */
  id: number | null;
  types: string[];
}

type Listener = (change: TicketChange) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function emit(change: TicketChange): void {
  for (const l of listeners) l(change);
}

function open(): void {
  if (source || typeof EventSource === 'undefined') return;
  const s = new EventSource('/api/stream');
  let opened = false;
  s.addEventListener('ready', () => {
    // The first `ready` is the start; a later one is a reconnect, after which notices may be missing.
    if (opened) emit({ id: null, types: ['reconnected'] });
    opened = true;
  });
  s.addEventListener('ticket', (e) => {
    try {
      const data = JSON.parse((e as MessageEvent<string>).data) as { id: number; types: string[] };
      emit({ id: data.id, types: data.types });
    } catch {
      // a malformed notice: ignored
    }
  });
  s.addEventListener('sweep', () => emit({ id: null, types: ['sweep'] }));
  source = s;
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  open();
  return () => {
    listeners.delete(listener);
    // The last listener gone (logged out, or a page without live lists): close the stream.
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}

export function useTicketStream(onChange: (changes: TicketChange[]) => void, { enabled = true, delayMs = 400 } = {}): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (!enabled) return;
    let pending: TicketChange[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      if (batch.length > 0) handler.current(batch);
    };
    const unsubscribe = subscribe((change) => {
      pending.push(change);
      timer ??= setTimeout(flush, delayMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [enabled, delayMs]);
}
