import L from 'leaflet';

// leaflet.markercluster is a UMD plugin that extends the global `L`: give it one before it loads.
(globalThis as unknown as { L: typeof L }).L = L;

export default L;
