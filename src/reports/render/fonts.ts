// The CJK fonts the PDF and PNG renderers embed. They come from npm packages (Google's Noto Sans SC
// and Noto Serif SC, static TrueType instances packaged by @expo-google-fonts), never from the OS, so
// a report renders the same on a bare server, a developer's laptop and CI. Noto Serif SC stands in
// for 宋体/仿宋 (body text), Noto Sans SC for 黑体 (headings, chart labels).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Family names as written in the font files: an SVG's font-family must say the same for resvg. */
export const SANS_FAMILY = 'Noto Sans SC';
export const SERIF_FAMILY = 'Noto Serif SC';

export type FontRole = 'sans' | 'sansBold' | 'serif' | 'serifBold';

const FILES: Record<FontRole, string> = {
  sans: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  sansBold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  serif: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  serifBold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
};

/** If the serif package is ever dropped to save space, body text falls back to the sans font. */
const FALLBACK: Record<FontRole, FontRole | null> = { sans: null, sansBold: 'sans', serif: 'sans', serifBold: 'sansBold' };

const paths = new Map<FontRole, string>();
const buffers = new Map<FontRole, Buffer>();

/** Absolute path of the font file for a role, found inside node_modules. */
export function fontPath(role: FontRole): string {
  const known = paths.get(role);
  if (known) return known;
  let found: string;
  try {
    found = require.resolve(FILES[role]);
  } catch (err) {
    const fallback = FALLBACK[role];
    if (!fallback) {
      throw new Error(`CJK font not installed: ${FILES[role]} (run npm install)`, { cause: err });
    }
    found = fontPath(fallback);
  }
  paths.set(role, found);
  return found;
}

/** The font file's bytes, read once per process (each file is 10–15 MB; the PDF embeds a subset). */
export function fontBuffer(role: FontRole): Buffer {
  let buf = buffers.get(role);
  if (!buf) {
    buf = readFileSync(fontPath(role));
    buffers.set(role, buf);
  }
  return buf;
}
