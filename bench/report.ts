// The city's annual report at scale (issue 6, aim: under 5 s): the content (annualReport, every
// figure through computeStats) and each rendering (docx, pdf, xlsx) timed apart, over the kept city
// of bench/city.ts; beside it in the same run, the same content computed from the raw tables.
//
// For the report helpers: the raw baseline needs annualReport to pass `source: 'raw'` through to
// computeStats (an option of OverviewOptions). Until it does, the bench says so instead of
// printing a baseline that is the rollup run again: it counts the rows of `tickets` each variant
// read (pg_stat_user_tables), which also shows the rollup path leaves the ticket table alone.
import { sql } from 'kysely';
import type { Db } from '../src/db/connection.js';
import { annualReport, type AnnualOptions } from '../src/reports/content/annual.js';
import { renderReport, type ReportFormat } from '../src/reports/render/index.js';
import type { ReportDocument } from '../src/reports/document.js';
import { benchCity } from './city.js';
import { summary } from './stats.js';
import { writeResult } from './support.js';

export interface ReportBenchOptions {
  n?: number;
  year?: number;
  /** Runs of the content per source and of each rendering (default 5). */
  runs?: number;
}

const say = (line: string) => console.log(`[bench report] ${line}`);
const FORMATS: ReportFormat[] = ['docx', 'pdf', 'xlsx'];

/** Rows of `tickets` read so far (sequential and index fetches), as the statistics collector has them. */
async function ticketRowsRead(db: Db): Promise<number> {
  // Backends flush their table counters at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const r = await sql<{ n: string }>`select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text as n from pg_stat_user_tables where relname = 'tickets'`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export async function benchReport(options: ReportBenchOptions = {}): Promise<void> {
  const n = options.n ?? 1_000_000;
  const year = options.year ?? 2025;
  const runs = options.runs ?? 5;
  const city = await benchCity({ n, year }, say);
  try {
    const { db } = city;
    const doer = { system: 'bench', platformId: 1 };
    const content = async (source: 'rollup' | 'raw') => {
      const opts = { year, ...(source === 'raw' ? { source } : {}) } as AnnualOptions;
      const before = await ticketRowsRead(db);
      const ms: number[] = [];
      let doc: ReportDocument | null = null;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        doc = await annualReport(db, doer, opts, city.now);
        ms.push(performance.now() - t0);
      }
      const rowsRead = Math.round(((await ticketRowsRead(db)) - before) / runs);
      say(`content from ${source}: p50 ${summary(ms).p50} ms (${rowsRead.toLocaleString('en')} ticket rows read per report)`);
      return { doc: doc!, ms: summary(ms), ticketRowsRead: rowsRead };
    };
    await annualReport(db, doer, { year }, city.now); // warm-up: fonts, modules, caches
    const rollup = await content('rollup');
    const raw = await content('raw');
    // The raw option honoured shows as the ticket table read; a run reading no more rows than the rollup's was not raw.
    const rawHonoured = raw.ticketRowsRead > rollup.ticketRowsRead + n / 10;
    const renders: Record<string, ReturnType<typeof summary> & { bytes: number }> = {};
    for (const format of FORMATS) {
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        bytes = (await renderReport(rollup.doc, format)).length;
        ms.push(performance.now() - t0);
      }
      renders[format] = { ...summary(ms), bytes };
      say(`${format}: p50 ${renders[format].p50} ms, ${Math.round(bytes / 1024)} KiB`);
    }
    const total = (format: ReportFormat) => Math.round(rollup.ms.p50 + renders[format]!.p50);
    const rawTotal = (format: ReportFormat) => Math.round(raw.ms.p50 + renders[format]!.p50);
    const under5 = FORMATS.every((f) => total(f) < 5_000);
    const line = `annual report ${year} over ${n.toLocaleString('en')} tickets, median of ${runs}: content ${rollup.ms.p50} ms`
      + (rawHonoured ? ` vs ${raw.ms.p50} ms from raw tables (${Math.round(raw.ms.p50 / Math.max(1, rollup.ms.p50))}×)` : ' (raw baseline not available: annualReport has no source option yet)')
      + `; ${FORMATS.map((f) => `${f} ${renders[f]!.p50} ms (content + render ${total(f)} ms${rawHonoured ? `, raw ${rawTotal(f)} ms` : ''})`).join(', ')}; all under 5 s: ${under5 ? 'yes' : 'NO'}`;
    say(line);
    say(`written to ${writeResult('report', {
      n, year, postgres: city.serverVersion, seeding: city.seeding, cityDir: city.dir,
      content: { rollup: { ms: rollup.ms, ticketRowsRead: rollup.ticketRowsRead }, raw: { ms: raw.ms, ticketRowsRead: raw.ticketRowsRead, honoured: rawHonoured } },
      renders, totals: Object.fromEntries(FORMATS.map((f) => [f, { rollup: total(f), raw: rawHonoured ? rawTotal(f) : null }])), under5,
    }, line)}`);
  } finally {
    await city.close();
  }
}
