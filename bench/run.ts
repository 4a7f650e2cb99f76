// `npm run bench` (= `minsheng bench [intake] [history] [lists] [console]`): each benchmark on its own fresh embedded
// PostgreSQL, so one's rows never slow the other. Never part of `npm test`.
import { benchConsole } from './console.js';
import { benchHistory } from './history.js';
import { benchIntake } from './intake.js';
import { benchLists } from './lists.js';

export interface BenchOptions {
  intakeN?: number;
  historyN?: number;
  listsN?: number;
  consoleN?: number;
  concurrency?: number;
}

const BENCHES = {
  intake: (o: BenchOptions) => benchIntake({ n: o.intakeN, concurrency: o.concurrency }),
  history: (o: BenchOptions) => benchHistory({ n: o.historyN }),
  lists: (o: BenchOptions) => benchLists({ n: o.listsN }),
  console: (o: BenchOptions) => benchConsole({ n: o.consoleN }),
} as const;

export async function runBench(names: string[], options: BenchOptions): Promise<void> {
  const chosen = names.length ? names : Object.keys(BENCHES);
  for (const name of chosen) {
    if (!(name in BENCHES)) throw new Error(`unknown benchmark "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
  }
  for (const name of chosen) await BENCHES[name as keyof typeof BENCHES](options);
}
