// The statistics map: the districts coloured by any figure with a legend, each district's value on
// it, a click opening the tickets behind it. Leaflet over the units' GeoJSON (no tiles), as the
// leader's map (web/src/leader/LeaderMap.tsx); loaded lazily with the page's map view.
import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import { createGeoMap, escapeHtml } from '../components/geoMap';
import type { UnitFeature } from '../components/UnitMapPanel';
import type { FigureKey, GroupKey, StatsRow } from '../../../src/services/stats/types';
import { FIGURE_LABELS, formatValue, isRate } from './labels';
import { figureScale } from './scale';

type GeoJsonInput = Parameters<typeof L.geoJSON>[0];

interface Props {
  features: UnitFeature[];
  /** The answer grouped by district: one row per district. */
  rows: StatsRow[];
  figure: FigureKey;
  onOpen: (keys: GroupKey[], figure: FigureKey, label: string) => void;
  height?: number;
}

export default function StatsMap({ features, rows, figure, onOpen, height = 480 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shapes = useRef<L.FeatureGroup | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  const fitted = useRef('');

  const byId = useMemo(() => new Map(rows.flatMap((r) => (r.keys[0]?.dimension === 'district' ? [[r.keys[0].key, r] as const] : []))), [rows]);
  const districts = useMemo(() => features.filter((f) => f.properties.kind === 'district'), [features]);
  const scale = useMemo(() => figureScale(figure, districts.map((f) => byId.get(String(f.id))?.figures[figure]?.value)), [districts, byId, figure]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { map: m, dispose } = createGeoMap(el);
    shapes.current = L.featureGroup().addTo(m);
    map.current = m;
    return () => {
      dispose();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    const group = shapes.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const f of districts) {
      const id = String(f.id);
      const row = byId.get(id);
      const value = row?.figures[figure]?.value;
      const text = formatValue(figure, row ? value : isRate(figure) ? null : 0);
      const key: GroupKey = row?.keys[0] ?? { dimension: 'district', key: id, label: f.properties.name };
      const layer = L.geoJSON(f as unknown as GeoJsonInput, {
        style: { color: '#ffffff', weight: 1.5, fillColor: scale.colorOf(row ? value : isRate(figure) ? null : 0), fillOpacity: 0.88 },
      });
      group.addLayer(layer);
      layer.eachLayer((shape) => {
        shape.bindTooltip(`${escapeHtml(f.properties.name)}<br><b>${escapeHtml(text)}</b>`, {
          permanent: true, direction: 'center', className: 'ms-map-label ms-stats-label', opacity: 1,
        });
        const path = (shape as L.Path).getElement?.();
        path?.setAttribute('data-unit-id', id);
        path?.setAttribute('data-value', value === null || value === undefined ? '' : String(value));
        path?.classList.add('ms-stats-area');
        const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.textContent = `${f.properties.name}：${FIGURE_LABELS[figure]} ${text}（点击查看工单）`;
        path?.append(title);
      });
      layer.on('click', () => open.current([key], figure, f.properties.name));
      layer.on('mouseover', () => layer.setStyle({ weight: 3, color: '#111827' }));
      layer.on('mouseout', () => layer.setStyle({ weight: 1.5, color: '#ffffff' }));
    }
    const k = districts.map((f) => f.id).join(',');
    if (fitted.current !== k) {
      const bounds = group.getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [12, 12], animate: false });
      fitted.current = k;
    }
  }, [districts, byId, scale, figure]);

  return (
    <div className="ms-leader-map-wrap">
      <div ref={box} className="ms-leader-map" style={{ height }} data-testid="stats-map" role="region" aria-roledescription="地图"
        aria-label={`各区县${FIGURE_LABELS[figure]}地图，点击区县查看工单`} />
      <div className="ms-leader-legend" data-testid="stats-map-legend" aria-label="图例">
        <div className="ms-leader-legend-title">{FIGURE_LABELS[figure]}</div>
        {scale.classes.map((c) => (
          <div key={c.label} className="ms-leader-legend-row">
            <span className="ms-leader-swatch" style={{ background: c.color }} />
            {c.label}
          </div>
        ))}
      </div>
    </div>
  );
}
