import fc from 'fast-check';
import { SpatialGrid } from '../spatial-grid';

const point = fc.record({ lat: fc.double({ min: 50, max: 54, noNaN: true }), lon: fc.double({ min: 3, max: 8, noNaN: true }) });

describe('SpatialGrid', () => {
  it('yields every point inside a box (brute force), each position once', () => {
    fc.assert(
      fc.property(
        fc.array(point, { maxLength: 300 }),
        point,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.01, 0.02, 0.5),
        (points, corner, size, cell) => {
          const grid = new SpatialGrid(
            points.map((p) => p.lat),
            points.map((p) => p.lon),
            cell,
          );
          const [minLat, minLon, maxLat, maxLon] = [corner.lat, corner.lon, corner.lat + size, corner.lon + size];
          const seen: number[] = [];
          grid.spans(minLat, minLon, maxLat, maxLon, (start, end) => {
            for (let k = start; k < end; k++) seen.push(k);
          });
          expect(new Set(seen).size).toBe(seen.length);
          const inside = points.map((p, i) => [p, i] as const).filter(([p]) => p.lat >= minLat && p.lat <= maxLat && p.lon >= minLon && p.lon <= maxLon);
          const found = new Set(seen.map((k) => grid.order[k]));
          for (const [, i] of inside) expect(found.has(i)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is a permutation of the input', () => {
    const grid = new SpatialGrid([52, 51, 53, 52.5], [5, 6, 4, 5.5]);
    expect([...grid.order].sort()).toEqual([0, 1, 2, 3]);
  });
});
