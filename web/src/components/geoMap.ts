// How every map of the console is made: Leaflet over the units' GeoJSON only (no tile server, no
// internet), zoom buttons in Chinese, the page scrolling over it, the keyboard panning it, and kept
// the size of its box. Imported only by the lazily loaded map components, so Leaflet stays out of
// the main bundle.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface GeoMapOptions {
  zoomPosition?: L.ControlPosition;
  /** Touch screens: a double tap must not zoom (it would fight a tap that picks a point). */
  touch?: boolean;
  /** After the box changed size and the map followed (e.g. to tidy labels). */
  onResize?: () => void;
}

/** A map in `el`; `dispose` stops watching the box and removes the map. */
export function createGeoMap(el: HTMLElement, { zoomPosition = 'topleft', touch = false, onResize }: GeoMapOptions = {}): { map: L.Map; dispose: () => void } {
  const map = L.map(el, {
    zoomControl: false,
    attributionControl: false, // no tiles, nothing to attribute
    scrollWheelZoom: false, // the page scrolls over the map; zoom with the buttons, double-click or + / -
    zoomSnap: 0.25,
    minZoom: 3,
    maxZoom: 18,
    keyboard: true, // arrows pan and + / - zoom while the map has focus; Tab moves on as usual
    doubleClickZoom: !touch,
  });
  // A view at once, so shapes are drawn as soon as they are added (Leaflet waits for one); callers fit it.
  map.setView([0, 0], 3);
  L.control.zoom({ position: zoomPosition, zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  const resize = new ResizeObserver(() => {
    map.invalidateSize();
    onResize?.();
  });
  resize.observe(el);
  return {
    map,
    dispose: () => {
      resize.disconnect();
      map.remove();
    },
  };
}

/** Text for a tooltip's HTML. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
