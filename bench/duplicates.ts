// 可能重复 at city scale (docs/repeats.md): POST /api/tickets/duplicates's service as the intake screen
// calls it — a real caller's phone, the address and subject and text of one of their tickets — over
// a bulk-loaded history, beside the plainest indexed read of the same caller's tickets on the same
// database; and the repeat rule's check as intake runs it.
import { sql } from 'kysely';
import type { Actor } from '../src/domain/actor.js';
import type { Role } from '../src/domain/roles.js';
import { sweepDeadlines } from '../src/jobs/sla-sweep.js';
import { seedHistory } from '../src/services/demo/history-seed.js';
import { findDuplicates } from '../src/services/repeats/duplicates.js';
import { checkRepeat, repeatSettings } from '../src/services/repeats/repeats.js';
import { tokenizerFor } from '../src/services/text/tokenizer.js';
import { benchDatabase, writeResult } from './support.js';

const say = (line: string) => console.log(`[bench duplicates] ${line}`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function benchDuplicates(options: { n?: number; samples?: number } = {}): Promise<void> {
  const n = options.n ?? 200_000;
  const samples = options.samples ?? 60;
  const bench = await benchDatabase(say);
  try {
    const { db, vault } = bench;
    const t0 = performance.now();
    await seedHistory(db, vault, { count: n, via: 'bulk', now: new Date(), sweep: sweepDeadlines });
    await sql`analyze`.execute(db);
    say(`${n.toLocaleString('en')} tickets bulk-loaded in ${Math.round((performance.now() - t0) / 1000)} s`);
    const u = await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id')
      .select(['users.id', 'users.platform_id', 'users.unit_id', 'users.roles', 'units.path']).where('users.username', '=', 'operator1').executeTakeFirstOrThrow();
    const operator: Actor = { userId: u.id, username: 'operator1', platformId: u.platform_id, unitId: u.unit_id, unitPath: u.path, roles: u.roles as Role[] };
    const span = await db.selectFrom('tickets').select([(eb) => eb.fn.min('accepted_at').as('first'), (eb) => eb.fn.max('accepted_at').as('last')]).executeTakeFirstOrThrow();
    const now = new Date(span.last as Date);
    // Calls like the ones of the last month: a ticket of the window with a caller and an address, taken as the new call.
    const picks = await db.selectFrom('tickets').innerJoin('citizens', 'citizens.id', 'tickets.citizen_id')
      .select(['tickets.id', 'tickets.citizen_id', 'tickets.title', 'tickets.content', 'tickets.address', 'tickets.lng', 'tickets.lat', 'tickets.subject_id', 'citizens.phone_enc'])
      .where('tickets.accepted_at', '>=', new Date(now.getTime() - 30 * 86_400_000)).where('tickets.address', 'is not', null).where('citizens.phone_enc', 'is not', null)
      .orderBy(sql`md5(tickets.id::text)`).limit(samples).execute();
    await tokenizerFor(db, 1);
    const dupMs: number[] = [];
    const rawMs: number[] = [];
    let shown = 0;
    for (const p of picks) {
      const q = { phone: vault.decrypt(p.phone_enc!), address: p.address, lng: p.lng, lat: p.lat, title: p.title, content: p.content, subjectId: p.subject_id, excludeTicketId: p.id };
      const a = performance.now();
      const out = await findDuplicates({ db, vault }, operator, q, now);
      dupMs.push(performance.now() - a);
      shown += out.items.length;
      const b = performance.now();
      await db.selectFrom('tickets').selectAll().where('citizen_id', '=', p.citizen_id).where('accepted_at', '>=', new Date(now.getTime() - 30 * 86_400_000)).limit(50).execute();
      rawMs.push(performance.now() - b);
    }
    // The repeat rule as intake runs it, rolled back so every sample sees the same table.
    const settings = await repeatSettings(db, 1);
    const tokenizer = await tokenizerFor(db, 1);
    const repeatMs: number[] = [];
    for (const p of picks.slice(0, 30)) {
      await db.transaction().execute(async (tx) => {
        const ticket = await tx.selectFrom('tickets').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
        const a = performance.now();
        await checkRepeat(tx, ticket, { system: 'bench', platformId: 1 }, now, tokenizer, settings);
        repeatMs.push(performance.now() - a);
        throw new Rollback();
      }).catch((e: unknown) => { if (!(e instanceof Rollback)) throw e; });
    }
    const window = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).where('accepted_at', '>=', new Date(now.getTime() - 30 * 86_400_000)).executeTakeFirstOrThrow();
    const result = {
      tickets: n, windowTickets: Number(window.n), samples: picks.length, meanShown: shown / Math.max(1, picks.length),
      duplicates: { p50: pct(dupMs, 0.5), p95: pct(dupMs, 0.95) }, rawCallerRead: { p50: pct(rawMs, 0.5), p95: pct(rawMs, 0.95) },
      repeatCheck: { p50: pct(repeatMs, 0.5), p95: pct(repeatMs, 0.95) },
    };
    const f = (x: number) => x.toFixed(1);
    const line = `duplicates: ${n.toLocaleString('en')} tickets (${result.windowTickets.toLocaleString('en')} in the 30-day window), finder p50 ${f(result.duplicates.p50)} ms / p95 ${f(result.duplicates.p95)} ms `
      + `(plain caller read p50 ${f(result.rawCallerRead.p50)} ms), repeat check p50 ${f(result.repeatCheck.p50)} ms / p95 ${f(result.repeatCheck.p95)} ms`;
    say(line);
    writeResult('duplicates', result, line);
  } finally {
    await bench.close();
  }
}

class Rollback extends Error {}
