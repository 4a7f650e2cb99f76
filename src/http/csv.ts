import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

/**
 * Sends a CSV download. A UTF-8 byte-order mark first, because Excel on a Chinese Windows reads a
 * CSV without one as GBK and shows the names garbled.
 */
export function sendCsv(reply: FastifyReply, filename: string, header: string[], rows: (string | number | boolean | null)[][]) {
  const body = '\uFEFF' + stringify([header, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))]);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(body);
}
