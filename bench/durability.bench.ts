/**
 * What a durable commit costs on the embedded database: the same stream of small write
 * transactions against two fresh folders, one with the default (fsync on, `DurableNodeFS`
 * flushing to the disk) and one with PGlite's own settings (fsync off, nothing flushed).
 *
 *   npm run bench:durability        (COMMITS=500 ROWS=20000 to change the sizes)
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@stagebank/persistence';
import { machineLine, writeSection } from './report';
import { elapsedMs, summarise } from './stats';

const COMMITS = Number(process.env.COMMITS ?? 500);
const ROWS = Number(process.env.ROWS ?? 20_000);

const folderBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((sum, e) => (e.isFile() ? sum + statSync(join(e.parentPath, e.name)).size : sum), 0);

async function run(durable: boolean) {
  const dir = mkdtempSync(join(tmpdir(), `stagebank-bench-durability-${durable ? 'on' : 'off'}-`));
  const pg = await startEmbeddedPostgres(dir, { durable });
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  try {
    await client.query(
      'CREATE TABLE placement_note (id serial PRIMARY KEY, placement int NOT NULL, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())',
    );
    await client.query('CREATE INDEX ON placement_note (placement)');
    await client.query(`INSERT INTO placement_note (placement, body) SELECT g % 997, repeat(md5(g::text), 8) FROM generate_series(1, ${ROWS}) g`);
    await client.query('CHECKPOINT');
    const ms: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      const start = process.hrtime.bigint();
      // One transaction as a mutation makes it: a write and an audit-style second write.
      await client.query('BEGIN');
      await client.query('INSERT INTO placement_note (placement, body) VALUES ($1, $2)', [i % 997, `note ${i} `.repeat(20)]);
      await client.query('UPDATE placement_note SET at = now() WHERE id = $1', [1 + (i % ROWS)]);
      await client.query('COMMIT');
      ms.push(elapsedMs(start));
    }
    return { stats: summarise(ms), flushes: pg.fs?.flushes ?? 0, bytes: folderBytes(dir) };
  } finally {
    await client.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const on = await run(true);
  const off = await run(false);
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const section = [
    '## Durable commits on the embedded database (`npm run bench:durability`)',
    '',
    machineLine(),
    '',
    `${COMMITS} write transactions (an INSERT and an UPDATE each), one after another through the \`pg\` driver, on a fresh folder holding a ${ROWS.toLocaleString('en')}-row table (${mb(on.bytes)} MB folder afterwards). "Durable" is the default: fsync on, \`wal_sync_method=fsync\`, and \`DurableNodeFS\` calling fsync(2) on the files PostgreSQL syncs. "Not flushed" is PGlite's own setting (\`-F\`, a filesystem layer without fsync), what the embedded default ran before.`,
    '',
    '| Setting | Commits | p50 ms | p95 ms | fsync(2) calls |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| Durable (default) | ${on.stats.n} | ${on.stats.p50} | ${on.stats.p95} | ${on.flushes} |`,
    `| Not flushed | ${off.stats.n} | ${off.stats.p50} | ${off.stats.p95} | 0 |`,
    '',
    `Ratio durable / not flushed: p50 × ${(on.stats.p50 / off.stats.p50).toFixed(1)}, p95 × ${(on.stats.p95 / off.stats.p95).toFixed(1)}. The cost is the disk's flush time, paid once per commit; reads do not pay it. Measured on this machine's disk (a virtual disk whose flush may itself be cached by the host), so a laptop SSD will differ.`,
    '',
  ].join('\n');
  console.log(section);
  console.log(`written to ${writeSection('## Durable commits on the embedded database', section)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
