/** Nests rows (already sorted the way siblings should appear) by parentId. Orphans become roots. */
export function buildTree<T extends { id: number; parentId: number | null }>(rows: readonly T[]): (T & { children: TreeNode<T>[] })[] {
  const nodes = new Map<number, T & { children: TreeNode<T>[] }>();
  for (const row of rows) nodes.set(row.id, { ...row, children: [] });
  const roots: (T & { children: TreeNode<T>[] })[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export type TreeNode<T> = T & { children: TreeNode<T>[] };
