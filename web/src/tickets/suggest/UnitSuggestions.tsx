// 智能推荐 at dispatch: below the catalogue's proposal, the units the unit model learnt from where
// similar tickets were handled, with probability and reason; a click makes one the primary unit.
import { Tag, Tooltip, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { percent, UNSURE, useSuggestions } from './api';
import './suggest.css';

export function UnitSuggestions({ ticketId, chosen, onPick }: { ticketId: number; chosen?: number; onPick: (unitId: number) => void }) {
  const { data } = useSuggestions({ ticketId });
  const units = data?.units.filter((u) => u.source === 'model') ?? [];
  if (!data?.model || (units.length === 0 && !data.areaHint)) return null;
  return (
    <div className="ms-suggest ms-suggest-units" data-testid="unit-suggestions">
      <span className="ms-suggest-label"><BulbOutlined /> 智能推荐</span>
      {units.map((u) => (
        <Tooltip key={u.unitId} title={(u.probability ?? 0) < UNSURE ? `${u.reason}；把握不大，仅供参考` : u.reason}>
          <Tag.CheckableTag checked={chosen === u.unitId} onChange={() => onPick(u.unitId)} className={`ms-suggest-chip${(u.probability ?? 0) < UNSURE ? ' ms-suggest-unsure' : ''}`} data-testid="suggest-unit" data-unit-id={u.unitId}>
            {u.name} {u.probability !== null ? <span className="ms-suggest-p">{percent(u.probability)}</span> : null}
          </Tag.CheckableTag>
        </Tooltip>
      ))}
      {units.length > 0 ? <Typography.Text type="secondary" className="ms-small">点击设为主办单位</Typography.Text> : null}
      {data.areaHint ? (
        <div className="ms-suggest-hint" data-testid="suggest-area-hint">
          相似工单多由属地{data.areaHint.levelName}办结（{percent(data.areaHint.probability)}），但本工单尚未定位到{data.areaHint.levelName}：请补充地点或按属地选择。
        </div>
      ) : null}
    </div>
  );
}
