// The platform's code lists (诉求类型, 来源渠道, 紧急程度) and subject tree, loaded once per session
// and shared by every ticket screen; names fall back to the code while they load.
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { Code, SubjectNode } from '../labels';

export interface Codes {
  types: Code[];
  channels: Code[];
  urgencies: Code[];
  subjects: SubjectNode[];
}

let cache: Promise<Codes> | null = null;

function loadCodes(): Promise<Codes> {
  cache ??= Promise.all([
    api.get<{ items: Code[] }>('/api/catalogue/types'),
    api.get<{ items: Code[] }>('/api/catalogue/channels'),
    api.get<{ items: Code[] }>('/api/catalogue/urgencies'),
    api.get<{ tree: SubjectNode[] }>('/api/catalogue/subjects'),
  ]).then(([t, c, u, s]) => ({ types: t.items, channels: c.items, urgencies: u.items, subjects: s.tree })).catch((e: unknown) => {
    cache = null; // try again next time
    throw e;
  });
  return cache;
}

/** Forget the cached lists (after logout, or an administrator's edit). */
export function resetCodes(): void {
  cache = null;
}

const EMPTY: Codes = { types: [], channels: [], urgencies: [], subjects: [] };

export function useCodes(): Codes & { name: (list: 'types' | 'channels' | 'urgencies', code: string) => string; ready: boolean } {
  const [codes, setCodes] = useState<Codes | null>(null);
  useEffect(() => {
    let live = true;
    loadCodes().then((c) => live && setCodes(c), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const c = codes ?? EMPTY;
  return { ...c, ready: codes !== null, name: (list, code) => c[list].find((x) => x.code === code)?.name ?? code };
}
