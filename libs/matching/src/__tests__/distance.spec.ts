import { assess } from '../rank';
import { geodesicKm } from '../distance';
import { haversineKm } from '../travel-time';
import { DEFAULT_WEIGHTS } from '../weights';
import { OSS, PERIOD, candidate, eastOf, profile } from './fixtures';

describe('distance', () => {
  it('is the WGS84 geodesic (GeographicLib reference: Wellington to Salamanca, 19 959 679.267 m)', () => {
    expect(geodesicKm({ latitude: -41.32, longitude: 174.81 }, { latitude: 40.96, longitude: -5.5 })).toBeCloseTo(19959.679267, 6);
  });

  it('differs from the sphere where the ellipsoid matters (north–south in the Netherlands)', () => {
    const north = { latitude: OSS.latitude + 0.5, longitude: OSS.longitude };
    // A meridian degree near 52° is ~111.26 km on WGS84; the mean-radius sphere says 111.195 km.
    expect(geodesicKm(OSS, north) - haversineKm(OSS, north)).toBeGreaterThan(0.025);
  });

  it('keeps full precision in a match; sentences round to 0.1 km with a decimal comma in Dutch', () => {
    const a = assess(profile(), candidate({ location: eastOf(OSS, 2.34567) }), { period: PERIOD, weights: DEFAULT_WEIGHTS });
    if (a.excluded) throw new Error('excluded');
    expect(a.distanceKm).toBe(geodesicKm(OSS, eastOf(OSS, 2.34567)));
    expect(Math.round(a.distanceKm * 10) / 10).not.toBe(a.distanceKm);
    const travel = a.breakdown.find((l) => l.criterion === 'TRAVEL')!;
    const shown = (Math.round(a.distanceKm * 10) / 10).toFixed(1);
    expect(travel.nl).toBe(`Afstand ${shown.replace('.', ',')} km, ongeveer ${a.travelMinutes} minuten reizen.`);
    expect(travel.en).toBe(`Distance ${shown} km, about ${a.travelMinutes} minutes of travel.`);
  });

  it('judges the km limit on the exact distance, not a rounded one', () => {
    const p = profile({ maxTravelKm: 5 });
    const justOver = candidate({ location: eastOf(OSS, 5.03) });
    const d = geodesicKm(OSS, justOver.location);
    expect(d).toBeGreaterThan(5);
    expect(assess(p, justOver, { period: PERIOD, weights: DEFAULT_WEIGHTS }).excluded).toBe(true);
  });
});
