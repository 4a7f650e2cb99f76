// Helpers for the trees the API returns whole (units, subjects).
import type { Id } from './labels';

export interface TreeLike {
  id: Id;
  children?: TreeLike[];
}

export interface Indexed<T> {
  node: T;
  parent: T | null;
  /** Ancestors from the root down, excluding the node. */
  ancestors: T[];
}

export function indexTree<T extends TreeLike>(roots: readonly T[]): Map<string, Indexed<T>> {
  const map = new Map<string, Indexed<T>>();
  const walk = (nodes: readonly T[], ancestors: T[]) => {
    for (const node of nodes) {
      map.set(String(node.id), { node, parent: ancestors[ancestors.length - 1] ?? null, ancestors });
      if (node.children?.length) walk(node.children as T[], [...ancestors, node]);
    }
  };
  walk(roots, []);
  return map;
}

/**
 * Keeps the nodes that match and their ancestors (a match keeps its whole subtree).
 * Returns the pruned tree and the keys to expand so every match is visible.
 */
export function filterTree<T extends TreeLike>(roots: readonly T[], match: (node: T) => boolean): { roots: T[]; expanded: string[]; count: number } {
  const expanded: string[] = [];
  let count = 0;
  const visit = (nodes: readonly T[]): T[] => {
    const out: T[] = [];
    for (const node of nodes) {
      if (match(node)) {
        count += 1;
        out.push(node);
        continue;
      }
      const kids = node.children?.length ? visit(node.children as T[]) : [];
      if (kids.length > 0) {
        expanded.push(String(node.id));
        out.push({ ...node, children: kids });
      }
    }
    return out;
  };
  return { roots: visit(roots), expanded, count };
}

export function countNodes(roots: readonly TreeLike[] | undefined): number {
  let n = 0;
  const walk = (nodes: readonly TreeLike[]) => {
    for (const node of nodes) {
      n += 1;
      if (node.children) walk(node.children);
    }
  };
  if (roots) walk(roots);
  return n;
}

/** Keys of every node that has children, down to `depth` levels (0 = roots only). */
export function keysToDepth(roots: readonly TreeLike[], depth: number): string[] {
  const keys: string[] = [];
  const walk = (nodes: readonly TreeLike[], d: number) => {
    for (const node of nodes) {
      if (node.children?.length && d <= depth) {
        keys.push(String(node.id));
        walk(node.children, d + 1);
      }
    }
  };
  walk(roots, 0);
  return keys;
}
