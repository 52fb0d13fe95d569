/**
 * Points sorted into a uniform latitude/longitude grid, row-major, so the points of one row of
 * cells form one contiguous span: a box query yields index spans, not a list of ids. Chosen over a
 * KD-tree because radius scans here visit tens of thousands of points, where building the id list
 * cost more than scanning them (see BENCHMARKS.md).
 */
export class SpatialGrid {
  /** The input positions in grid order: `order[k]` is the original index of the k-th point. */
  readonly order: Int32Array;
  private readonly cellStart: Int32Array;
  private readonly columns: number;
  private readonly rows: number;
  private readonly minLat: number;
  private readonly minLon: number;
  private readonly cellDeg: number;

  constructor(latitudes: ArrayLike<number>, longitudes: ArrayLike<number>, cellDeg = 0.02) {
    const n = latitudes.length;
    let minLat = Infinity;
    let maxLat = -Infinity;
    let minLon = Infinity;
    let maxLon = -Infinity;
    for (let i = 0; i < n; i++) {
      minLat = Math.min(minLat, latitudes[i]);
      maxLat = Math.max(maxLat, latitudes[i]);
      minLon = Math.min(minLon, longitudes[i]);
      maxLon = Math.max(maxLon, longitudes[i]);
    }
    if (n === 0) minLat = maxLat = minLon = maxLon = 0;
    // Keep the grid to a few million cells whatever the spread of the points.
    while (((maxLat - minLat) / cellDeg + 1) * ((maxLon - minLon) / cellDeg + 1) > 4_000_000) cellDeg *= 2;
    this.cellDeg = cellDeg;
    this.minLat = minLat;
    this.minLon = minLon;
    this.rows = Math.floor((maxLat - minLat) / cellDeg) + 1;
    this.columns = Math.floor((maxLon - minLon) / cellDeg) + 1;
    const cellOf = new Int32Array(n);
    const counts = new Int32Array(this.rows * this.columns + 1);
    for (let i = 0; i < n; i++) {
      const cell = this.row(latitudes[i]) * this.columns + this.column(longitudes[i]);
      cellOf[i] = cell;
      counts[cell + 1]++;
    }
    for (let c = 1; c < counts.length; c++) counts[c] += counts[c - 1];
    this.cellStart = counts;
    const next = counts.slice();
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[next[cellOf[i]]++] = i;
  }

  /** Calls `visit(start, end)` for each span of grid positions whose cells overlap the box. */
  spans(minLat: number, minLon: number, maxLat: number, maxLon: number, visit: (start: number, end: number) => void): void {
    const r0 = this.row(minLat);
    const r1 = this.row(maxLat);
    const c0 = this.column(minLon);
    const c1 = this.column(maxLon);
    for (let r = r0; r <= r1; r++) {
      const start = this.cellStart[r * this.columns + c0];
      const end = this.cellStart[r * this.columns + c1 + 1];
      if (end > start) visit(start, end);
    }
  }

  /** Whether two points fall in the same cell (clamped to the grid's edge like a query box), so one can take the other's slot. */
  sameCell(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): boolean {
    return this.row(a.latitude) === this.row(b.latitude) && this.column(a.longitude) === this.column(b.longitude);
  }

  private row(latitude: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((latitude - this.minLat) / this.cellDeg)));
  }

  private column(longitude: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((longitude - this.minLon) / this.cellDeg)));
  }
}
