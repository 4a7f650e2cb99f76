// The big screen's map: the districts (or, below the city, the caller's child units) coloured by
// their overdue tickets, each labelled with its open and overdue counts, on the wall's dark ground.
// The same GeoJSON, classes and palette as the leader's map (web/src/leader/); no tiles, no clicks
// needed (a wall is looked at), though a click still opens nothing it should not.
import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import { createGeoMap, escapeHtml } from '../components/geoMap';
import type { UnitFeature } from '../components/UnitMapPanel';
import type { AreaFigure } from '../../../src/services/dashboard/types';
import { classify } from '../leader/scale';

/** No overdue ticket: the wall's own dark blue rather than the console's pale grey. */
const ZERO_ON_DARK = '#143a6e';

type GeoJsonInput = Parameters<typeof L.geoJSON>[0];

export default function ScreenMap({ features, areas, scopeUnitId }: { features: UnitFeature[]; areas: AreaFigure[]; scopeUnitId: number }) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shapes = useRef<L.FeatureGroup | null>(null);
  const fitted = useRef('');
  const byId = useMemo(() => new Map(areas.filter((a) => a.unitId !== null).map((a) => [a.unitId!, a])), [areas]);
  const scale = useMemo(() => classify(areas.filter((a) => a.unitId !== null).map((a) => a.overdue), 'overdue'), [areas]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // A wall is looked at, not panned: whenever the box changes size the districts fill it again.
    const refit = () => {
      const bounds = shapes.current?.getBounds();
      if (bounds?.isValid()) map.current?.fitBounds(bounds, { padding: [16, 16], animate: false });
    };
    const { map: m, dispose } = createGeoMap(el, { zoomPosition: 'bottomleft', onResize: refit });
    m.options.zoomSnap = 0.05;
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
    for (const f of features) {
      const id = Number(f.id);
      const area = byId.get(id);
      if (!area) {
        if (id === scopeUnitId) {
          group.addLayer(L.geoJSON(f as unknown as GeoJsonInput, { interactive: false, style: { color: '#5b8def', weight: 2, dashArray: '6 4', fill: false } }));
        }
        continue;
      }
      const layer = L.geoJSON(f as unknown as GeoJsonInput, {
        interactive: false,
        style: { color: '#5b8def', weight: 1.5, fillColor: area.overdue > 0 ? scale.colorOf(area.overdue) : ZERO_ON_DARK, fillOpacity: 0.92 },
      });
      group.addLayer(layer);
      layer.eachLayer((shape) => {
        shape.bindTooltip(
          `<div class="ms-screen-area-name">${escapeHtml(area.shortName || area.name)}</div>`
          + `<div>在办 <b>${area.open}</b></div><div class="ms-screen-area-overdue">超期 <b>${area.overdue}</b></div>`,
          { permanent: true, direction: 'center', className: 'ms-screen-area-label', opacity: 1 },
        );
        const path = (shape as L.Path).getElement?.();
        path?.setAttribute('data-unit-id', String(id));
        path?.setAttribute('data-overdue', String(area.overdue));
        path?.classList.add('ms-screen-area');
      });
    }
    const k = features.map((f) => f.id).join(',');
    if (fitted.current !== k) {
      const bounds = group.getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], animate: false });
      fitted.current = k;
    }
  }, [features, byId, scale, scopeUnitId]);

  return (
    <div className="ms-screen-map-wrap">
      <div ref={box} className="ms-screen-map" data-testid="screen-map" role="img" aria-label="各区域在办、超期工单地图" />
      <div className="ms-screen-legend" data-testid="screen-map-legend">
        <div className="ms-screen-legend-title">超期工单（件）</div>
        {scale.classes.map((c) => (
          <div key={c.label} className="ms-screen-legend-row">
            <span className="ms-screen-swatch" style={{ background: c.label === '0' ? ZERO_ON_DARK : c.color }} />
            {c.label}
          </div>
        ))}
      </div>
    </div>
  );
}
