// Charts of a report, drawn on the server: ECharts' server-side SVG renderer (no DOM, no canvas) for
// HTML and PDF, and resvg (a Rust rasteriser with a prebuilt binary) for the PNG that Word needs.
// Both are given the CJK font by name and by file, so Chinese labels never come out as boxes.

import { Resvg } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import type { ChartBlock } from '../document.js';
import { SANS_FAMILY, fontPath } from './fonts.js';

// ECharts' ESM type declarations do not resolve under NodeNext (extensionless re-exports), so the
// complete CommonJS build is loaded (every chart type and the SVG renderer) and typed here by the
// little of it the server uses.
interface SsrChart {
  setOption(option: Record<string, unknown>): void;
  renderToSVGString(): string;
  dispose(): void;
}
interface EChartsServer {
  init(dom: null, theme: null, opts: { renderer: 'svg'; ssr: true; width: number; height: number }): SsrChart;
}
const echarts = createRequire(import.meta.url)('echarts') as EChartsServer;

export const DEFAULT_CHART_WIDTH = 640;
export const DEFAULT_CHART_HEIGHT = 360;

/**
 * The font stack written into the SVG. resvg and the PDF take the first name (the embedded font); a
 * browser showing the HTML falls back to the reader's own Chinese sans fonts. Single quotes: ECharts
 * writes the stack into a double-quoted style attribute without escaping it.
 */
export const CHART_FONT_STACK = `'${SANS_FAMILY}', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif`;

/** A report's palette: sober colours that survive a grey-scale printer. */
const PALETTE = ['#3b6fb6', '#e07b39', '#5a9e5a', '#c94c4c', '#8064a2', '#4bacc6', '#9c8b5e', '#7f7f7f', '#d4a017', '#2f4f6f'];

export function chartSize(block: ChartBlock): { width: number; height: number } {
  return { width: block.width ?? DEFAULT_CHART_WIDTH, height: block.height ?? DEFAULT_CHART_HEIGHT };
}

/** The chart as a standalone SVG document (starts with `<svg`), sized in CSS pixels. */
export function chartToSvg(block: ChartBlock): string {
  const { width, height } = chartSize(block);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    // A document is printed once: no animation, so the first frame is the final one.
    chart.setOption({
      color: PALETTE,
      backgroundColor: '#ffffff',
      ...withoutCaptionTitle(block),
      animation: false,
      textStyle: { fontFamily: CHART_FONT_STACK, ...(asRecord(block.option.textStyle) ?? {}) },
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The chart as a PNG, `scale` times its CSS size (2 = crisp at print resolution in Word). resvg is
 * given only the packaged fonts, so the output does not depend on what the machine has installed.
 */
export function svgToPng(svg: string, width: number, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    background: '#ffffff',
    font: {
      fontFiles: [fontPath('sans'), fontPath('sansBold')],
      loadSystemFonts: false,
      defaultFontFamily: SANS_FAMILY,
      sansSerifFamily: SANS_FAMILY,
      serifFamily: SANS_FAMILY,
    },
  });
  const image = resvg.render();
  return opaquePng(image.pixels, image.width, image.height);
}

/**
 * An RGB PNG (no alpha channel) from resvg's RGBA pixels, composited on white. resvg only writes
 * RGBA; with an alpha channel pdfkit adds a soft mask, which some viewers render as a faint grey
 * box around the chart, and Word and PDF files carry the mask for nothing.
 */
export function opaquePng(rgba: Buffer, width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const o = y * stride + 1 + x * 3;
      const a = rgba[i + 3] ?? 255;
      for (let c = 0; c < 3; c++) raw[o + c] = Math.round(((rgba[i + c] ?? 255) * a + 255 * (255 - a)) / 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export interface ChartPng {
  png: Buffer;
  /** CSS size of the chart; the PNG has `scale` times as many pixels. */
  width: number;
  height: number;
}

/**
 * Rasterising costs about 0.1 s of CPU a chart (resvg lays out each label with a 10 MB font), so a
 * chart rendered for Word, PDF and Excel of the same document is drawn once: the PNG is kept
 * against the block object (a WeakMap, gone with the document). Do not mutate a block's option
 * after rendering it.
 */
const pngCache = new WeakMap<ChartBlock, Map<number, ChartPng>>();

/** The chart as PNG, 2× its CSS size by default (≈ 200 dpi at print size: crisp in Word and PDF). */
export function chartToPng(block: ChartBlock, scale = 2): ChartPng {
  let byScale = pngCache.get(block);
  const cached = byScale?.get(scale);
  if (cached) return cached;
  const { width, height } = chartSize(block);
  const result = { png: svgToPng(chartToSvg(block), width, scale), width, height };
  if (!byScale) pngCache.set(block, (byScale = new Map()));
  byScale.set(scale, result);
  return result;
}

/**
 * Every renderer prints the block's title as the figure's caption, in the document's font; an
 * ECharts title saying the same would print it twice, so it is dropped (another title is kept).
 */
function withoutCaptionTitle(block: ChartBlock): Record<string, unknown> {
  const { title, ...rest } = block.option;
  const texts = (Array.isArray(title) ? title : [title]).map((t) => asRecord(t)?.text);
  return texts.length === 1 && texts[0] === block.title ? rest : block.option;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
