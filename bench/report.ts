import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { summarise } from './stats';

export type Stats = ReturnType<typeof summarise>;

/** The repository's BENCHMARKS.md, whether run from the sources or from dist/. */
const benchmarksFile = (): string => {
  const file = join(__dirname, '../../BENCHMARKS.md').replace(/dist\/?/, '');
  return existsSync(file) ? file : join(process.cwd(), 'BENCHMARKS.md');
};

export const machineLine = (): string =>
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL 15 + PostGIS 3, Meilisearch 1.21; a shared, noisy machine, so compare within the run.`;

export const statsRow = (name: string, s: Stats) => `| ${name} | ${s.n} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} |`;

/** Replaces the section starting with `heading` in BENCHMARKS.md (or appends it). Returns the file written. */
export function writeSection(heading: string, section: string): string {
  const path = benchmarksFile();
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n';
  const start = existing.indexOf(heading);
  const end = start < 0 ? -1 : existing.indexOf('\n## ', start + heading.length);
  // A blank line between the section and the next, as a section's lines end with a single newline.
  const next =
    start < 0 ? `${existing.trimEnd()}\n\n${section}` : existing.slice(0, start) + section.trimEnd() + (end < 0 ? '\n' : `\n\n${existing.slice(end + 1)}`);
  writeFileSync(path, next);
  return path;
}
