import { defineConfig } from 'vitest/config';

// Integration tests run once on the embedded PostgreSQL and, when TEST_DATABASE_URL points at
// another server (CI sets it for the PostgreSQL 15 on 127.0.0.1:5432), once more on that one.
const dbTests = ['test/db/**/*.test.ts', 'test/services/**/*.test.ts', 'test/http/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/tickets/**/*.test.ts', 'test/jobs/**/*.test.ts'];
// Commands that read files and never open a database (classify, hotspots, reply-check): running
// them again against the second server would test nothing new and cost CI two minutes.
const fileOnlyCliTests = ['test/cli/classify.test.ts', 'test/cli/hotspots.test.ts', 'test/cli/reply-check.test.ts'];
// Seed 000's city year writes 566,000 tickets (a minute): once is proof enough; PostgreSQL 15 runs the
// same figures on seed 003's county (test/services/seed003-county.test.ts), raw and rolled up.
const embeddedOnly = [...fileOnlyCliTests, 'test/services/seed000-city.test.ts'];

const projects = [
  {
    test: {
      name: 'domain',
      include: ['test/domain/**/*.test.ts', 'test/text/**/*.test.ts', 'test/reports/**/*.test.ts'],
      env: { TZ: 'UTC' },
    },
  },
  {
    test: {
      name: 'db-embedded',
      include: dbTests,
      globalSetup: ['test/support/global-db.ts'],
      env: { TZ: 'UTC', MINSHENG_TEST_TARGET: 'embedded' },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          test: {
            name: 'db-external',
            include: dbTests,
            exclude: embeddedOnly,
            globalSetup: ['test/support/global-db.ts'],
            env: { TZ: 'UTC', MINSHENG_TEST_TARGET: 'external' },
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
      ]
    : []),
  {
    test: {
      name: 'e2e',
      include: ['test/e2e/**/*.test.ts'],
      globalSetup: ['test/support/global-e2e.ts'],
      env: { TZ: 'UTC' },
      testTimeout: 60_000,
      hookTimeout: 180_000,
      fileParallelism: false,
    },
  },
];

export default defineConfig({ test: { projects } });
