// `minsheng report annual|monthly|weekly|units … --format docx|pdf|xlsx|html --out FILE`: a report of
// the whole platform (as the system, like the scheduled delivery), written to a file; prints the
// time taken to bring the rollups up to date, to build the content and to render it.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { Db } from '../db/connection.js';
import { DEFAULT_PLATFORM_ID } from '../domain/platform.js';
import { isValidDate } from '../domain/figures/index.js';
import type { ReportRequest } from '../reports/content/build.js';
import { isMonth, isYear } from '../reports/content/periods.js';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../reports/render/index.js';

export interface ReportCliOptions {
  format: string;
  out?: string;
  platform: number;
  parent?: number;
  /** The clock: figures "as of" this instant (default now). */
  now?: string;
}

type WithDatabase = <T>(fn: (rt: { db: Db }) => Promise<T>) => Promise<T>;

const positive = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1.`);
  return n;
};

const checked = (name: string, ok: (v: string) => boolean, shape: string) => (value: string): string => {
  if (!ok(value)) throw new InvalidArgumentError(`${name} must be ${shape}, got "${value}".`);
  return value;
};

export async function runReport(db: Db, request: ReportRequest, opts: ReportCliOptions, log: (line: string) => void = console.log): Promise<{ file: string; bytes: number; ms: number }> {
  const format = opts.format as ReportFormat;
  const now = opts.now ? new Date(opts.now) : new Date();
  const [{ refreshRollups }, { renderedReport }] = await Promise.all([import('../services/stats/rollup.js'), import('../services/reports/generate.js')]);
  const t0 = performance.now();
  const rollup = await refreshRollups(db, opts.platform, now);
  const r = await renderedReport(db, { system: 'cli-report', platformId: opts.platform }, opts.parent ? { ...request, parentUnitId: opts.parent } : request, format, now);
  const file = opts.out ?? r.fileName;
  writeFileSync(file, r.bytes);
  const ms = Math.round(performance.now() - t0);
  log(`${r.doc.title}: ${file} (${format}, ${r.bytes.length} bytes, ${r.doc.blocks.length} blocks)`);
  log(`time: ${ms} ms in all — rollups ${rollup.ms} ms (${rollup.full ? 'rebuilt' : `${rollup.days} days refreshed`}), content ${r.buildMs} ms, ${format} ${r.renderMs} ms`);
  return { file, bytes: r.bytes.length, ms };
}

export function registerReport(program: Command, withDatabase: WithDatabase): void {
  const report = program.command('report').description('reports (docs/reports.md): annual, monthly, weekly, and the per-unit tables, as Word, PDF, Excel or HTML');
  const common = (c: Command) => c
    .option('--format <format>', `one of ${REPORT_FORMATS.join(', ')}`, 'docx')
    .option('--out <file>', 'where to write it (default: the report\'s title)')
    .option('--platform <id>', 'the platform', positive('--platform'), DEFAULT_PLATFORM_ID)
    .option('--parent <unitId>', 'group unit figures at the children of this unit (default: the platform root)', positive('--parent'))
    .option('--now <iso>', 'take the figures as of this instant (default: now)');
  const run = (request: ReportRequest, opts: ReportCliOptions) => {
    if (!isReportFormat(opts.format)) return program.error(`error: --format must be one of ${REPORT_FORMATS.join(', ')}, got "${opts.format}"`);
    if (opts.now !== undefined && Number.isNaN(new Date(opts.now).getTime())) return program.error(`error: --now must be an ISO date-time, got "${opts.now}"`);
    return withDatabase(async ({ db }) => { await runReport(db, request, opts); });
  };
  common(report.command('annual').description('年度运行情况综述 (seed 000)')
    .requiredOption('--year <YYYY>', 'the year', checked('--year', isYear, 'a year YYYY')))
    .action((opts: ReportCliOptions & { year: string }) => run({ kind: 'annual', year: Number(opts.year) }, opts));
  common(report.command('monthly').description('运行情况月报')
    .requiredOption('--month <YYYY-MM>', 'the month', checked('--month', isMonth, 'a month YYYY-MM')))
    .action((opts: ReportCliOptions & { month: string }) => run({ kind: 'monthly', month: opts.month }, opts));
  common(report.command('weekly').description('运行情况周报 (ISO week, Monday to Sunday)')
    .requiredOption('--week <YYYY-MM-DD>', 'any day of the week', checked('--week', isValidDate, 'a date YYYY-MM-DD')))
    .action((opts: ReportCliOptions & { week: string }) => run({ kind: 'weekly', week: opts.week }, opts));
  common(report.command('units').description('承办单位办件情况表一、二 (seed 003\'s annex)')
    .requiredOption('--from <YYYY-MM-DD>', 'first day', checked('--from', isValidDate, 'a date YYYY-MM-DD'))
    .requiredOption('--to <YYYY-MM-DD>', 'last day', checked('--to', isValidDate, 'a date YYYY-MM-DD')))
    .action((opts: ReportCliOptions & { from: string; to: string }) => {
      if (opts.from > opts.to) return program.error('error: --to must not be before --from');
      return run({ kind: 'units', from: opts.from, to: opts.to }, opts);
    });
}
