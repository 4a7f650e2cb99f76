// A unit (or several) from the caller's tree for dispatching: searchable by name or code, the
// platform itself and disabled units not selectable, the dispatcher's usual targets one level open.
import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { TreeSelectProps } from 'antd';
import { useAuth } from '../../auth';
import type { UnitNode } from '../../labels';

interface Option {
  value: number;
  title: string;
  label: string;
  search: string;
  disabled?: boolean;
  children?: Option[];
}

function toOptions(nodes: UnitNode[], kindName: (k: UnitNode['kind']) => string, disabled: Set<string>): Option[] {
  return nodes.map((n) => ({
    value: Number(n.id),
    title: `${n.name}（${kindName(n.kind)}）${n.active ? '' : ' [停用]'}`,
    label: n.name,
    search: `${n.name} ${n.shortName ?? ''} ${n.code ?? ''}`,
    disabled: n.kind === 'platform' || !n.active || disabled.has(String(n.id)),
    children: n.children?.length ? toOptions(n.children, kindName, disabled) : undefined,
  }));
}

type Props = Omit<TreeSelectProps, 'treeData' | 'value' | 'onChange' | 'multiple'> & {
  tree: UnitNode[] | undefined;
  value?: number | number[] | null;
  onChange?: (value: number | number[] | undefined) => void;
  multiple?: boolean;
  /** Units that may not be chosen (only these nodes, not their subtrees). */
  disabledIds?: readonly (number | string)[];
};

export function UnitPicker({ tree, value, onChange, multiple = false, disabledIds, ...rest }: Props) {
  const { kindName } = useAuth();
  const key = (disabledIds ?? []).join(',');
  const treeData = useMemo(() => toOptions(tree ?? [], kindName, new Set(key ? key.split(',') : [])), [tree, kindName, key]);
  const open = useMemo(() => (tree ?? []).map((n) => Number(n.id)), [tree]);
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'search' }}
      treeNodeLabelProp="label"
      allowClear
      multiple={multiple}
      treeDefaultExpandedKeys={open}
      placeholder={multiple ? '可选多个单位' : '选择单位'}
      popupMatchSelectWidth={false}
      listHeight={360}
      loading={!tree}
      {...rest}
      treeData={treeData}
      value={value === null ? undefined : value}
      onChange={(v: number | number[] | undefined) => onChange?.(v)}
    />
  );
}
