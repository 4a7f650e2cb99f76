// The caller's unit tree for the dispatch and handling forms, loaded once per signed-in user (the
// dispatcher opens one form after another; each need not fetch some 400 units again), with an
// index to name a unit by id and find the units below one.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api';
import { useAuth } from '../../auth';
import type { UnitNode } from '../../labels';
import { indexTree } from '../../tree';

const cache = new Map<string, Promise<UnitNode[]>>();

function loadTree(userKey: string): Promise<UnitNode[]> {
  let p = cache.get(userKey);
  if (!p) {
    p = api.get<{ tree: UnitNode[] }>('/api/units').then((r) => r.tree);
    p.catch(() => cache.delete(userKey)); // try again next time
    cache.set(userKey, p);
  }
  return p;
}

export interface UnitIndex {
  tree: UnitNode[] | undefined;
  error: unknown;
  /** The unit's name, or `单位 #id` while the tree loads (or for a unit outside the caller's tree). */
  name: (id: number | string | null | undefined) => string;
  node: (id: number | string | null | undefined) => UnitNode | undefined;
  /** The units directly below a unit (its children), or [] when it has none. */
  below: (id: number | string | null | undefined) => UnitNode[];
}

export function useUnitIndex(): UnitIndex {
  const { user } = useAuth();
  const key = String(user?.id ?? '');
  const [state, setState] = useState<{ key: string; tree?: UnitNode[]; error?: unknown }>({ key });
  useEffect(() => {
    let live = true;
    loadTree(key).then(
      (tree) => live && setState({ key, tree }),
      (error: unknown) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  const tree = state.key === key ? state.tree : undefined;
  const index = useMemo(() => indexTree(tree ?? []), [tree]);
  return useMemo<UnitIndex>(() => {
    const node = (id: number | string | null | undefined) => (id === null || id === undefined ? undefined : index.get(String(id))?.node);
    return {
      tree,
      error: state.key === key ? state.error : undefined,
      node,
      name: (id) => node(id)?.name ?? (id === null || id === undefined ? '—' : `单位 #${id}`),
      below: (id) => node(id)?.children ?? [],
    };
  }, [tree, index, state, key]);
}
