import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../embedded-postgres';

// A fresh folder means initdb with every write flushed to the disk: on a loaded shared machine that
// alone has taken over two minutes (CI, 2026-12-01), so these two get five minutes each.
const FSYNC_HEAVY_MS = 300_000;

describe('the embedded database on a folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagebank-durable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'runs with fsync on and flushes every commit to the disk before answering',
    async () => {
      const pg = await startEmbeddedPostgres(dir);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ fsync: string; method: string }>(
          "SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method",
        );
        expect(rows[0]).toEqual({ fsync: 'on', method: 'fsync' });
        await client.query('CREATE TABLE commits (n int)');
        for (let n = 0; n < 5; n++) {
          const before = pg.fs!.flushes;
          await client.query('INSERT INTO commits VALUES ($1)', [n]);
          // The answer arrives only after a real fsync(2) of the WAL.
          expect(pg.fs!.flushes).toBeGreaterThan(before);
        }
      } finally {
        await client.end();
        await pg.stop();
      }
    },
    FSYNC_HEAVY_MS,
  );

  it(
    'keeps what was committed across a restart',
    async () => {
      const pg = await startEmbeddedPostgres(dir);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        expect((await client.query('SELECT count(*)::int AS n FROM commits')).rows[0].n).toBe(5);
      } finally {
        await client.end();
        await pg.stop();
      }
    },
    FSYNC_HEAVY_MS,
  );
});
