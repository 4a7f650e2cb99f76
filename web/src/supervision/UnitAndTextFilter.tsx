// The two filters the supervisor's lists share: a unit from the tree (its subtree) and a search
// text.
import { Input } from 'antd';
import type { UnitNode } from '../labels';
import { UnitTreeSelect } from '../components/UnitTreeSelect';

interface Props {
  tree: UnitNode[] | undefined;
  unitId: number | undefined;
  /** The caller goes back to its first page on either change. */
  onUnit: (unitId: number | undefined) => void;
  onText: (text: string) => void;
  unitPlaceholder: string;
  unitLabel: string;
  textPlaceholder: string;
  textLabel: string;
  textWidth?: number;
}

export function UnitAndTextFilter({ tree, unitId, onUnit, onText, unitPlaceholder, unitLabel, textPlaceholder, textLabel, textWidth = 220 }: Props) {
  return (
    <>
      <UnitTreeSelect
        tree={tree}
        value={unitId}
        onChange={(v) => onUnit(v === undefined ? undefined : Number(v))}
        placeholder={unitPlaceholder}
        style={{ width: 240 }}
        aria-label={unitLabel}
      />
      <Input.Search allowClear placeholder={textPlaceholder} onSearch={(v) => onText(v.trim())} style={{ width: textWidth }} aria-label={textLabel} />
    </>
  );
}
