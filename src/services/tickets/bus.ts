// The ticket bus: one LISTEN connection per app instance that hears every committed ticket change
// (src/services/tickets/changes.ts) and hands it to the live screens' streams. Its own pg.Client,
// not a pool connection (a LISTEN holds its connection for life), reconnecting with a back-off when
// the server goes away; screens missing a notice meanwhile reload on the stream's reconnect.
import pg from 'pg';
import { parseNotice, TICKET_CHANNEL, type TicketNotice } from './changes.js';

type Listener = (notice: TicketNotice) => void;

export interface BusLog {
  warn(obj: object, msg: string): void;
}

export class TicketBus {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<Listener>();
  private stopped = false;
  private retryMs = 1000;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string, private readonly log?: BusLog) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'minsheng-bus' });
    client.on('error', (err) => {
      this.log?.warn({ err }, 'ticket bus connection lost');
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    client.on('notification', (msg) => {
      if (msg.channel !== TICKET_CHANNEL) return;
      const notice = parseNotice(msg.payload);
      if (!notice) return;
      for (const l of this.listeners) {
        try {
          l(notice);
        } catch (err) {
          this.log?.warn({ err }, 'ticket bus listener failed');
        }
      }
    });
    await client.connect();
    await client.query(`listen ${TICKET_CHANNEL}`);
    this.client = client;
    this.retryMs = 1000;
  }

  /** The connection dropped: forget it and connect again after the back-off. */
  private reconnectLater(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().catch((err: unknown) => {
        this.log?.warn({ err }, 'ticket bus reconnect failed');
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
        this.retry();
      });
    }, this.retryMs);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.listeners.clear();
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
