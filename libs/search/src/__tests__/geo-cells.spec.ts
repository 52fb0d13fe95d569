import fc from 'fast-check';
import { haversineKmBetween } from '@stagebank/matching';
import { cellsOf, covering, edgeLevelFor, inCircle, nearestTo } from '../geo-cells';

const netherlands = fc.record({ latitude: fc.double({ min: 50.7, max: 53.6, noNaN: true }), longitude: fc.double({ min: 3.3, max: 7.3, noNaN: true }) });
const circle = fc.record({
  latitude: fc.double({ min: 50.7, max: 53.6, noNaN: true }),
  longitude: fc.double({ min: 3.3, max: 7.3, noNaN: true }),
  radiusKm: fc.oneof(fc.double({ min: 0.001, max: 3, noNaN: true }), fc.double({ min: 3, max: 60, noNaN: true }), fc.constant(500)),
});
/** A point near the circle's edge, where a wrong covering would show. */
const nearEdge = (c: { latitude: number; longitude: number; radiusKm: number }, bearing: number, stretch: number) => {
  const km = c.radiusKm * stretch;
  return {
    latitude: c.latitude + (km * Math.cos(bearing)) / 110.574,
    longitude: c.longitude + (km * Math.sin(bearing)) / (111.32 * Math.cos((c.latitude * Math.PI) / 180)),
  };
};

describe('geo cells', () => {
  it('holds every point of the circle in an inside or edge cell, and only points of the circle in inside cells', () => {
    fc.assert(
      fc.property(
        circle,
        fc.array(fc.oneof(netherlands, fc.tuple(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 0.9, max: 1.1, noNaN: true }))), {
          minLength: 1,
          maxLength: 40,
        }),
        (c, samples) => {
          const { inside, edge } = covering(c);
          const insideSet = new Set(inside);
          const edgeSet = new Set(edge);
          for (const sample of samples) {
            const p = Array.isArray(sample) ? nearEdge(c, sample[0], sample[1]) : sample;
            const cells = cellsOf(p.latitude, p.longitude);
            const inAnInside = cells.some((cell) => insideSet.has(cell));
            const inAnEdge = cells.some((cell) => edgeSet.has(cell));
            if (inCircle(c, p.latitude, p.longitude)) expect(inAnInside || inAnEdge).toBe(true);
            if (inAnInside) expect(inCircle(c, p.latitude, p.longitude)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the nearest point of a cell on the sphere, also beside it at the east and west of a wide circle', () => {
    fc.assert(
      fc.property(
        netherlands,
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 20, maxLength: 20 }),
        (p, dLat, dLon, size, samples) => {
          const [south, west] = [p.latitude + dLat, p.longitude + dLon];
          const [north, east] = [south + size, west + size * 1.6];
          const [lat, lon] = nearestTo(p.latitude, p.longitude, south, north, west, east);
          const nearest = haversineKmBetween(p.latitude, p.longitude, lat, lon);
          for (const [a, b] of samples) {
            expect(nearest).toBeLessThanOrEqual(haversineKmBetween(p.latitude, p.longitude, south + a * size, west + b * size * 1.6) + 1e-9);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives a point one cell per level, each inside the one above', () => {
    fc.assert(
      fc.property(netherlands, (p) => {
        const cells = cellsOf(p.latitude, p.longitude).map((id) => id.split('.').map(Number));
        cells.forEach(([level], i) => expect(level).toBe(i));
        for (let i = 1; i < cells.length; i++) {
          expect(Math.floor(cells[i - 1][1] / 2)).toBe(cells[i][1]);
          expect(Math.floor(cells[i - 1][2] / 2)).toBe(cells[i][2]);
        }
      }),
    );
  });

  it('keeps a covering small: edge cells about 1/64 of the radius across, the inside in coarse cells', () => {
    const utrecht = { latitude: 52.09, longitude: 5.12 };
    for (const radiusKm of [2, 10, 40]) {
      const { inside, edge, edgeLevel } = covering({ ...utrecht, radiusKm });
      expect(edgeLevel).toBe(edgeLevelFor(radiusKm));
      expect(inside.length + edge.length).toBeLessThan(1500);
      // Each edge cell reaches at most one cell's diagonal beyond the circle.
      for (const id of edge) {
        const [level, row, column] = id.split('.').map(Number);
        const diagonalKm = haversineKmBetween(
          row * 0.0025 * 2 ** level,
          column * 0.004 * 2 ** level,
          (row + 1) * 0.0025 * 2 ** level,
          (column + 1) * 0.004 * 2 ** level,
        );
        const centre = haversineKmBetween(utrecht.latitude, utrecht.longitude, (row + 0.5) * 0.0025 * 2 ** level, (column + 0.5) * 0.004 * 2 ** level);
        expect(Math.abs(centre - radiusKm)).toBeLessThanOrEqual(diagonalKm);
      }
    }
  });
});
