import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { APP_CONFIG } from '../config.provider';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** The outcome of one lookup: coordinates, or why there are none. */
export type GeocodeResult = Coordinates | { problem: string };

/**
 * Turns a Dutch address into coordinates with the PDOK Locatieserver (the government's BAG-based
 * geocoder; free, no key): `free?q=postcode:1234AB and huisnummer:12&fq=type:adres`. With
 * GEOCODER_URL=none there is no geocoding, and imported rows must bring their own coordinates.
 */
@Injectable()
export class Geocoder {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.geocoderUrl !== null;
  }

  async locate(postcode: string, houseNumber: string): Promise<GeocodeResult> {
    if (!this.config.geocoderUrl) return { problem: 'no latitude/longitude, and geocoding is off (GEOCODER_URL=none)' };
    const number = /^\d+/.exec(houseNumber)?.[0] ?? houseNumber;
    const url = new URL(`${this.config.geocoderUrl}/free`);
    url.searchParams.set('q', `postcode:${postcode.replace(/\s/g, '')} and huisnummer:${number}`);
    url.searchParams.set('fq', 'type:adres');
    url.searchParams.set('fl', 'centroide_ll');
    url.searchParams.set('rows', '1');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) return { problem: `the geocoder answered HTTP ${response.status}` };
      const body = (await response.json()) as { response?: { docs?: Array<{ centroide_ll?: string }> } };
      const point = /^POINT\(([-\d.]+) ([-\d.]+)\)$/.exec(body.response?.docs?.[0]?.centroide_ll ?? '');
      if (!point) return { problem: `address ${postcode} ${houseNumber} not found` };
      return { longitude: Number(point[1]), latitude: Number(point[2]) };
    } catch (error) {
      return { problem: `the geocoder could not be reached (${(error as Error).message})` };
    }
  }
}
