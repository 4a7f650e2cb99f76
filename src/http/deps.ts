import type { Db } from '../db/connection.js';
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
}
