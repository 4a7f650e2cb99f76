// The Leaflet map of a unit's outline and its children's areas. GeoJSON only: the console runs
// without a tile server or internet access, so the shapes are drawn on a plain background.
// Loaded lazily (see UnitMapPanel), so Leaflet is fetched only when a map is shown.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { createGeoMap } from './geoMap';
import type { UnitFeature } from './UnitMapPanel';

/** Distinct, print-friendly fills (Tableau 10); a child keeps its colour by position. */
export const MAP_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Kinds whose areas lie over other children's (a development zone's committee over districts). */
const OVERLAY_KINDS = new Set(['committee']);

function childStyle(overlay: boolean, hover: boolean): L.PathOptions {
  if (hover) return { weight: 3, opacity: 1, fillOpacity: overlay ? 0.4 : 0.55 };
  return overlay ? { weight: 1.5, opacity: 1, fillOpacity: 0.2, dashArray: '4 3' } : { weight: 1.5, opacity: 0.9, fillOpacity: 0.35 };
}

interface Props {
  /** The unit whose outline is drawn dashed; the other features are its children. */
  unitId: string;
  features: UnitFeature[];
  /** The label of a feature (e.g. the unit's short name); its full name shows on hover. */
  labelOf: (feature: UnitFeature) => string;
  onSelect: (id: string) => void;
  /** Changes to this make the map fit its features again. */
  resetKey?: number;
  label: string;
}

type GeoJsonInput = Parameters<typeof L.geoJSON>[0];

/** Where a label's box on screen overlaps one placed before it, hide it until its area is hovered. */
function declutter(labels: { el: HTMLElement; priority: number }[]) {
  const placed: DOMRect[] = [];
  for (const { el } of [...labels].sort((a, b) => b.priority - a.priority)) {
    el.classList.remove('ms-map-label-hidden');
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    const clash = placed.some((p) => r.left < p.right + 4 && r.right > p.left - 4 && r.top < p.bottom && r.bottom > p.top);
    if (clash) el.classList.add('ms-map-label-hidden');
    else placed.push(r);
  }
}

export default function UnitMap({ unitId, features, labelOf, onSelect, resetKey, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.FeatureGroup | null>(null);
  const labels = useRef<{ el: HTMLElement; priority: number }[]>([]);
  const select = useRef(onSelect);
  select.current = onSelect;
  const labelRef = useRef(labelOf);
  labelRef.current = labelOf;

  // The map itself lives as long as the component.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const tidy = () => declutter(labels.current);
    const { map: m, dispose } = createGeoMap(el, { onResize: tidy });
    layers.current = L.featureGroup().addTo(m);
    map.current = m;
    m.on('zoomend', tidy);
    return () => {
      dispose();
      map.current = null;
      layers.current = null;
    };
  }, []);

  // The shapes: children coloured and labelled, clickable; the unit's own outline dashed on top.
  useEffect(() => {
    const m = map.current;
    const group = layers.current;
    if (!m || !group) return;
    group.clearLayers();
    labels.current = [];
    const own = features.filter((f) => String(f.id) === unitId);
    const children = features.filter((f) => String(f.id) !== unitId);
    const leaf = children.length === 0;

    const addLabel = (shape: L.Layer, f: UnitFeature, priority: number) => {
      shape.bindTooltip(labelRef.current(f), { permanent: true, direction: 'center', className: 'ms-map-label', opacity: 1 });
      const el = shape.getTooltip()?.getElement();
      if (el) labels.current.push({ el, priority });
    };
    const mark = (layer: L.GeoJSON, f: UnitFeature, className: string) => {
      layer.eachLayer((shape) => {
        const path = (shape as L.Path).getElement?.();
        if (!path) return;
        path.setAttribute('data-unit-id', String(f.id));
        path.setAttribute('data-unit-name', f.properties.name);
        path.classList.add(className);
        // The full name on hover, also where the label had to give way to a neighbour's.
        const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.textContent = f.properties.name;
        path.append(title);
      });
    };

    // Overlays last, so they are drawn over (and clickable above) the areas they lie in.
    const ordered = children.map((f, i) => ({ f, color: MAP_COLORS[i % MAP_COLORS.length]!, overlay: OVERLAY_KINDS.has(f.properties.kind) }));
    ordered.sort((a, b) => Number(a.overlay) - Number(b.overlay));
    for (const { f, color, overlay } of ordered) {
      const id = String(f.id);
      const layer = L.geoJSON(f as unknown as GeoJsonInput, { style: { ...childStyle(overlay, false), color, fillColor: color } });
      group.addLayer(layer);
      const area = layer.getBounds();
      // Bigger areas keep their labels when two would overlap; overlays give way to what they lie on.
      const priority = (overlay ? 0 : 1e6) + Math.abs((area.getNorth() - area.getSouth()) * (area.getEast() - area.getWest())) * 1e4;
      layer.eachLayer((shape) => addLabel(shape, f, priority));
      layer.on('mouseover', () => {
        layer.setStyle(childStyle(overlay, true));
        layer.eachLayer((shape) => shape.getTooltip()?.getElement()?.classList.add('ms-map-label-active'));
      });
      layer.on('mouseout', () => {
        layer.setStyle(childStyle(overlay, false));
        layer.eachLayer((shape) => shape.getTooltip()?.getElement()?.classList.remove('ms-map-label-active'));
      });
      layer.on('click', () => select.current(id));
      mark(layer, f, 'ms-map-child');
    }
    for (const f of own) {
      const layer = L.geoJSON(f as unknown as GeoJsonInput, {
        interactive: false,
        style: { color: '#1f2937', weight: 2, dashArray: leaf ? undefined : '6 4', fill: leaf, fillColor: '#4e79a7', fillOpacity: 0.15 },
      });
      group.addLayer(layer);
      if (leaf) layer.eachLayer((shape) => addLabel(shape, f, 0));
      mark(layer, f, 'ms-map-own');
    }
  }, [features, unitId]);

  // Fit the view to the shapes when they change, or when asked to.
  useEffect(() => {
    const m = map.current;
    const group = layers.current;
    if (!m || !group) return;
    const bounds = group.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], animate: false });
    declutter(labels.current);
  }, [features, unitId, resetKey]);

  return <div ref={box} className="ms-unit-map" data-testid="unit-map" role="region" aria-roledescription="地图" aria-label={label} />;
}
