import { Geodesic } from 'geographiclib-geodesic';

type LatLon = { latitude: number; longitude: number };

/**
 * The distance matching uses: the geodesic on the WGS84 ellipsoid (Karney's algorithm, from
 * GeographicLib), in km at full precision; it agrees with PostGIS's `ST_Distance` on geography.
 * Rounding is for display only (wording.ts).
 */
export function geodesicKm(a: LatLon, b: LatLon): number {
  return geodesicKmBetween(a.latitude, a.longitude, b.latitude, b.longitude);
}

export function geodesicKmBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE).s12! / 1000;
}

/**
 * The haversine distance on the mean-radius sphere differs from the WGS84 geodesic by less than
 * this share of it (the extremes are about ±0.56 % for meridians and the equator): a cheap
 * haversine bracket [h·(1−s), h·(1+s)] holds the geodesic, so the index computes the geodesic only
 * where the bracket straddles a limit or the score decides.
 */
export const SPHERE_SLACK = 0.006;
