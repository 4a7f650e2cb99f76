// Live figures without hammering the server: reload when tickets in scope change (server-sent
// events), at most once per `minMs` however busy the hotline is. A change inside the quiet period
// schedules one reload at its end, so the last change is never missed.
import { useEffect, useRef } from 'react';
import { useTicketStream } from '../tickets/useTicketStream';

export function useLiveReload(reload: () => void, minMs = 10_000): void {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  useTicketStream(() => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + minMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      latest.current();
    }, wait);
  }, { delayMs: 1000 });
}
