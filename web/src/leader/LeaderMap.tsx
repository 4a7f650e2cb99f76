// The leader's map: the districts in view coloured by their open (or overdue) tickets, with a
// legend, and today's located tickets as small dots. GeoJSON on a plain background (no tile server,
// as web/src/components/UnitMap.tsx); loaded lazily so Leaflet is fetched only with the page.
import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import { createGeoMap, escapeHtml } from '../components/geoMap';
import type { UnitFeature } from '../components/UnitMapPanel';
import type { AreaFigure, TicketPoint } from './api';
import { classify, type Metric } from './scale';

interface Props {
  /** The unit the page is about (the city, or the leader's district): its outline and its children's. */
  scopeUnitId: number;
  features: UnitFeature[];
  areas: AreaFigure[];
  metric: Metric;
  points: TicketPoint[];
  selectedId: number | null;
  onSelect: (unitId: number) => void;
  onOpenTicket: (id: number) => void;
  label: string;
}

type GeoJsonInput = Parameters<typeof L.geoJSON>[0];

export default function LeaderMap({ scopeUnitId, features, areas, metric, points, selectedId, onSelect, onOpenTicket, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shapes = useRef<L.FeatureGroup | null>(null);
  const dots = useRef<L.FeatureGroup | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const open = useRef(onOpenTicket);
  open.current = onOpenTicket;
  const fitted = useRef('');

  const byId = useMemo(() => new Map(areas.filter((a) => a.unitId !== null).map((a) => [a.unitId!, a])), [areas]);
  const scale = useMemo(() => classify(areas.filter((a) => a.unitId !== null).map((a) => a[metric]), metric), [areas, metric]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { map: m, dispose } = createGeoMap(el);
    shapes.current = L.featureGroup().addTo(m);
    dots.current = L.featureGroup().addTo(m);
    map.current = m;
    return () => {
      dispose();
      map.current = null;
    };
  }, []);

  // The areas: filled by their class; the selected one outlined; other shapes (the city's own outline,
  // a development zone over districts, a district's streets) drawn as lines for orientation.
  useEffect(() => {
    const m = map.current;
    const group = shapes.current;
    if (!m || !group) return;
    group.clearLayers();
    const outlines: L.GeoJSON[] = [];
    for (const f of features) {
      const id = Number(f.id);
      const area = byId.get(id);
      const data = f as unknown as GeoJsonInput;
      if (area) {
        const selected = id === selectedId;
        const layer = L.geoJSON(data, {
          style: { color: selected ? '#111827' : '#ffffff', weight: selected ? 3 : 1.5, fillColor: scale.colorOf(area[metric]), fillOpacity: 0.85 },
        });
        // On the map first: a shape has its SVG element (to mark) only once added.
        group.addLayer(layer);
        layer.eachLayer((shape) => {
          shape.bindTooltip(`${escapeHtml(area.shortName || area.name)}<br><b>${area[metric]}</b>`, {
            permanent: true, direction: 'center', className: 'ms-map-label ms-leader-label', opacity: 1,
          });
          const path = (shape as L.Path).getElement?.();
          path?.setAttribute('data-unit-id', String(id));
          path?.setAttribute('data-unit-name', area.name);
          path?.classList.add('ms-leader-area');
          const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
          title.textContent = `${area.name}：在办 ${area.open}，超期 ${area.overdue}，临期 ${area.warning}，今日受理 ${area.accepted}（点击查看工单）`;
          path?.append(title);
        });
        layer.on('click', () => select.current(id));
        layer.on('mouseover', () => layer.setStyle({ weight: 3, color: '#111827' }));
        layer.on('mouseout', () => layer.setStyle({ weight: selected ? 3 : 1.5, color: selected ? '#111827' : '#ffffff' }));
      } else {
        const own = id === scopeUnitId;
        const overlay = f.properties.kind === 'committee';
        const layer = L.geoJSON(data, {
          interactive: false,
          style: own
            ? { color: '#1f2937', weight: 2, dashArray: '6 4', fill: false }
            : overlay
              ? { color: '#6b7280', weight: 1, dashArray: '3 3', fill: false }
              : { color: '#ffffff', weight: 1, opacity: 0.9, fill: false },
        });
        group.addLayer(layer);
        layer.eachLayer((shape) => {
          const path = (shape as L.Path).getElement?.();
          path?.setAttribute('data-unit-id', String(id));
          path?.classList.add(own ? 'ms-leader-own' : 'ms-leader-context');
        });
        if (own) outlines.push(layer);
      }
    }
    // The unit's own dashed outline above its children's fills (a district's streets come after it already).
    for (const l of outlines) l.bringToFront();
    // New shapes are appended to the map's SVG: keep today's dots above them.
    dots.current?.bringToFront();
    const key = features.map((f) => f.id).join(',');
    if (fitted.current !== key) {
      const bounds = group.getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [12, 12], animate: false });
      fitted.current = key;
    }
  }, [features, byId, scale, metric, selectedId, scopeUnitId]);

  // Today's tickets: small dots above the areas, each opening its ticket.
  useEffect(() => {
    const group = dots.current;
    if (!group) return;
    group.clearLayers();
    for (const p of points) {
      const dot = L.circleMarker([p.lat, p.lng], {
        radius: 4.5, color: '#ffffff', weight: 1.5, fillColor: p.slaLevel >= 2 ? '#b91c1c' : '#111827', fillOpacity: 0.9, className: 'ms-leader-point',
      });
      dot.bindTooltip(`${escapeHtml(p.number)} · ${escapeHtml(p.stateLabel)}<br>${escapeHtml(p.title)}`, { direction: 'top', offset: [0, -4] });
      dot.on('click', () => open.current(p.id));
      group.addLayer(dot);
      dot.getElement()?.setAttribute('data-ticket-id', String(p.id));
    }
    group.bringToFront();
  }, [points]);

  return (
    <div className="ms-leader-map-wrap">
      <div ref={box} className="ms-leader-map" data-testid="leader-map" role="region" aria-roledescription="地图" aria-label={label} />
      <div className="ms-leader-legend" data-testid="map-legend" aria-label="图例">
        <div className="ms-leader-legend-title">{metric === 'overdue' ? '超期工单' : '在办工单'}（件）</div>
        {scale.classes.map((c) => (
          <div key={c.label} className="ms-leader-legend-row">
            <span className="ms-leader-swatch" style={{ background: c.color }} />
            {c.label}
          </div>
        ))}
        <div className="ms-leader-legend-row">
          <span className="ms-leader-dot" />
          今日受理（{points.length} 件）
        </div>
        {features.some((f) => f.properties.kind === 'committee') ? (
          <div className="ms-leader-legend-row">
            <span className="ms-leader-swatch ms-leader-swatch-dashed" />
            开发区、管委会范围
          </div>
        ) : null}
      </div>
    </div>
  );
}
