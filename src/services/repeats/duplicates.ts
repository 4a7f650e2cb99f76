// Likely duplicates at intake (issue 5 §4): while the operator types, the tickets of the window
// (setting duplicates.windowDays) from the same caller, about the same place, or with a similar
// text, each with a score and its reasons in Chinese. The SQL keeps the candidate set small — a few
// indexed look-ups (caller, map point, address trigrams, subject), each bounded by the window, the
// caller's scope and a LIMIT — and the text is compared in TypeScript on that set only.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { hasRole } from '../../domain/actor.js';
import { forbidden } from '../../domain/errors.js';
import { checkPhone } from '../../domain/privacy.js';
import { OPEN_STATES, TICKET_STATE_LABELS, type TicketState } from '../../domain/tickets/machine.js';
import type { Db } from '../../db/connection.js';
import { bagOf, boxAround, cosine, distanceMetres, samePlace } from '../../text/similarity.js';
import { getSetting } from '../settings.js';
import { tokenizerFor } from '../text/tokenizer.js';
import { ticketVisibleTo, type TicketDeps } from '../tickets/context.js';
import { ADDRESS_TRIGRAM, addressProbe, COMPARED_CHARS, SAME_PLACE_METRES, textOf, withTrigramThreshold } from './repeats.js';

export interface DuplicateQuery {
  phone?: string | null;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  title?: string | null;
  content: string;
  subjectId?: number | null;
  /** The ticket being looked at (at dispatch): not its own duplicate. */
  excludeTicketId?: number | null;
}

export interface DuplicateCandidate {
  id: number;
  number: string;
  title: string;
  state: string;
  stateLabel: string;
  open: boolean;
  /** A master a new call may join (并单): open, or closed; not merged, invalid or archived. */
  canMerge: boolean;
  acceptedAt: string;
  subjectName: string | null;
  address: string | null;
  districtName: string | null;
  /** Masked (138****5678); the number itself never leaves the server. */
  callerPhone: string | null;
  /** 0–1: how likely the new call is this ticket's matter again. */
  score: number;
  /** Content-word cosine, 0–1. */
  textSimilarity: number;
  /** 同一来电人, 同一地点, 地址相近, 内容相似 82%, 同一分类. */
  reasons: string[];
  repeatCount: number;
}

export const DUPLICATE_WINDOW_DEFAULT = 30;
/** Text alone (no caller, no place) must be at least this alike to be shown. */
export const TEXT_ONLY_MIN = 0.35;
/** Below this, a shared caller or place is said without "内容相似". */
const TEXT_REASON_MIN = 0.2;
const PER_SOURCE = 50;
const SUBJECT_SOURCE = 100;
const SHOWN = 10;
const DAY_MS = 86_400_000;

interface Row {
  id: number;
  number: string;
  title: string;
  content: string;
  state: string;
  accepted_at: Date;
  subject_id: number | null;
  citizen_id: number | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  district_id: number | null;
  repeat_count: number;
  address_sim?: number | null;
}

const COLUMNS = ['tickets.id', 'tickets.number', 'tickets.title', 'tickets.content', 'tickets.state', 'tickets.accepted_at', 'tickets.subject_id', 'tickets.citizen_id',
  'tickets.address', 'tickets.lng', 'tickets.lat', 'tickets.district_id', 'tickets.repeat_count'] as const;

export async function findDuplicates(deps: TicketDeps, actor: Actor, q: DuplicateQuery, now: Date): Promise<{ windowDays: number; items: DuplicateCandidate[] }> {
  if (!hasRole(actor, 'operator', 'dispatcher')) throw forbidden('查找可能重复的工单');
  const { db } = deps;
  const windowDays = await getSetting(db, actor.platformId, 'duplicates.windowDays', DUPLICATE_WINDOW_DEFAULT);
  const since = new Date(now.getTime() - windowDays * DAY_MS);
  const phoneHash = q.phone?.trim() ? deps.vault.hash(checkPhone(q.phone, 'phone')) : null;
  const address = q.address?.trim() || null;
  const point = q.lng != null && q.lat != null ? { lng: q.lng, lat: q.lat } : null;

  // The look-ups run side by side on the pool; only the trigram one needs its own transaction (its threshold is set for it alone).
  const base = (on: Db = db) => {
    let b = on.selectFrom('tickets').select(COLUMNS).where('tickets.platform_id', '=', actor.platformId).where(ticketVisibleTo(actor))
      .where('tickets.accepted_at', '>=', since).where('tickets.state', '!=', 'invalid');
    if (q.excludeTicketId) b = b.where('tickets.id', '!=', q.excludeTicketId);
    return b;
  };
  const none = Promise.resolve([] as Row[]);
  const probe = addressProbe(address);
  const box = point && boxAround(point.lng, point.lat, SAME_PLACE_METRES);
  const rows = (await Promise.all([
    phoneHash ? base().where('tickets.citizen_id', 'in', (eb) => eb.selectFrom('citizens').select('citizens.id')
      .where('citizens.platform_id', '=', actor.platformId).where('citizens.phone_hash', '=', phoneHash))
      .orderBy('tickets.accepted_at', 'desc').limit(PER_SOURCE).execute() : none,
    point && box ? base().where('tickets.lng', 'is not', null).where('tickets.lat', 'is not', null)
      .where(sql<boolean>`point(tickets.lng, tickets.lat) <@ box(point(${point.lng - box.dLng}, ${point.lat - box.dLat}), point(${point.lng + box.dLng}, ${point.lat + box.dLat}))`)
      .orderBy('tickets.accepted_at', 'desc').limit(PER_SOURCE).execute() : none,
    probe ? db.transaction().execute((tx) => withTrigramThreshold(tx, ADDRESS_TRIGRAM, () => base(tx).where('tickets.address', 'is not', null)
      .where(sql<boolean>`tickets.address %> ${probe}`)
      .select(sql<number>`word_similarity(${probe}, tickets.address)`.as('address_sim'))
      .orderBy(sql`word_similarity(${probe}, tickets.address)`, 'desc').limit(PER_SOURCE).execute())) : none,
    q.subjectId ? base().where('tickets.subject_id', '=', q.subjectId).orderBy('tickets.accepted_at', 'desc').limit(SUBJECT_SOURCE).execute() : none,
  ])).flat() as Row[];
  const unique = new Map<number, Row>();
  for (const r of rows) unique.set(r.id, { ...unique.get(r.id), ...r, address_sim: r.address_sim ?? unique.get(r.id)?.address_sim ?? null });
  if (unique.size === 0) return { windowDays, items: [] };

  const tokenizer = await tokenizerFor(db, actor.platformId);
  const words = bagOf(tokenizer.words(`${q.title ?? ''} ${q.content.slice(0, COMPARED_CHARS)}`));
  const citizenIds = [...new Set([...unique.values()].map((r) => r.citizen_id).filter((x): x is number => x !== null))];
  const [callers, phones, subjects, districts] = await Promise.all([
    phoneHash && citizenIds.length
      ? db.selectFrom('citizens').select('id').where('platform_id', '=', actor.platformId).where('phone_hash', '=', phoneHash).execute() : [],
    citizenIds.length ? db.selectFrom('citizens').select(['id', 'phone_mask']).where('id', 'in', citizenIds).execute() : [],
    namesOf(db, 'subjects', [...unique.values()].map((r) => r.subject_id)),
    namesOf(db, 'units', [...unique.values()].map((r) => r.district_id)),
  ]);
  const callerIds = new Set(callers.map((c) => c.id));
  const masks = new Map(phones.map((c) => [c.id, c.phone_mask]));

  const items: DuplicateCandidate[] = [];
  for (const r of unique.values()) {
    const reasons: string[] = [];
    const parts: number[] = [];
    const sameCaller = r.citizen_id !== null && callerIds.has(r.citizen_id);
    if (sameCaller) {
      reasons.push('同一来电人');
      parts.push(0.5);
    }
    const metres = point && r.lng !== null && r.lat !== null ? distanceMetres(point.lng, point.lat, r.lng, r.lat) : null;
    if ((address && r.address && samePlace(address, r.address)) || (metres !== null && metres <= SAME_PLACE_METRES)) {
      reasons.push(metres !== null && metres <= SAME_PLACE_METRES ? `同一地点（相距约 ${Math.round(metres)} 米）` : '同一地点');
      parts.push(0.4);
    } else if ((r.address_sim ?? 0) >= ADDRESS_TRIGRAM) {
      reasons.push(`地址相近 ${Math.round((r.address_sim ?? 0) * 100)}%`);
      parts.push(0.2);
    }
    const text = cosine(words, bagOf(tokenizer.words(textOf(r))));
    if (reasons.length === 0 && text < TEXT_ONLY_MIN) continue;
    if (text >= TEXT_REASON_MIN) {
      reasons.push(`内容相似 ${Math.round(text * 100)}%`);
      parts.push(0.9 * text);
    }
    if (q.subjectId && r.subject_id === q.subjectId) {
      reasons.push('同一分类');
      parts.push(0.1);
    }
    // Independent pieces of evidence: each takes its share of what the others left unexplained.
    const score = 1 - parts.reduce((left, p) => left * (1 - p), 1);
    const state = r.state as TicketState;
    items.push({
      id: r.id, number: r.number, title: r.title, state: r.state, stateLabel: TICKET_STATE_LABELS[state] ?? r.state,
      open: OPEN_STATES.includes(state), canMerge: OPEN_STATES.includes(state) || state === 'closed', acceptedAt: r.accepted_at.toISOString(),
      subjectName: r.subject_id !== null ? subjects.get(r.subject_id) ?? null : null, address: r.address,
      districtName: r.district_id !== null ? districts.get(r.district_id) ?? null : null,
      callerPhone: r.citizen_id !== null ? masks.get(r.citizen_id) ?? null : null,
      score: Math.round(score * 100) / 100, textSimilarity: Math.round(text * 100) / 100, reasons, repeatCount: r.repeat_count,
    });
  }
  // Open tickets first (a call about a matter under way joins it), then the likeliest.
  items.sort((a, b) => Number(b.open) - Number(a.open) || b.score - a.score || b.acceptedAt.localeCompare(a.acceptedAt));
  return { windowDays, items: items.slice(0, SHOWN) };
}

async function namesOf(db: Db, table: 'subjects' | 'units', ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
