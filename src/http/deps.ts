import type { Db } from '../db/connection.js';

export interface AppDeps {
  db: Db;
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
}
