import { TravelMode } from '@stagebank/domain';

/** Estimated door-to-door minutes for a straight-line distance; a real router can implement this too. */
export interface TravelTimeProvider {
  minutes(mode: TravelMode, distanceKm: number): number;
}

export interface ModeProfile {
  /** Average speed while moving, km/h. */
  speedKmh: number;
  /** Road distance ÷ straight-line distance. */
  detour: number;
  /** Fixed minutes: walking to the stop, waiting, parking. */
  overheadMinutes: number;
}

/**
 * Documented assumptions (Dutch conditions): walking 4.5 km/h; bike 15 km/h and e-bike 20 km/h
 * (Fietsersbond averages); public transport 25 km/h effective with 10 minutes to reach the stop and
 * wait; car and leerlingenvervoer-taxi 45 km/h on mixed roads with 5 minutes to park or pick up.
 * Detour factors 1.25–1.4 are typical road-over-crow-flight ratios for the Netherlands.
 */
export const MODE_PROFILES: Record<TravelMode, ModeProfile> = {
  [TravelMode.WALK]: { speedKmh: 4.5, detour: 1.3, overheadMinutes: 0 },
  [TravelMode.BIKE]: { speedKmh: 15, detour: 1.25, overheadMinutes: 2 },
  [TravelMode.E_BIKE]: { speedKmh: 20, detour: 1.25, overheadMinutes: 2 },
  [TravelMode.PUBLIC_TRANSPORT]: { speedKmh: 25, detour: 1.4, overheadMinutes: 10 },
  [TravelMode.TAXI]: { speedKmh: 45, detour: 1.3, overheadMinutes: 5 },
  [TravelMode.CAR]: { speedKmh: 45, detour: 1.3, overheadMinutes: 5 },
};

export class DetourTravelTimeProvider implements TravelTimeProvider {
  constructor(private readonly profiles: Record<TravelMode, ModeProfile> = MODE_PROFILES) {}

  minutes(mode: TravelMode, distanceKm: number): number {
    const { speedKmh, detour, overheadMinutes } = this.profiles[mode];
    return Math.round(overheadMinutes + ((distanceKm * detour) / speedKmh) * 60);
  }
}

/** Great-circle distance in km (haversine); PostGIS gives the same on the spheroid within 0.5 %. */
export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  return haversineKmBetween(a.latitude, a.longitude, b.latitude, b.longitude);
}

export function haversineKmBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}
