// `npm run bench` (= `minsheng bench [intake] [history] [lists] [console]`): each benchmark on its own fresh embedded
// PostgreSQL, so one's rows never slow the other. Never part of `npm test`.
import { benchClassify } from './classify.js';
import { benchConsole } from './console.js';
import { benchDuplicates } from './duplicates.js';
import { benchHistory } from './history.js';
import { benchIntake } from './intake.js';
import { benchKnowledge } from './knowledge.js';
import { benchLists } from './lists.js';
import { benchReport } from './report.js';
import { benchSearch } from './search.js';
import { benchStats } from './stats.js';

export interface BenchOptions {
  intakeN?: number;
  historyN?: number;
  listsN?: number;
  consoleN?: number;
  searchN?: number;
  searchTexts?: string;
  concurrency?: number;
  /** Tickets under the duplicate finder (docs/repeats.md; default 200,000). */
  duplicatesN?: number;
  /** Texts in the classifier's synthetic city-sized training set (0 skips it). */
  classifyN?: number;
  /** history: comma-separated ways of writing search words (workers, inline, defer). */
  historySearch?: string;
  historyTexts?: string;
  /** stats, report: the kept city (bench/city.ts). */
  cityN?: number;
  cityYear?: number;
}

const BENCHES = {
  intake: (o: BenchOptions) => benchIntake({ n: o.intakeN, concurrency: o.concurrency }),
  history: (o: BenchOptions) => benchHistory({ n: o.historyN, search: o.historySearch, texts: o.historyTexts }),
  lists: (o: BenchOptions) => benchLists({ n: o.listsN }),
  console: (o: BenchOptions) => benchConsole({ n: o.consoleN }),
  duplicates: (o: BenchOptions) => benchDuplicates({ n: o.duplicatesN }),
  search: (o: BenchOptions) => benchSearch({ n: o.searchN, texts: o.searchTexts }),
  classify: (o: BenchOptions) => benchClassify({ n: o.classifyN }),
  knowledge: () => benchKnowledge(),
  stats: (o: BenchOptions) => benchStats({ n: o.cityN, year: o.cityYear }),
  report: (o: BenchOptions) => benchReport({ n: o.cityN, year: o.cityYear }),
} as const;

export async function runBench(names: string[], options: BenchOptions): Promise<void> {
  const chosen = names.length ? names : Object.keys(BENCHES);
  for (const name of chosen) {
    if (!(name in BENCHES)) throw new Error(`unknown benchmark "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
  }
  for (const name of chosen) await BENCHES[name as keyof typeof BENCHES](options);
}
