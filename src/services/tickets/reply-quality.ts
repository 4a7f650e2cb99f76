// Scoring a unit's reply in the reply's own transaction (issue 5 §6): the platform's tokenizer and
// the administrator's 疑似敷衍 threshold, the pure scorer in src/text/reply-quality.ts, and the
// columns and event data the result is kept in (docs/reply-quality.md).
import type { Assignment } from '../../db/schema.js';
import { DEFAULT_PERFUNCTORY_BELOW, replyFlagsOf, scoreReply, type ReplyScores } from '../../text/reply-quality.js';
import { tokenizerFor } from '../text/tokenizer.js';
import type { Frame } from './context.js';
import { setting } from './helpers.js';

export const PERFUNCTORY_SETTING = 'replyQuality.perfunctoryBelow';

export interface ReplyQualityOf {
  columns: { reply_relevance: number; reply_completeness: number; reply_explanation: number; reply_flags: string[] };
  /** For the `replied` event, so each reply's scores stay in the history after a later reply overwrites the columns. */
  event: { relevance: number; completeness: number; explanation: number; flags: string[] };
  scores: ReplyScores;
}

export async function replyQualityOf(f: Frame, reply: { result: string; measures: string | null; basis: string | null; contacted: boolean }): Promise<ReplyQualityOf> {
  const [tokenizer, perfunctoryBelow] = await Promise.all([
    tokenizerFor(f.tx, f.ticket.platform_id),
    setting(f, PERFUNCTORY_SETTING, DEFAULT_PERFUNCTORY_BELOW),
  ]);
  const scores = scoreReply(tokenizer, { title: f.ticket.title, content: f.ticket.content },
    { text: reply.result, measures: reply.measures, basis: reply.basis, contacted: reply.contacted }, { perfunctoryBelow });
  const flags = scores.flags.map((x) => x.code);
  return {
    columns: { reply_relevance: scores.relevance, reply_completeness: scores.completeness, reply_explanation: scores.explanation, reply_flags: flags },
    event: { relevance: scores.relevance, completeness: scores.completeness, explanation: scores.explanation, flags },
    scores,
  };
}

export interface ReplyQualityView {
  relevance: number;
  completeness: number;
  explanation: number;
  /** The 疑似敷衍 flag is among the flags. */
  perfunctory: boolean;
  flags: { code: string; label: string }[];
}

/** The stored scores as the console shows them (labels from the codes), or null when the reply has none. */
export function replyQualityView(a: Pick<Assignment, 'reply_relevance' | 'reply_completeness' | 'reply_explanation' | 'reply_flags'>): ReplyQualityView | null {
  if (a.reply_relevance === null || a.reply_completeness === null || a.reply_explanation === null) return null;
  const flags = replyFlagsOf(a.reply_flags ?? []);
  return { relevance: a.reply_relevance, completeness: a.reply_completeness, explanation: a.reply_explanation, perfunctory: flags.some((x) => x.code === 'perfunctory'), flags };
}
