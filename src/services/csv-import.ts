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
}

export function readCsv(text: string, { lowerCase = false } = {}): CsvTable {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (h: string[]) => h.map((c) => (lowerCase ? c.trim().toLowerCase() : c.trim())),
      skip_empty_lines: true, relax_column_count: true, trim: true,
    });
  } catch (e) {
    throw fieldError('file', `CSV 格式错误：${(e as Error).message}`, `malformed CSV: ${(e as Error).message}`);
  }
  return { header: records.length > 0 ? Object.keys(records[0]!) : [], records };
}

/** The first of the accepted names (Chinese or English) that the header has, or null. */
export const findColumn = (header: readonly string[], ...names: string[]): string | null => names.find((n) => header.includes(n)) ?? null;

/** Line number of the i-th record (0-based) in the file. */
export const lineOf = (index: number): number => index + 2;
