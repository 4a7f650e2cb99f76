// Worker threads that cut the bulk loader's search words (jieba) while the main thread plans the
// next tickets and the database writes the last ones (docs/demo-data.md, "Search words").
//
// Each worker builds the same tokenizer as tokenizerFor (the platform's words and the configured
// word files, passed in as a list), so a ticket's tokens do not depend on which path cut them.
// The workers run the TypeScript sources through tsx, as bin/minsheng.js does for the main thread.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TicketText } from '../tickets/search-tokens.js';

interface Pending { resolve: (docs: string[]) => void; reject: (e: Error) => void }

const WORKER_URL = new URL(`./token-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/** The worker's entry: under tsx (sources) it registers tsx's loader first; compiled, it imports the file. */
function bootstrap(): string {
  if (!WORKER_URL.endsWith('.ts')) return `import(${JSON.stringify(WORKER_URL)})`;
  // tsx's ESM entry (its CommonJS twin, which require.resolve names, does not load from a worker).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`;
}

export class TokenPool {
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  private failed: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { id?: number; docs?: string[] }) => {
        if (m.id === undefined) return;
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.docs!);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => { if (code !== 0) this.fail(new Error(`token worker exited with code ${code}`)); });
    }
  }

  /** `size` workers, each with a tokenizer knowing `words`; resolves when all have built it. */
  static async start(words: readonly string[], size: number): Promise<TokenPool> {
    const code = bootstrap();
    const workers = Array.from({ length: Math.max(1, size) }, () => new Worker(code, { eval: true, workerData: { words } }));
    try {
      await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
        const ready = (m: { ready?: boolean }) => { if (m.ready) { w.off('message', ready); resolve(); } };
        w.on('message', ready);
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`token worker exited with code ${code} before it was ready`)));
      })));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new TokenPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** The search documents of `texts`, in order: one slice per worker. */
  async cut(texts: readonly TicketText[]): Promise<string[]> {
    if (this.failed) throw this.failed;
    const per = Math.ceil(texts.length / this.workers.length);
    const parts = this.workers.map((w, i) => {
      const slice = texts.slice(i * per, (i + 1) * per).map((t) => ({ title: t.title, content: t.content, address: t.address }));
      if (slice.length === 0) return Promise.resolve([] as string[]);
      const id = this.next++;
      return new Promise<string[]>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        w.postMessage({ id, texts: slice });
      });
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.fail(new Error('token pool closed'));
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
