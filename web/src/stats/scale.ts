// The statistics map's colour classes for any figure: counts in classes of a nice step (as the
// leader's map, web/src/leader/scale.ts), rates in equal steps of whole percents between the
// smallest and the largest district, so the contrast shows where districts differ. Undefined (no
// ticket, a rate over 0) is grey and says so in the legend.
import type { FigureKey } from '../../../src/services/stats/types';
import { formatValue, isRate, lowerIsBetter } from './labels';

const BLUES = ['#dbe9f6', '#a6cbe3', '#6aaed6', '#3787c0', '#105ba4'];
const REDS = ['#fde0d2', '#fcab8f', '#f6704f', '#d42c24', '#9f0d14'];
/** Undefined or zero: a neutral grey, apart from the palette's pale end. */
export const NONE_COLOR = '#c9cdd3';

export interface FigureScale {
  colorOf: (value: number | null | undefined) => string;
  classes: { label: string; color: string }[];
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** Reds for figures where more is worse (超期, 退回…), blues otherwise. */
const paletteOf = (key: FigureKey) => (lowerIsBetter(key) ? REDS : BLUES);

export function figureScale(key: FigureKey, values: (number | null | undefined)[]): FigureScale {
  const palette = paletteOf(key);
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const none = { label: '无数据', color: NONE_COLOR };
  if (known.length === 0) return { colorOf: () => NONE_COLOR, classes: [none] };
  if (isRate(key)) {
    // Whole percents: 96%–97% …; one class when all districts are equal.
    const lo = Math.floor(Math.min(...known) * 100);
    const hi = Math.max(lo + 1, Math.ceil(Math.max(...known) * 100));
    const step = Math.max(1, Math.ceil((hi - lo) / palette.length));
    const count = Math.min(palette.length, Math.ceil((hi - lo) / step));
    const colors = Array.from({ length: count }, (_, i) => palette[Math.round(count === 1 ? palette.length - 1 : (i * (palette.length - 1)) / (count - 1))]!);
    const suffix = key === 'composite' ? '' : '%';
    return {
      colorOf: (v) => (typeof v !== 'number' || !Number.isFinite(v) ? NONE_COLOR : colors[Math.max(0, Math.min(count - 1, Math.floor((v * 100 - lo) / step)))]!),
      classes: [...colors.map((color, i) => ({ label: `${lo + i * step}${suffix}–${Math.min(hi, lo + (i + 1) * step)}${suffix}`, color })), none],
    };
  }
  const max = Math.max(0, ...known);
  if (max === 0) return { colorOf: () => NONE_COLOR, classes: [{ label: '0', color: NONE_COLOR }] };
  const step = niceStep(Math.max(1, max / palette.length));
  const count = Math.min(palette.length, Math.ceil(max / step));
  const colors = Array.from({ length: count }, (_, i) => palette[Math.round(count === 1 ? palette.length - 1 : (i * (palette.length - 1)) / (count - 1))]!);
  return {
    colorOf: (v) => (typeof v !== 'number' || v <= 0 ? NONE_COLOR : colors[Math.min(count - 1, Math.floor((v - 1) / step))]!),
    classes: [{ label: '0', color: NONE_COLOR }, ...colors.map((color, i) => {
      const a = i * step + 1;
      const b = (i + 1) * step;
      return { label: a === b ? formatValue(key, a) : `${formatValue(key, a)}–${formatValue(key, b)}`, color };
    })],
  };
}
