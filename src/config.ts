// Configuration comes from the environment only (secrets included); README lists every variable.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Unset: start the embedded PostgreSQL under dataDir/pg. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** MINSHENG_FILES_DIR: attachment files (default dataDir/files). */
  filesDir: string;
  demo: boolean;
  demoPassword: string;
  /** Password of the `admin` user created on first start without demo data. */
  adminPassword: string | undefined;
  cookieSecure: boolean;
  sessionHours: number;
  loginRateLimit: number;
  /** Citizen API per IP: submissions an hour, look-ups and ratings a minute, failed look-ups an hour. */
  publicSubmitLimit: number;
  publicLookupLimit: number;
  publicFailureLimit: number;
  /** Fastify's trustProxy: false, true, or the proxies' addresses (comma-separated). */
  trustProxy: boolean | string;
  logLevel: string;
  webDist: string;
  /** MINSHENG_DATA_KEY: the 32-byte key of personal data at rest. */
  dataKey: string | undefined;
}

const bool = (v: string | undefined, fallback: boolean): boolean =>
  v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

const count = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got ${v}`);
  return n;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.MINSHENG_DATA_DIR ?? 'data');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    filesDir: env.MINSHENG_FILES_DIR ? path.resolve(env.MINSHENG_FILES_DIR) : path.join(dataDir, 'files'),
    demo: bool(env.MINSHENG_DEMO, true),
    demoPassword: env.MINSHENG_DEMO_PASSWORD || 'demo12345',
    adminPassword: env.MINSHENG_ADMIN_PASSWORD || undefined,
    cookieSecure: bool(env.MINSHENG_COOKIE_SECURE, false),
    sessionHours: Number(env.MINSHENG_SESSION_HOURS ?? 12),
    loginRateLimit: Number(env.MINSHENG_LOGIN_RATE_LIMIT ?? 30),
    publicSubmitLimit: count('MINSHENG_PUBLIC_SUBMIT_LIMIT', env.MINSHENG_PUBLIC_SUBMIT_LIMIT, 20),
    publicLookupLimit: count('MINSHENG_PUBLIC_LOOKUP_LIMIT', env.MINSHENG_PUBLIC_LOOKUP_LIMIT, 30),
    publicFailureLimit: count('MINSHENG_PUBLIC_FAILURE_LIMIT', env.MINSHENG_PUBLIC_FAILURE_LIMIT, 10),
    // Off unless configured: trusting X-Forwarded-For from anyone would let a client pick its own
    // address, dodging the log-in rate limit and forging the audit log's IP.
    trustProxy: !env.MINSHENG_TRUST_PROXY || env.MINSHENG_TRUST_PROXY === 'false' ? false : env.MINSHENG_TRUST_PROXY === 'true' ? true : env.MINSHENG_TRUST_PROXY,
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.resolve(env.MINSHENG_WEB_DIST ?? 'web/dist'),
    dataKey: env.MINSHENG_DATA_KEY || undefined,
  };
}
