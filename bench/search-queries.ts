import { Audience, Sector } from '@stagebank/domain';
import { SearchSort } from '@stagebank/search';
import type { SearchArgs } from '../apps/api/src/search/search.types';

/** Trade words coordinators type (one with a typo, and the empty search). */
export const WORDS = [
  'bakker',
  'magazijn',
  'zorg',
  'kok',
  'groen',
  'schoonmaak',
  'winkel',
  'monteur',
  'dieren',
  'kapper',
  'timmerman',
  'hovenier',
  'orderpicker',
  'bakerij',
  '',
];

/** A deterministic stream of coordinator searches: a trade word, sometimes a place, a radius, filters. */
export function typicalSearches(n: number, points: Array<{ lat: number; lng: number; place: string }>): SearchArgs[] {
  let seed = 2026;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  return Array.from({ length: n }, () => {
    const point = pick(points);
    const word = pick(WORDS);
    const filter: SearchArgs['filter'] = {};
    if (random() < 0.5) filter.audiences = [pick([Audience.PRO, Audience.VSO, Audience.PLP])];
    if (random() < 0.4) filter.hasFreeSeat = true;
    if (random() < 0.3) filter.sectors = [pick(Object.values(Sector))];
    const withPlace = word !== '' && random() < 0.2;
    return {
      query: withPlace ? `${word} ${point.place}` : word,
      filter,
      near: { latitude: point.lat, longitude: point.lng, radiusKm: pick([10, 20, 30, 40]) },
      sort: word === '' || random() < 0.3 ? SearchSort.DISTANCE : SearchSort.RELEVANCE,
      first: 20,
    } as SearchArgs;
  });
}
