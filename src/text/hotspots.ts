// Hotspots (DOMAIN.md §9, issue 5 §5): clusters of messages about ONE place or ONE group in a time
// window, ranked by a heat index. Pure: the caller reads the CSV or the tickets and passes items.
//
// How messages are grouped, and why:
//  - Each message is a TF-IDF vector of its content words (the platform's one tokenizer; title words
//    count double, since a short title names the place and the matter; body words add the context).
//  - Candidate pairs come from an inverted index over the title's *anchor* words: words rare enough
//    (document frequency ≤ anchorMaxDf) to name one place or one group (魅力之城, 丽发, 经济学院,
//    58车贷). Common words (小区, 噪音, 物业) never generate pairs, so the work stays near-linear on
//    4,000+ messages instead of O(n²), and two messages are only compared when their titles share
//    a specific word: that is what keeps a cluster about ONE place.
//  - Two messages are linked when their cosine similarity is at least `threshold`; clusters are the
//    connected components (union-find). A component larger than a single place would be (chaining
//    through generic pairs) is rare because links need a shared anchor.
//  - A cluster's place or group is read from the members' titles: the longest substring found in
//    most of them (e.g. 魅力之城小区), with the administrative prefix most of them carry (A市A5区).
import type { Tokenizer } from './tokenizer.js';

export interface HotspotItem {
  id: string;
  title: string;
  /** Body text (留言详情, the ticket's content). */
  text: string;
  time: Date;
  /** Who wrote it (留言用户, the citizen's id): distinct writers make an issue hotter than one writer's repeats. */
  user?: string | null;
  /** Support and opposition (点赞数 + 反对数): either is attention paid by other citizens. */
  votes?: number;
  /** A place the caller already knows (a ticket's address or district): preferred over the title's. */
  place?: string | null;
}

export interface HotspotOptions {
  /** Minimum cosine similarity of two linked messages. */
  threshold?: number;
  /** A title word in more than this share of messages is too common to anchor a cluster. */
  anchorMaxShare?: number;
  /** Minimum cosine similarity of two groups' centroids for the second, merging pass. */
  mergeThreshold?: number;
  /** Clusters smaller than this are not hotspots. */
  minSize?: number;
  /** The analysis window [from, to]; growth compares its later half with its earlier half. Default: the items' own range. */
  window?: { from: Date; to: Date };
}

export interface HeatParts {
  /** Each in [0,1], before weighting (see HEAT_WEIGHTS). */
  count: number;
  citizens: number;
  concentration: number;
  growth: number;
  votes: number;
}

export interface Hotspot {
  /** 1-based rank by heat. */
  rank: number;
  /** 0–100. */
  heat: number;
  parts: HeatParts;
  /** The place or group: "A市A5区魅力之城小区", "A市经济学院". */
  place: string;
  /** The common matter: the most central title. */
  description: string;
  /** The most characteristic words of the cluster. */
  keywords: string[];
  from: Date;
  to: Date;
  /** Member ids, oldest first. */
  ids: string[];
  size: number;
  citizens: number;
  votes: number;
}

/**
 * The heat index, 0–100: a weighted sum of five parts, each scaled to [0,1].
 *   count         = ln(1+n) / ln(1+N)          n messages, a writer's counted at most twice; N the largest n
 *   citizens      = ln(1+u) / ln(1+U)          u distinct writers (a writer's repeats count once)
 *   concentration = 1 / (1 + span_days / 30)   a month-long burst is hotter than the same count over a year
 *   growth        = later / n                  share of the messages in the later half of the window
 *   votes         = ln(1+v) / ln(1+V)          v = Σ(点赞数 + 反对数); 0 when no votes are known
 *   heat = 100 × (0.35 count + 0.25 citizens + 0.15 concentration + 0.10 growth + 0.15 votes)
 * Logarithms so that one huge cluster does not flatten every other; the largest values are taken over
 * the clusters being ranked, so heat compares issues of the same window.
 */
export const HEAT_WEIGHTS = { count: 0.35, citizens: 0.25, concentration: 0.15, growth: 0.10, votes: 0.15 } as const;

const DAY = 86_400_000;
const REPEATS_COUNTED = 2;
const SMALL_BATCH = 300;

/** Administrative prefixes (A市, A5区, A7县, 西地省): too broad to be a hotspot's place on their own. */
const ADMIN = /^(?:[a-z]\d*(?:市|区|县|省)|西地省|[\u4e00-\u9fa5]{1,3}(?:省|市|县))$/u;
const ADMIN_PREFIX = /^(?:(?:[A-Za-z]\d*|[\u4e00-\u9fa5]{2,3})(?:省|市|区|县))+/u;

interface Doc {
  item: HotspotItem;
  vector: Map<string, number>;
  anchors: string[];
}

/** Finds the hotspots among `items`, hottest first. */
export function findHotspots(tokenizer: Tokenizer, items: readonly HotspotItem[], options: HotspotOptions = {}): Hotspot[] {
  const threshold = options.threshold ?? 0.3;
  const minSize = options.minSize ?? 3;
  if (items.length === 0) return [];
  const titles = items.map((it) => unique([...tokenizer.words(it.title), ...titleBigrams(it.title)]));
  const bodies = items.map((it) => tokenizer.words(it.text));
  const n = items.length;

  // Document frequency over title ∪ body words, for the IDF; title-only frequency for the anchors.
  const df = new Map<string, number>();
  const titleDf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    for (const w of new Set([...titles[i]!, ...bodies[i]!])) df.set(w, (df.get(w) ?? 0) + 1);
    for (const w of titles[i]!) titleDf.set(w, (titleDf.get(w) ?? 0) + 1);
  }
  // A small batch (a few hundred tickets) is compared whole: a word in a tenth of it may still name one place.
  const anchorMaxDf = n <= SMALL_BATCH ? n : Math.max(5, Math.floor((options.anchorMaxShare ?? 0.01) * n));
  const docs: Doc[] = items.map((item, i) => {
    const tf = new Map<string, number>();
    for (const w of titles[i]!) tf.set(w, (tf.get(w) ?? 0) + 2);
    for (const w of bodies[i]!) tf.set(w, (tf.get(w) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [w, f] of tf) {
      const v = (1 + Math.log(f)) * Math.log((n + 1) / ((df.get(w) ?? 0) + 1) + 1);
      vector.set(w, v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, v] of vector) vector.set(w, v / norm);
    const anchors = titles[i]!.filter((w) => !ADMIN.test(w) && !ADMIN_BIGRAM.test(w.slice(1)) && (titleDf.get(w) ?? 0) >= 2 && (titleDf.get(w) ?? 0) <= anchorMaxDf);
    return { item, vector, anchors };
  });

  // Inverted index over anchors → candidate pairs → links → components.
  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => d.anchors.forEach((a) => (postings.get(a) ?? postings.set(a, []).get(a)!).push(i)));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const seen = new Set<number>();
  for (const list of postings.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!, j = list[y]!;
        const key = i * n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        if (find(i) === find(j)) continue;
        if (cosine(docs[i]!.vector, docs[j]!.vector) >= threshold) parent[find(i)] = find(j);
      }
    }
  }
  mergeSimilarGroups(docs, find, parent, options.mergeThreshold ?? 0.3);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) (groups.get(find(i)) ?? groups.set(find(i), []).get(find(i))!).push(i);
  const clusters = [...groups.values()].filter((g) => g.length >= minSize)
    .map((g) => keepOnePlace(g, items, titles)).filter((g) => g.length >= minSize);
  if (clusters.length === 0) return [];

  const times = items.map((it) => it.time.getTime());
  const from = options.window?.from.getTime() ?? Math.min(...times);
  const to = options.window?.to.getTime() ?? Math.max(...times);
  const middle = from + (to - from) / 2;

  const raw = clusters.map((members) => {
    const ms = members.map((i) => times[i]!);
    const perUser = new Map<string, number>();
    for (const i of members) {
      const u = items[i]!.user?.trim() || `#${items[i]!.id}`;
      perUser.set(u, (perUser.get(u) ?? 0) + 1);
    }
    const users = perUser;
    // A writer's repeats beyond REPEATS_COUNTED add nothing: one person posting 60 times is not 60 voices.
    const effective = [...perUser.values()].reduce((s, k) => s + Math.min(k, REPEATS_COUNTED), 0);
    const votes = members.reduce((s, i) => s + Math.max(0, items[i]!.votes ?? 0), 0);
    const later = members.filter((i) => times[i]! > middle).length;
    return { members, effective, first: Math.min(...ms), last: Math.max(...ms), citizens: users.size, votes, later };
  });
  const maxN = Math.max(...raw.map((c) => c.effective));
  const maxU = Math.max(...raw.map((c) => c.citizens));
  const maxV = Math.max(...raw.map((c) => c.votes));
  const scaled = (v: number, max: number) => (max > 0 ? Math.log1p(v) / Math.log1p(max) : 0);

  const hotspots = raw.map((c): Hotspot => {
    const spanDays = (c.last - c.first) / DAY;
    const parts: HeatParts = {
      count: scaled(c.effective, maxN),
      citizens: scaled(c.citizens, maxU),
      concentration: 1 / (1 + spanDays / 30),
      growth: c.later / c.members.length,
      votes: scaled(c.votes, maxV),
    };
    const heat = 100 * (HEAT_WEIGHTS.count * parts.count + HEAT_WEIGHTS.citizens * parts.citizens + HEAT_WEIGHTS.concentration * parts.concentration
      + HEAT_WEIGHTS.growth * parts.growth + HEAT_WEIGHTS.votes * parts.votes);
    const ordered = [...c.members].sort((a, b) => times[a]! - times[b]! || items[a]!.id.localeCompare(items[b]!.id));
    const memberItems = ordered.map((i) => items[i]!);
    return {
      rank: 0,
      heat: Math.round(heat * 100) / 100,
      parts,
      place: clusterPlace(memberItems),
      description: centralTitle(ordered.map((i) => docs[i]!)),
      keywords: topWords(ordered.map((i) => docs[i]!.vector), 6),
      from: new Date(c.first),
      to: new Date(c.last),
      ids: memberItems.map((it) => it.id),
      size: c.members.length,
      citizens: c.citizens,
      votes: c.votes,
    };
  });
  hotspots.sort((a, b) => b.heat - a.heat || b.size - a.size || a.ids[0]!.localeCompare(b.ids[0]!));
  hotspots.forEach((h, i) => (h.rank = i + 1));
  return hotspots;
}

/**
 * Second pass: groups (2+ messages) that share an anchor and whose centroids are close are one
 * issue told in two ways (58车贷 "立案无进展" and "严惩保护伞"): their members rarely pass the
 * pairwise threshold, their centroids do. Groups are few, so comparing them pairwise is cheap.
 */
function mergeSimilarGroups(docs: readonly Doc[], find: (i: number) => number, parent: number[], threshold: number): void {
  const members = new Map<number, number[]>();
  docs.forEach((_, i) => (members.get(find(i)) ?? members.set(find(i), []).get(find(i))!).push(i));
  const groups = [...members.entries()].filter(([, m]) => m.length >= 2);
  const centroids = new Map<number, Map<string, number>>();
  const byAnchor = new Map<string, number[]>();
  for (const [root, m] of groups) {
    const c = new Map<string, number>();
    const anchors = new Set<string>();
    for (const i of m) {
      for (const [w, v] of docs[i]!.vector) c.set(w, (c.get(w) ?? 0) + v);
      for (const a of docs[i]!.anchors) anchors.add(a);
    }
    const norm = Math.sqrt([...c.values()].reduce((s, v) => s + v * v, 0)) || 1;
    for (const [w, v] of c) c.set(w, v / norm);
    centroids.set(root, c);
    for (const a of anchors) (byAnchor.get(a) ?? byAnchor.set(a, []).get(a)!).push(root);
  }
  const tried = new Set<string>();
  for (const roots of byAnchor.values()) {
    for (let x = 0; x < roots.length; x++) {
      for (let y = x + 1; y < roots.length; y++) {
        const a = roots[x]!, b = roots[y]!;
        const key = a < b ? `${a}:${b}` : `${b}:${a}`;
        if (tried.has(key)) continue;
        tried.add(key);
        if (find(a) !== find(b) && cosine(centroids.get(a)!, centroids.get(b)!) >= threshold) parent[find(a)] = find(b);
      }
    }
  }
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [w, v] of small) {
    const u = large.get(w);
    if (u !== undefined) s += v * u;
  }
  return s;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * The title's character bigrams (marked with a leading "#"), past the administrative prefix. Word
 * cuts of unknown names vary (魅力之城 → 魅力/城 or 魅力/之城近; 58车贷案 → 车/贷案), the characters
 * do not, so bigrams both anchor and weigh the names jieba does not know.
 */
export function titleBigrams(title: string): string[] {
  const out: string[] = [];
  for (const run of title.normalize('NFKC').toLowerCase().split(/[^\p{Script=Han}a-z0-9]+/u)) {
    const chars = [...run.replace(ADMIN_PREFIX_LOWER, '')];
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i]! + chars[i + 1]!;
      if (!/^[a-z]\d*$|^\d+$/.test(bigram) && !ADMIN_BIGRAM.test(bigram)) out.push('#' + bigram);
    }
  }
  return out;
}

const ADMIN_PREFIX_LOWER = /^(?:(?:[a-z]\d*|[\u4e00-\u9fa5]{2,3})(?:省|市|区|县))+/u;
/** Bigrams of the anonymised administrative names (a市, 5区, 地省) say nothing about a place. */
const ADMIN_BIGRAM = /^(?:[a-z0-9][市区县省]|西地|地省)$/u;

/** The member whose vector is closest to the cluster's centroid: its title says what the cluster is about. */
function centralTitle(docs: readonly Doc[]): string {
  const centroid = new Map<string, number>();
  for (const d of docs) for (const [w, v] of d.vector) centroid.set(w, (centroid.get(w) ?? 0) + v);
  let best = docs[0]!, bestScore = -1;
  for (const d of docs) {
    const s = cosine(d.vector, centroid);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return best.item.title.trim();
}

function topWords(vectors: readonly Map<string, number>[], k: number): string[] {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [w, x] of v) sum.set(w, (sum.get(w) ?? 0) + x);
  return [...sum].filter(([w]) => !w.startsWith('#') && !ADMIN.test(w)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, k).map(([w]) => w);
}

/** The endings of place and group names. */
const PLACE_END = /(?:小区|花园|家园|新城|新村|公馆|广场|大厦|公寓|苑|城|府|园|湾|庭|院|路|街|道|大道|巷|桥|镇|乡|村|社区|街道|学校|学院|大学|中学|小学|幼儿园|医院|公司|集团|市场|项目|工地|车站|站|线|公园|车贷|学生|业主|职工|员工|教师|司机|商户)$/u;
/** A substring that starts or ends inside a phrase rather than a name. */
const PHRASE_EDGE = /^[的了在和与及是被将把要何]|[的了在和与及是被将把要何时]$/u;

/** Words around a place that are not part of its name (反映A市…的问题). */
const LEAD = /^(?:关于|反映|投诉|举报|咨询|建议|请问|请求|希望|要求|强烈|严惩|质疑|求助|恳请|请|对|在|为|给|的)+/u;

/**
 * The place or group the members share. A caller-known place (a ticket's address) wins when most
 * members agree on it; otherwise the longest substring (≥ 2 characters, past the administrative
 * prefix) found in at least half of the titles, behind the administrative prefix most of them carry.
 */
export function clusterPlace(items: readonly HotspotItem[]): string {
  const known = majority(items.map((it) => it.place?.trim() || null));
  if (known) return known;
  const { prefix, core } = placeParts(items);
  return normalizePlace(core ? prefix + core : prefix || items[0]!.title.trim());
}

/**
 * A cluster is about ONE place: when most titles name a place (core ending like 小区, 园, 路),
 * a member that names another place of its own in its title (润芳园小区 among 魅力之城小区 copies of the
 * same wording) is let go, while members that name no other place (投诉小区附近搅拌站噪音扰民) stay.
 */
function keepOnePlace(members: number[], items: readonly HotspotItem[], titleWords: readonly string[][]): number[] {
  if (members.some((i) => items[i]!.place)) return members;
  const { core } = placeParts(members.map((i) => items[i]!));
  if (!core || !PLACE_END.test(core)) return members;
  const carries = (i: number) => items[i]!.title.normalize('NFKC').includes(core);
  const known = new Set(members.filter(carries).flatMap((i) => titleWords[i]!));
  return members.filter((i) => carries(i)
    || !titleWords[i]!.some((w) => !w.startsWith('#') && [...w].length >= 3 && PLACE_END.test(w) && !ADMIN.test(w) && !known.has(w) && !core.includes(w)));
}

function placeParts(items: readonly HotspotItem[]): { prefix: string; core: string } {
  const titles = items.map((it) => it.title.normalize('NFKC').replace(/\s+/g, '').replace(LEAD, ''));
  const need = Math.max(2, Math.ceil(items.length / 2));
  const counts = new Map<string, number>();
  for (const t of titles) {
    const rest = t.replace(ADMIN_PREFIX, '').replace(LEAD, '');
    const subs = new Set<string>();
    const chars = [...rest];
    for (let i = 0; i < chars.length; i++) {
      for (let len = 2; len <= 14 && i + len <= chars.length; len++) subs.add(chars.slice(i, i + len).join(''));
    }
    for (const s of subs) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  // Longer names and names most titles carry both count; a name ending like a place (小区, 路, 学院)
  // is preferred over a phrase of the same weight (郝家坪小学 over 郝家坪小学何时).
  let best = '', bestScore = 0;
  for (const [s, c] of counts) {
    if (c < need || /[，,。.！!？?、：:；;（）()“”"《》\s]/u.test(s) || PHRASE_EDGE.test(s)) continue;
    const coverage = c / items.length;
    const score = [...s].length * coverage * coverage * (PLACE_END.test(s) ? 1.5 : 1);
    if (score > bestScore || (score === bestScore && s < best)) [best, bestScore] = [s, score];
  }
  const prefixes = titles.map((t) => t.match(ADMIN_PREFIX)?.[0] ?? null);
  const prefix = longestCommonPrefixMajority(prefixes);
  return { prefix, core: best.replace(ADMIN_PREFIX, '') };
}

function majority(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top && top[1] * 2 > values.length ? top[0] : null;
}

/** The administrative prefix carried by most titles; when they disagree, the shared part (A市A5区 vs A市 → A市). */
function longestCommonPrefixMajority(prefixes: readonly (string | null)[]): string {
  const present = prefixes.filter((p): p is string => !!p);
  if (present.length === 0) return '';
  const top = majority(present);
  if (top) return top;
  // With the city alone the commonest, say the city; otherwise the most frequent full prefix's first unit.
  const firsts = present.map((p) => p.match(/^(?:[A-Za-z]\d*|[\u4e00-\u9fa5]{2,3})(?:省|市|区|县)/u)?.[0] ?? p);
  return majority(firsts) ?? '';
}

/** Trims joints that a substring may keep at its edges (的, 和, trailing 问题). */
function normalizePlace(s: string): string {
  return s.normalize('NFKC').replace(/^[的和与及]+|[的和与及在是]+$/u, '') || s;
}
