// Writes the sample report (src/reports/render/sample.ts) in every format, to look at the outputs:
//   npx tsx scripts/render-sample-report.ts [out-dir]      (default: $TMPDIR/minsheng-report-sample)
// then e.g. `pdftoppm -png -r 60 out/sample.pdf out/page` and open the PNGs, or the .docx in Word.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FORMAT_INFO, REPORT_FORMATS, renderReport } from '../src/reports/render/index.js';
import { chartToPng } from '../src/reports/render/charts.js';
import { sampleReport } from '../src/reports/render/sample.js';

const out = resolve(process.argv[2] ?? join(tmpdir(), 'minsheng-report-sample'));
mkdirSync(out, { recursive: true });
const doc = sampleReport();

for (const format of REPORT_FORMATS) {
  const started = performance.now();
  const buf = await renderReport(doc, format);
  const file = join(out, `sample.${FORMAT_INFO[format].extension}`);
  writeFileSync(file, buf);
  console.log(`${format.padEnd(5)} ${String(buf.length).padStart(9)} bytes  ${(performance.now() - started).toFixed(0).padStart(5)} ms  ${file}`);
}
// The chart PNGs as Word receives them.
doc.blocks.forEach((block, i) => {
  if (block.kind !== 'chart') return;
  const file = join(out, `chart-${i}.png`);
  writeFileSync(file, chartToPng(block).png);
  console.log(`chart ${file}`);
});
