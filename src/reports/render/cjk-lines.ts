// Breaking Chinese prose into lines for the PDF, as Chinese typesetting does it: any two Chinese
// characters may part, a number or a Latin word stays whole ("11.90%"), closing punctuation never
// starts a line and opening punctuation never ends one (避头尾). pdfkit's own wrapper can break CJK
// but cannot justify it (it only stretches spaces, and Chinese has none), so the PDF renderer breaks
// the lines here and spreads each full line with character spacing. Pure: the width of a string is
// passed in.

/** Characters that may not begin a line: they stay with the unit before them. */
const NO_START = new Set([...'，。、；：？！）》」』】〕〉”’…—%‰·,.;:?!)]}']);
/** Characters that may not end a line: they stay with the unit after them. */
const NO_END = new Set([...'（《「『【〔〈“‘([{']);

/** The unbreakable pieces of a text, with 避头尾 applied. */
export function breakUnits(text: string): string[] {
  const raw = text.match(/[\u0021-\u007e\u00a0-\u024f]+|\s+|[\s\S]/gu) ?? [];
  const units: string[] = [];
  let carry = '';
  for (const piece of raw) {
    const single = [...piece].length === 1;
    if (single && NO_END.has(piece)) {
      carry += piece;
      continue;
    }
    const unit = carry + piece;
    carry = '';
    const last = units.length - 1;
    if (last >= 0 && single && NO_START.has(piece) && !/\s$/.test(units[last] ?? '')) {
      units[last] += unit;
    } else {
      units.push(unit);
    }
  }
  if (carry) units.push(carry);
  return units;
}

export interface Line {
  text: string;
  /** Width of the text as measured, before any justification. */
  width: number;
  /** The width it may take (the first line of a paragraph is shorter by its indent). */
  available: number;
  /** The paragraph's last line: left-aligned, never stretched. */
  last: boolean;
}

/**
 * Greedy line breaking: as many units as fit on each line; a unit wider than a whole line (a long
 * URL) is cut by character. Spaces at the start of a line are dropped.
 */
export function breakLines(text: string, width: number, measure: (s: string) => number, firstIndent = 0): Line[] {
  const lines: Line[] = [];
  let current = '';
  let currentWidth = 0;
  let available = width - firstIndent;

  const flush = () => {
    const trimmed = current.replace(/\s+$/u, '');
    lines.push({ text: trimmed, width: trimmed === current ? currentWidth : measure(trimmed), available, last: false });
    current = '';
    currentWidth = 0;
    available = width;
  };

  const add = (unit: string) => {
    if (!current && /^\s+$/u.test(unit)) return;
    const w = measure(unit);
    if (current && currentWidth + w > available + 0.01) flush();
    if (!current && w > available + 0.01 && [...unit].length > 1) {
      for (const ch of unit) add(ch);
      return;
    }
    if (!current && /^\s+$/u.test(unit)) return;
    current += unit;
    currentWidth += w;
  };

  for (const unit of breakUnits(text)) add(unit);
  if (current || lines.length === 0) flush();
  const lastLine = lines[lines.length - 1];
  if (lastLine) lastLine.last = true;
  return lines;
}

/**
 * Lines of a centred title, balanced: the narrowest measure that still needs no more lines, so a
 * two-line title breaks near its middle instead of leaving two characters on the second line.
 */
export function balancedLines(text: string, width: number, measure: (s: string) => number): Line[] {
  const full = breakLines(text, width, measure);
  if (full.length < 2) return full;
  let lo = width / full.length;
  let hi = width;
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    if (breakLines(text, mid, measure).length > full.length) lo = mid;
    else hi = mid;
  }
  return breakLines(text, hi, measure);
}
