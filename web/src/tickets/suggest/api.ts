// 智能推荐: what POST /api/suggestions answers (src/services/suggest/suggest.ts), loaded as the
// text settles: the newest request wins, an older answer arriving late is dropped.
import { useEffect, useState } from 'react';
import { request } from '../../api';
import type { Suggestions } from '../../../../src/services/suggest/suggest';

export type { Suggestions, SubjectSuggestion, TypeSuggestion, UnitSuggestion } from '../../../../src/services/suggest/suggest';

export interface SuggestBody {
  ticketId?: number;
  title?: string | null;
  content?: string | null;
  address?: string | null;
  subjectId?: number | null;
}

/** Suggestions for `body` (null: nothing to ask yet). Errors leave the panel empty: suggestions are a help, never a blocker. */
export function useSuggestions(body: SuggestBody | null): { data: Suggestions | null; loading: boolean } {
  const key = body === null ? null : JSON.stringify(body);
  const [state, setState] = useState<{ key: string; data: Suggestions | null } | null>(null);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    request<Suggestions>('/api/suggestions', { method: 'POST', body: JSON.parse(key) as SuggestBody, signal: controller.signal }).then(
      (data) => !controller.signal.aborted && setState({ key, data }),
      () => !controller.signal.aborted && setState({ key, data: null }),
    );
    return () => controller.abort();
  }, [key]);
  if (key === null) return { data: null, loading: false };
  return { data: state?.data ?? null, loading: state?.key !== key };
}

/** 58%; below one percent "<1%" (a model unsure among hundreds of units must not read as 0%). */
export const percent = (p: number): string => (p < 0.01 ? '<1%' : `${Math.round(p * 100)}%`);

/** Below this the chip is shown dimmed and says the model is unsure. */
export const UNSURE = 0.1;
