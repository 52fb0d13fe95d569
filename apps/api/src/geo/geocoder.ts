import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** The outcome of one lookup: coordinates, or why there are none. */
export type GeocodeResult = Coordinates | { problem: string };

/**
 * Turns Dutch addresses and postcodes into coordinates with the PDOK Locatieserver (the
 * government's BAG-based geocoder; free, no key): `free?q=postcode:1234AB and huisnummer:12&fq=type:adres`.
 * With GEOCODER_URL=none there is no geocoding, and callers must bring their own coordinates.
 */
@Injectable()
export class Geocoder {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.geocoderUrl !== null;
  }

  /** One address: postcode and house number (additions such as "12a" are looked up as 12). */
  locate(postcode: string, houseNumber: string): Promise<GeocodeResult> {
    const number = /^\d+/.exec(houseNumber)?.[0] ?? houseNumber;
    return this.lookup(`postcode:${compact(postcode)} and huisnummer:${number}`, 'adres', `address ${postcode} ${houseNumber}`);
  }

  /** The centre of a postcode area ("1234 AB"): where a student lives, without their address. */
  locatePostcode(postcode: string): Promise<GeocodeResult> {
    return this.lookup(`postcode:${compact(postcode)}`, 'postcode', `postcode ${postcode}`);
  }

  /** The centre of the postcode, or BAD_USER_INPUT at `field` saying why it could not be placed. */
  async requirePostcode(postcode: string, field: string): Promise<Coordinates> {
    const found = await this.locatePostcode(postcode);
    if ('problem' in found) throw StagebankError.badInput(field, `${found.problem}: give the coordinates (homeLocation) instead`);
    return found;
  }

  private async lookup(query: string, type: 'adres' | 'postcode', what: string): Promise<GeocodeResult> {
    if (!this.config.geocoderUrl) return { problem: 'no coordinates, and geocoding is off (GEOCODER_URL=none)' };
    const url = new URL(`${this.config.geocoderUrl}/free`);
    url.searchParams.set('q', query);
    url.searchParams.set('fq', `type:${type}`);
    url.searchParams.set('fl', 'centroide_ll');
    url.searchParams.set('rows', '1');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) return { problem: `the geocoder answered HTTP ${response.status}` };
      const body = (await response.json()) as { response?: { docs?: Array<{ centroide_ll?: string }> } };
      const point = /^POINT\(([-\d.]+) ([-\d.]+)\)$/.exec(body.response?.docs?.[0]?.centroide_ll ?? '');
      if (!point) return { problem: `${what} not found` };
      return { longitude: Number(point[1]), latitude: Number(point[2]) };
    } catch (error) {
      return { problem: `the geocoder could not be reached (${(error as Error).message})` };
    }
  }
}

const compact = (postcode: string) => postcode.replace(/\s/g, '').toUpperCase();
