// A worker thread of the bulk loader's token pool (token-pool.ts): builds the platform's tokenizer
// from the words it is given and answers each list of ticket texts with their search documents.
import { parentPort, workerData } from 'node:worker_threads';
import { Tokenizer } from '../../text/tokenizer.js';
import { searchDocument, type TicketText } from '../tickets/search-tokens.js';

const tokenizer = Tokenizer.create((workerData as { words: string[] }).words);
parentPort!.on('message', (m: { id: number; texts: TicketText[] }) => {
  parentPort!.postMessage({ id: m.id, docs: m.texts.map((t) => searchDocument(tokenizer, t)) });
});
parentPort!.postMessage({ ready: true });
