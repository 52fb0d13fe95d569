import { haversineKmBetween } from '@stagebank/matching';

/**
 * Where a document lies, as grid cells Meilisearch filters by equality, instead of `_geo`.
 *
 * Meilisearch 1.21 rewrites an index's whole R-tree of `_geo` points on every batch of writes, however
 * small: 2.4–3.3 s of each batch at national scale, against 83–125 ms without (BENCHMARKS.md, "Where a
 * Meilisearch write spends its time"), and each radius filter or distance sort reads the whole tree
 * too. So each document carries the cell that holds its point at every level of a quadtree over
 * latitude and longitude, and a radius is answered as the cells that cover the circle (`covering`):
 * cells wholly inside it, which Meilisearch takes as they are, and cells on its edge, whose documents
 * the search engine checks one by one against the exact distance.
 *
 * Level 0 cells are 0.0025° of latitude by 0.004° of longitude (about 280 by 275 m in the
 * Netherlands); each level doubles both. The exact distance is the haversine on the mean-radius
 * sphere, the formula of Meilisearch's `_geoRadius` (whose earth radius differs by metres).
 */
const LEVELS = 10;
const BASE_LAT_DEG = 0.0025;
const BASE_LON_DEG = 0.004;
/**
 * A cell counts as inside when its corners are this much inside the circle, and as outside when its
 * nearest point is this much outside: rounding, and a point that lies exactly on a cell's border.
 * The farthest point of a cell is a corner and its nearest point is found on the sphere (`nearestTo`),
 * so the margin covers no approximation.
 */
const MARGIN_KM = 0.05;
const RAD = Math.PI / 180;
/**
 * The edge cells are about this share of the radius across, within the levels there are. Finer
 * edges mean more cells to name but fewer documents to read and test: at national density a read
 * of the edge costs about 8 ms plus 0.02 ms a document, and the filter's hundreds of cells a few ms
 * (BENCHMARKS.md), so up to 35 km the edge is in the finest cells.
 */
const EDGE_SHARE = 1 / 64;

const latStep = (level: number) => BASE_LAT_DEG * 2 ** level;
const lonStep = (level: number) => BASE_LON_DEG * 2 ** level;
const cellId = (level: number, row: number, column: number) => `${level}.${row}.${column}`;

/** The cells holding this point, one per level, finest first: what a document stores in `cells`. */
export function cellsOf(latitude: number, longitude: number): string[] {
  return Array.from({ length: LEVELS }, (_, level) => cellId(level, Math.floor(latitude / latStep(level)), Math.floor(longitude / lonStep(level))));
}

export interface Circle {
  latitude: number;
  longitude: number;
  radiusKm: number;
}

/** Whether a point lies in the circle: the exact test a covering's edge cells leave to the caller. */
export const inCircle = (circle: Circle, latitude: number, longitude: number): boolean =>
  haversineKmBetween(circle.latitude, circle.longitude, latitude, longitude) <= circle.radiusKm;

export interface Covering {
  /** Cells wholly inside the circle, at the coarsest level that fits: every document in them is in it. */
  inside: string[];
  /** Cells the circle's edge crosses, at `edgeLevel`: their documents are in it or not, each by `inCircle`. */
  edge: string[];
  edgeLevel: number;
}

/** The level whose cells are about EDGE_SHARE of the radius across. */
export const edgeLevelFor = (radiusKm: number): number =>
  Math.max(0, Math.min(LEVELS - 1, Math.floor(Math.log2((radiusKm * EDGE_SHARE) / (BASE_LAT_DEG * 111.2)))));

/**
 * The cells that together hold every point of the circle and nothing more than `edge` cells reach
 * beyond it: a quadtree walk from the coarsest level, keeping a cell that lies inside, dropping one
 * that lies outside, and splitting one the edge crosses down to `edgeLevel`.
 */
export function covering(circle: Circle, edgeLevel = edgeLevelFor(circle.radiusKm)): Covering {
  const { latitude, longitude, radiusKm } = circle;
  const inside: string[] = [];
  const edge: string[] = [];
  const distance = (lat: number, lon: number) => haversineKmBetween(latitude, longitude, lat, lon);
  const visit = (level: number, row: number, column: number): void => {
    const south = row * latStep(level);
    const north = (row + 1) * latStep(level);
    const west = column * lonStep(level);
    const east = (column + 1) * lonStep(level);
    const nearest = distance(...nearestTo(latitude, longitude, south, north, west, east));
    if (nearest > radiusKm + MARGIN_KM) return;
    const farthest = Math.max(distance(south, west), distance(south, east), distance(north, west), distance(north, east));
    if (farthest <= radiusKm - MARGIN_KM) inside.push(cellId(level, row, column));
    else if (level === edgeLevel) edge.push(cellId(level, row, column));
    else
      for (const [r, c] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ])
        visit(level - 1, row * 2 + r, column * 2 + c);
  };
  // The circle's bounding box, widened by the margin, at the coarsest level.
  const top = LEVELS - 1;
  const dLat = (radiusKm + MARGIN_KM) / 110.574;
  const dLon = (radiusKm + MARGIN_KM) / (111.32 * Math.cos((Math.min(89, Math.abs(latitude) + dLat) * Math.PI) / 180));
  for (let row = Math.floor((latitude - dLat) / latStep(top)); row <= Math.floor((latitude + dLat) / latStep(top)); row++) {
    for (let column = Math.floor((longitude - dLon) / lonStep(top)); column <= Math.floor((longitude + dLon) / lonStep(top)); column++) {
      visit(top, row, column);
    }
  }
  return { inside, edge, edgeLevel };
}

/**
 * The point of a latitude/longitude box nearest to a point, on the sphere. Within the box's
 * longitudes it is straight north or south. Beside them it lies on the nearer meridian edge, where
 * the great circle through the point meets that meridian at a right angle: at atan(tan φ / cos Δλ),
 * poleward of the point's own latitude. Clamping that latitude alone would overestimate the
 * distance by 0.65 km at 500 km in the Netherlands, and drop cells that hold points of the circle.
 */
export function nearestTo(latitude: number, longitude: number, south: number, north: number, west: number, east: number): [number, number] {
  const clamp = (lat: number) => Math.min(north, Math.max(south, lat));
  if (longitude >= west && longitude <= east) return [clamp(latitude), longitude];
  const edge = longitude < west ? west : east;
  const foot = Math.atan(Math.tan(latitude * RAD) / Math.cos((edge - longitude) * RAD)) / RAD;
  return [clamp(foot), edge];
}
