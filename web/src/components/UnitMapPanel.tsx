import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useLoad } from '../hooks';
import type { Id, UnitKind, UnitNode } from '../labels';

/** One feature of GET /api/geo/units: a unit's boundary. */
export interface UnitFeature {
  type: 'Feature';
  id: Id;
  properties: { id: Id; parentId: Id | null; code: string | null; name: string; kind: UnitKind };
  geometry: { type: string; coordinates: unknown };
}

interface FeatureCollection {
  type: 'FeatureCollection';
  features: UnitFeature[];
}

const UnitMap = lazy(() => import('./UnitMap'));

const MAP_HEIGHT = 320;

/**
 * The selected unit's area on a map: its own outline and its children's, each child clickable.
 * Units without a boundary (departments, enterprises…) get a short note instead of an empty map.
 */
export function UnitMapPanel({ unit, onSelect }: { unit: UnitNode; onSelect: (id: string) => void }) {
  const unitId = String(unit.id);
  const [resetKey, setResetKey] = useState(0);
  // Reloads with the tree (the node object changes), so renamed children show their new names.
  const geo = useLoad(
    (signal) => api.get<FeatureCollection>('/api/geo/units', { parent: unitId }, signal).then((fc) => ({ unitId, features: fc.features })),
    [unitId, unit],
  );
  const features = geo.data?.unitId === unitId ? geo.data.features : undefined;
  const childFeatures = features?.filter((f) => String(f.id) !== unitId) ?? [];
  const hasOwn = !!features?.some((f) => String(f.id) === unitId);
  const childCount = unit.children?.length ?? 0;
  const unmapped = childCount - childFeatures.length;
  // Labels use the short names (高新区管委会 rather than 高新技术产业开发区管理委员会); the tree has them.
  const shortNames = useMemo(() => new Map([unit, ...(unit.children ?? [])].map((u) => [String(u.id), u.shortName || u.name])), [unit]);
  const labelOf = useCallback((f: UnitFeature) => shortNames.get(String(f.id)) ?? f.properties.name, [shortNames]);

  let body;
  if (geo.error && !features) {
    body = (
      <Alert
        type="warning"
        showIcon
        title="辖区边界加载失败"
        action={
          <Button size="small" onClick={geo.reload}>
            重试
          </Button>
        }
      />
    );
  } else if (!features) {
    body = <div className="ms-map-placeholder" style={{ height: MAP_HEIGHT }}><Spin /></div>;
  } else if (features.length === 0) {
    body = (
      <Typography.Text type="secondary" data-testid="unit-map-none">
        <EnvironmentOutlined /> 该单位无辖区边界{childCount > 0 ? '，其下级单位也没有' : ''}，不显示地图。
      </Typography.Text>
    );
  } else {
    const label = `${unit.name}辖区地图：${hasOwn ? '本单位边界（虚线）' : ''}${childFeatures.length > 0 ? `${hasOwn ? '及' : ''} ${childFeatures.length} 个下级单位的辖区` : ''}。地图获得焦点后可用方向键平移、加减号缩放；下级单位也可在下方列表中选择。`;
    body = (
      <>
        <Suspense fallback={<div className="ms-map-placeholder" style={{ height: MAP_HEIGHT }}><Spin /></div>}>
          <UnitMap unitId={unitId} features={features} labelOf={labelOf} onSelect={onSelect} resetKey={resetKey} label={label} />
        </Suspense>
        <Typography.Text type="secondary" className="ms-map-note">
          {childFeatures.length > 0 ? '点击区域查看该单位，悬停显示全称' : '无下级辖区，图中为本单位边界'}
          {hasOwn && childFeatures.length > 0 ? '；虚线为本单位边界' : ''}。
          {unmapped > 0 ? `另有 ${unmapped} 个下级单位（如职能部门）无辖区边界，未在图中显示。` : ''}
        </Typography.Text>
      </>
    );
  }

  return (
    <section className="ms-map-section" aria-label="辖区地图">
      <div className="ms-map-head">
        <strong>辖区地图</strong>
        {features && features.length > 0 ? (
          <Space size={4}>
            <Button size="small" type="text" icon={<AimOutlined />} onClick={() => setResetKey((n) => n + 1)}>
              复位
            </Button>
          </Space>
        ) : null}
      </div>
      {body}
    </section>
  );
}
