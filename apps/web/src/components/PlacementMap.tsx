import L from './leaflet-global';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { webAppSettings } from '../api';
import provinces from '../basemap/provinces.json';

export interface MapPoint {
  id: string;
  latitude: number;
  longitude: number;
  label: string;
  free: boolean;
}

/** The tile URL the API is configured with (MAP_TILES_URL), or null: markers on a plain background. */
const tileUrl = () => webAppSettings().then((s) => s.mapTilesUrl);

/**
 * The offline basemap: the twelve provinces' outlines (CBS, bundled: see basemap/SOURCE.md) in a
 * pane beneath the tiles. With no tile server, or none reachable (a laptop offline with the default
 * OpenStreetMap URL), they are what shows; tiles that load simply cover them.
 */
function addBasemap(map: L.Map): void {
  map.createPane('basemap').style.zIndex = '150'; // below the tile pane (200)
  L.geoJSON(provinces as GeoJSON.FeatureCollection, {
    pane: 'basemap',
    interactive: false,
    attribution: 'Provinciegrenzen: CBS / PDOK (CC BY 4.0)',
    style: (feature) => ({ color: '#7a8b99', weight: 1, fillColor: '#f7f5ef', fillOpacity: 1, className: `province province-${feature?.id}` }),
  }).addTo(map);
}

/**
 * Placements on a map, clustered (leaflet.markercluster), over the bundled province outlines.
 * Markers and outlines are vectors, so the map works without any tile server (offline, in tests);
 * with MAP_TILES_URL it shows that background over the outlines.
 */
export function PlacementMap({ points, label, height = '28rem' }: { points: MapPoint[]; label: string; height?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const cluster = useRef<L.MarkerClusterGroup | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, {
      center: [52.1, 5.3],
      zoom: 7,
      minZoom: 6,
      maxZoom: 18,
      attributionControl: true,
      zoomAnimation: false,
      fadeAnimation: false,
      markerZoomAnimation: false,
    });
    map.current = created;
    addBasemap(created);
    cluster.current = L.markerClusterGroup({ showCoverageOnHover: false, animate: false }).addTo(created);
    void tileUrl().then((url) => {
      if (url) L.tileLayer(url, { maxZoom: 18, attribution: '© OpenStreetMap contributors' }).addTo(created);
      setReady(true);
    });
    return () => {
      created.stop();
      created.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    if (!map.current || !cluster.current) return;
    cluster.current.clearLayers();
    const markers = points.map((p) =>
      L.circleMarker([p.latitude, p.longitude], { radius: 8, color: p.free ? '#2f855a' : '#b7791f', weight: 2, fillOpacity: 0.7 }).bindTooltip(p.label),
    );
    cluster.current.addLayers(markers);
    if (points.length > 0)
      map.current.fitBounds(L.latLngBounds(points.map((p) => [p.latitude, p.longitude] as [number, number])).pad(0.2), { maxZoom: 14, animate: false });
  }, [points, ready]);

  return <div ref={element} className="map" role="region" aria-label={label} data-points={points.length} style={{ height }} />;
}
