// The demo's call records (issue 6, 接通率 / 15秒接通率; docs/demo-data.md): every phone ticket was a
// call that was answered, and some callers hung up before anyone answered. Pure and seeded like the
// rest of the plan: the same tickets and seed give the same calls.
//
// Shape, an assumption (no seed gives call-centre figures): the busier the hour of day (the
// citizens' hour profile of the plan), the more callers give up and the longer they wait, so
// 接通率 runs from ~97% at night to ~90% at the morning peak and 15秒接通率 from ~90% to ~80%.
import { createRng, mix } from './history-world.js';
import type { SimTicket } from './history-engine.js';

/** One call: the ticket it became (plan-local id), or none when the caller hung up first. */
export interface SimCall {
  /** The phone ticket this call is about (its own call when answered, the one it neighbours when not). */
  ticket: number;
  /** 0 for the ticket's own (answered) call, 1, 2 … for the abandoned calls beside it. */
  index: number;
  answered: boolean;
  offered_at: Date;
  answered_at: Date | null;
  wait_seconds: number;
  talk_seconds: number;
}

const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/**
 * How busy each hour of the day is, 0 … 1: the plan's citizen hour profile (history-plan.ts HOURS,
 * from the teddy2020 message times), scaled by its peak.
 */
export function hourLoad(hours: readonly number[]): number[] {
  const peak = Math.max(...hours);
  return hours.map((h) => (peak > 0 ? h / peak : 0));
}

/** Share of offered calls abandoned in an hour of load `load` (0 … 1): 3% when quiet, 10% at the peak. */
export const abandonShare = (load: number): number => 0.03 + 0.07 * load;
/** Share of answered calls answered within 15 s: 90% when quiet, 80% at the peak. */
export const within15Share = (load: number): number => 0.9 - 0.1 * load;

/** The whole seconds of an exponential wait of the given mean, from `min` on, at most `max`. */
const expSeconds = (u: number, mean: number, min: number, max: number) => Math.min(max, min + Math.floor(-Math.log(Math.max(u, 1e-12)) * mean));

/**
 * The calls of a batch's tickets: one answered call ending when each phone ticket was accepted
 * (the operator takes it down during the call), and the abandoned calls around it, as many as the
 * hour's abandon share asks for on average.
 */
export function planCalls(tickets: readonly SimTicket[], seed: number, load: readonly number[]): SimCall[] {
  const calls: SimCall[] = [];
  for (const t of tickets) {
    if (t.channel !== 'phone') continue;
    const rng = createRng(mix(seed ^ 0xca11, t.local));
    const accepted = t.accepted_at.getTime();
    const hourLoadNow = load[Math.floor((accepted + SHANGHAI_OFFSET_MS) / HOUR_MS) % 24] ?? 0;
    // Answered: waited 1–15 s, or longer (from 16 s) when the queue was full; talked ~3 minutes.
    const wait = rng.chance(within15Share(hourLoadNow)) ? rng.int(1, 15) : expSeconds(rng.next(), 20 + 40 * hourLoadNow, 16, 900);
    const talk = Math.round(Math.min(1_800, Math.max(30, Math.exp(Math.log(180) + 0.6 * rng.normal()))));
    const answeredAt = accepted - talk * 1_000;
    calls.push({ ticket: t.local, index: 0, answered: true, offered_at: new Date(answeredAt - wait * 1_000), answered_at: new Date(answeredAt), wait_seconds: wait, talk_seconds: talk });
    // Abandoned beside it: share p of all offered calls means p / (1 − p) per answered one.
    const share = abandonShare(hourLoadNow);
    const expected = share / (1 - share);
    const n = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
    for (let k = 1; k <= n; k++) {
      const offered = accepted - rng.int(0, 1_800) * 1_000;
      calls.push({ ticket: t.local, index: k, answered: false, offered_at: new Date(offered), answered_at: null, wait_seconds: expSeconds(rng.next(), 35 + 40 * hourLoadNow, 3, 600), talk_seconds: 0 });
    }
  }
  return calls;
}

/** A call's id in call_records: unique per platform because the ticket's database id is. */
export const demoCallId = (ticketId: number, index: number): string => (index === 0 ? `demo-${ticketId}` : `demo-${ticketId}-${index}`);
