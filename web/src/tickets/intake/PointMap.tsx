// A map to point at where a matter is: district outlines (GeoJSON, no tiles — the console and the
// citizen's pages run without a tile server) and one point set by a click or a tap. Used by the
// operator's intake screen and the citizen's submit page; loaded lazily so Leaflet is fetched only
// where a map is shown.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { createGeoMap } from '../../components/geoMap';

export interface AreaFeature {
  type: 'Feature';
  id: number | string;
  properties: { id: number | string; name: string; shortName?: string | null; kind?: string };
  geometry: { type: string; coordinates: unknown };
}

/** Distinct, print-friendly fills (Tableau 10), as on the unit map. */
const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Kinds whose areas lie over others' (a development zone's committee over districts): drawn dashed, labelled last. */
const OVERLAY_KINDS = new Set(['committee']);

interface Props {
  features: AreaFeature[];
  /** The label of an area (e.g. the unit's short name); by default its shortName or name. */
  labelOf?: (feature: AreaFeature) => string;
  /** A feature drawn as an outline only (the city's own boundary), not as an area to pick. */
  outlineId?: number | string | null;
  point: [lng: number, lat: number] | null;
  onPick: (lng: number, lat: number) => void;
  label: string;
  /** Phones: no zoom buttons' clutter beyond the basics, a larger dot. */
  touch?: boolean;
  height: number;
}

type GeoJsonInput = Parameters<typeof L.geoJSON>[0];

export default function PointMap({ features, labelOf, outlineId, point, onPick, label, touch = false, height }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shapes = useRef<L.FeatureGroup | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const labelRef = useRef(labelOf);
  labelRef.current = labelOf;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { map: m, dispose } = createGeoMap(el, { zoomPosition: 'topright', touch });
    shapes.current = L.featureGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current(Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6));
    map.current = m;
    return () => {
      dispose();
      map.current = null;
      shapes.current = null;
      marker.current = null;
    };
  }, [touch]);

  useEffect(() => {
    const m = map.current;
    const group = shapes.current;
    if (!m || !group) return;
    group.clearLayers();
    // Overlays last, so they are drawn over the areas they lie in.
    const ordered = features.map((f, i) => ({ f, color: COLORS[i % COLORS.length]!, overlay: OVERLAY_KINDS.has(f.properties.kind ?? '') }));
    ordered.sort((a, b) => Number(a.overlay) - Number(b.overlay));
    for (const { f, color, overlay } of ordered) {
      const own = outlineId != null && String(f.id) === String(outlineId);
      const layer = L.geoJSON(f as unknown as GeoJsonInput, {
        // The outline lets clicks through to the map; the areas bubble their clicks to it too.
        interactive: !own,
        style: own
          ? { color: '#1f2937', weight: 2, dashArray: '6 4', fill: false }
          : overlay
            ? { color, fillColor: color, weight: 1.5, opacity: 1, fillOpacity: 0.12, dashArray: '4 3' }
            : { color, fillColor: color, weight: 1.5, opacity: 0.9, fillOpacity: 0.25 },
      });
      group.addLayer(layer);
      if (own) continue;
      const text = labelRef.current?.(f) ?? (f.properties.shortName || f.properties.name);
      layer.eachLayer((shape) => {
        shape.bindTooltip(text, { permanent: true, direction: 'center', className: overlay ? 'ms-map-label ms-point-map-overlay' : 'ms-map-label', opacity: 1 });
        const path = (shape as L.Path).getElement?.();
        if (path) {
          path.setAttribute('data-area-id', String(f.id));
          path.setAttribute('data-area-name', f.properties.name);
        }
      });
    }
    const bounds = group.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [8, 8], animate: false });
    marker.current?.bringToFront();
  }, [features, outlineId]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (!point) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    const at = L.latLng(point[1], point[0]);
    if (!marker.current) {
      marker.current = L.circleMarker(at, { radius: touch ? 10 : 8, color: '#ffffff', weight: 3, fillColor: '#d4380d', fillOpacity: 1, interactive: false }).addTo(m);
      marker.current.getElement()?.setAttribute('data-testid', 'map-point');
    } else {
      marker.current.setLatLng(at);
    }
    marker.current.bringToFront();
  }, [point, touch]);

  return <div ref={box} className="ms-point-map" style={{ height }} data-testid="point-map" role="region" aria-roledescription="地图" aria-label={label} />;
}
