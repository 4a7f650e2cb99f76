// Reading an uploaded CSV the same way for every import: BOM stripped, headers trimmed, a
// malformed file refused whole with a 400 on `file`, and rejected rows reported in one shape.
import { parse } from 'csv-parse/sync';
import { fieldError } from '../domain/errors.js';

/** A rejected row: its spreadsheet line (the header is line 1), the column and why. */
export interface RowError {
  row: number;
  field: string;
  message: string;
  message_en: string;
}

export interface CsvTable {
  header: string[];
  records: Record<string, string>[];
  /** The line in the file where each record starts, as a spreadsheet user counts (header = 1). */
  lines: number[];
}

export function readCsv(text: string, { lowerCase = false } = {}): CsvTable {
  let rows: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      info: true, raw: true, skip_empty_lines: true, relax_column_count: true, trim: true,
      // Excel leaves rows of bare commas below the data: they are not rows anyone wrote.
      skip_records_with_empty_values: true,
    }) as unknown as typeof rows; // with info and raw, csv-parse yields {record, info, raw}; its types don't say so
  } catch (e) {
    throw fieldError('file', `CSV 格式错误：${(e as Error).message}`, `malformed CSV: ${(e as Error).message}`);
  }
  const [first, ...data] = rows;
  const header = (first?.record ?? []).map((c) => (lowerCase ? c.trim().toLowerCase() : c.trim()));
  return {
    header,
    records: data.map(({ record }) => Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']))),
    // info.lines is where a record ends; a quoted cell may span lines, so count back over them
    // (the raw text also holds the blank lines skipped before it and its own line break).
    lines: data.map(({ info, raw }) => info.lines - (raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0)),
  };
}

/** The first of the accepted names (Chinese or English) that the header has, or null. */
export const findColumn = (header: readonly string[], ...names: string[]): string | null => names.find((n) => header.includes(n)) ?? null;
