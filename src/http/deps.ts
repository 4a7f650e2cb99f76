import type { Db } from '../db/connection.js';
import type { FileStore } from '../services/attachments/storage.js';
import type { TicketBus } from '../services/tickets/bus.js';
import type { Vault } from '../services/privacy/vault.js';

export interface AppDeps {
  db: Db;
  /** Encrypts and hashes personal data (phone, ID number). */
  vault: Vault;
  /** Injected so tests move time instead of sleeping. */
  clock: () => Date;
  cookieSecure: boolean;
  sessionHours: number;
  /** Log-in attempts per IP a minute. */
  loginRateLimit: number;
  /** Built console to serve at `/`, if present. */
  webDist?: string;
  logLevel?: string;
  /** Trust X-Forwarded-* from these proxies (see Config.trustProxy); default false. */
  trustProxy?: boolean | string;
  /** Where attachment bytes go; without one the attachment routes are not offered. */
  files?: FileStore;
  /** Hears committed ticket changes for the live stream (GET /api/stream); without one the stream answers 503. */
  ticketBus?: TicketBus;
  /** Per-IP limits of the citizen API (defaults in src/http/citizen/tickets.ts). */
  citizenLimits?: Partial<CitizenLimits>;
}

export interface CitizenLimits {
  /** Submissions per IP an hour. */
  submitPerHour: number;
  /** Look-ups and ratings per IP a minute. */
  lookupPerMinute: number;
  /** Look-ups and ratings matching no ticket (wrong number or phone) per IP an hour. */
  failuresPerHour: number;
}
