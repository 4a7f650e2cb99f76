// The map's colour classes: 0 in grey, then up to five classes of a nice step (1, 2, 5 × 10ⁿ), in a
// sequential palette (blues for open tickets, reds for overdue ones), so the legend reads "1–20,
// 21–40 …" rather than arbitrary quantiles.
export type Metric = 'open' | 'overdue';

const PALETTES: Record<Metric, string[]> = {
  open: ['#dbe9f6', '#a6cbe3', '#6aaed6', '#3787c0', '#105ba4'],
  overdue: ['#fde0d2', '#fcab8f', '#f6704f', '#d42c24', '#9f0d14'],
};
export const ZERO_COLOR = '#e8ecf1';

export interface Scale {
  colorOf: (value: number) => string;
  classes: { label: string; color: string }[];
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export function classify(values: number[], metric: Metric): Scale {
  const palette = PALETTES[metric];
  const max = Math.max(0, ...values);
  if (max === 0) return { colorOf: () => ZERO_COLOR, classes: [{ label: '0', color: ZERO_COLOR }] };
  const step = niceStep(Math.max(1, max / palette.length));
  const count = Math.min(palette.length, Math.ceil(max / step));
  // With fewer classes than colours, use the darker end's spread evenly so the top class is dark.
  const colors = Array.from({ length: count }, (_, i) => palette[Math.round(count === 1 ? palette.length - 1 : (i * (palette.length - 1)) / (count - 1))]!);
  const classes = [{ label: '0', color: ZERO_COLOR }, ...colors.map((color, i) => {
    const lo = i * step + 1;
    const hi = (i + 1) * step;
    return { label: lo === hi ? String(lo) : `${lo}–${hi}`, color };
  })];
  return {
    colorOf: (v) => (v <= 0 ? ZERO_COLOR : colors[Math.min(count - 1, Math.floor((v - 1) / step))]!),
    classes,
  };
}
