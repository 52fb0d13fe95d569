/** p50, p95, p99 and max of durations in ms (nearest-rank percentiles). */
export function summarise(ms: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

export const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
