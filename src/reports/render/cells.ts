// How a table cell reads, shared by every renderer so the four formats print the same text.

import type { Cell, TableBlock, TableColumn } from '../document.js';

export type ColumnFormat = NonNullable<TableColumn['format']>;

export function columnFormat(column: TableColumn): ColumnFormat {
  return column.format ?? 'text';
}

export function isNumericFormat(format: ColumnFormat): boolean {
  return format !== 'text';
}

/**
 * The printed text of a cell. Integers without thousands separators (as hotline offices print them:
 * 299131), percents with two decimals and a '%' (the cell holds 71.13 for 71.13%), decimals with two.
 */
export function formatCell(value: Cell, format: ColumnFormat): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  switch (format) {
    case 'integer':
      return String(Math.round(value));
    case 'percent':
      return `${value.toFixed(2)}%`;
    case 'decimal':
      return value.toFixed(2);
    case 'text':
      return String(value);
  }
}

/** A number cell sits right; text (and a text label such as 合计 in a number column) stays left. */
export function alignRight(value: Cell, format: ColumnFormat): boolean {
  return typeof value === 'number' && isNumericFormat(format);
}

/** Width of a string in "half-width" units: a Chinese character counts two, as Excel's widths do. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp >= 0x1100 && (cp <= 0x115f || cp >= 0x2e80) ? 2 : 1;
  }
  return w;
}

/** Rows in print order: the total row first or last, as the table says. */
export function rowsWithTotal(table: TableBlock): { cells: Cell[]; total: boolean }[] {
  const body = table.rows.map((cells) => ({ cells, total: false }));
  if (!table.total) return body;
  const total = { cells: table.total, total: true };
  return table.totalFirst ? [total, ...body] : [...body, total];
}

/**
 * Relative column widths: the table's own `width` where given, else the widest text in the column
 * (header included), clamped so one long name cannot starve the number columns.
 */
export function columnWeights(table: Pick<TableBlock, 'columns' | 'rows' | 'total'>): number[] {
  return table.columns.map((col, i) => {
    if (col.width && col.width > 0) return col.width;
    const format = columnFormat(col);
    let widest = displayWidth(col.title);
    for (const row of table.total ? [...table.rows, table.total] : table.rows) {
      widest = Math.max(widest, displayWidth(formatCell(row[i] ?? null, format)));
    }
    // +2 for the cell's padding, so a column sized to its widest figure does not wrap it.
    return Math.min(Math.max(widest, 4), 30) + 2;
  });
}

/** Widens columns to their minimum, taking the room from the flexible columns in proportion. */
export function fitWidths(widths: number[], min: number[], flexible: boolean[]): number[] {
  const out = widths.map((w, i) => Math.max(w, min[i] ?? 0));
  const excess = out.reduce((a, b) => a + b, 0) - widths.reduce((a, b) => a + b, 0);
  if (excess <= 0) return out;
  const pool = out.reduce((a, w, i) => a + (flexible[i] ? w : 0), 0);
  if (pool <= excess) return out; // nothing sensible to take from: let the table run wide
  return out.map((w, i) => (flexible[i] ? w - (excess * w) / pool : w));
}
