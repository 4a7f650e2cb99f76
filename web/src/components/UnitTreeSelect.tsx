import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { TreeSelectProps } from 'antd';
import { useAuth } from '../auth';
import type { Id, UnitNode } from '../labels';

interface Option {
  value: Id;
  title: string;
  label: string;
  disabled?: boolean;
  children?: Option[];
}

function toOptions(nodes: UnitNode[], kindName: (k: UnitNode['kind']) => string, disabledIds: Set<string>, parentDisabled = false): Option[] {
  return nodes.map((n) => {
    const disabled = parentDisabled || disabledIds.has(String(n.id));
    return {
      value: n.id,
      title: `${n.name}（${kindName(n.kind)}）${n.active ? '' : ' [停用]'}`,
      label: n.name,
      disabled,
      children: n.children?.length ? toOptions(n.children, kindName, disabledIds, disabled) : undefined,
    };
  });
}

type Props = Omit<TreeSelectProps, 'treeData' | 'value' | 'onChange'> & {
  tree: UnitNode[] | undefined;
  /** A unit id; matched by its text form, so an id read from the URL works too. */
  value?: Id | null;
  onChange?: (value: Id | undefined) => void;
  /** Units (with their subtrees) that may not be chosen, e.g. a unit cannot become its own parent. */
  exclude?: Id[];
};

/** Pick one unit from the caller's unit tree, searchable by name. */
export function UnitTreeSelect({ tree, value, onChange, exclude, ...rest }: Props) {
  const { kindName } = useAuth();
  const treeData = useMemo(
    () => toOptions(tree ?? [], kindName, new Set((exclude ?? []).map(String))),
    [tree, kindName, exclude],
  );
  const rootKeys = useMemo(() => (tree ?? []).map((n) => n.id), [tree]);
  const ids = useMemo(() => {
    const map = new Map<string, Id>();
    const walk = (nodes: UnitNode[]) => nodes.forEach((n) => (map.set(String(n.id), n.id), walk(n.children ?? [])));
    walk(tree ?? []);
    return map;
  }, [tree]);
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeNodeLabelProp="label"
      allowClear
      treeDefaultExpandedKeys={rootKeys}
      placeholder="选择单位"
      popupMatchSelectWidth={false}
      listHeight={360}
      {...rest}
      treeData={treeData}
      value={value === null || value === undefined ? undefined : (ids.get(String(value)) ?? value)}
      onChange={(v: Id | undefined) => onChange?.(v)}
    />
  );
}
