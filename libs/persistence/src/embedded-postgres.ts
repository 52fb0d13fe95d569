import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir } from './data-dir-lock';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-node-fs';

export interface EmbeddedPostgres {
  /** A postgres:// URL for the `pg` driver. PGlite is one session: use a pool of one connection. */
  url: string;
  /** The folder's filesystem layer, when commits are flushed to disk (a folder, `durable` not false). */
  fs: DurableNodeFS | null;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * Flush every commit to the disk (fsync on, through `DurableNodeFS`). On by default for a folder;
   * `false` only for measuring what it costs (bench:durability). Ignored for `memory://`.
   */
  durable?: boolean;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) with PostGIS, pg_trgm and unaccent, and
 * serves it on a free loopback port, so the app talks to it through the ordinary `pg` driver.
 * `dataDir` is a folder, or `memory://` for a throw-away database.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let release = () => {};
  const onDisk = !dataDir.startsWith('memory://');
  // PGlite's defaults run with fsync off and a filesystem layer that never flushes: an OS crash or
  // power cut could lose acknowledged commits and corrupt the folder.
  const fs = onDisk && options.durable !== false ? new DurableNodeFS(dataDir) : null;
  if (onDisk) {
    mkdirSync(dataDir, { recursive: true });
    // Two processes on one folder both take writes and lose half of them: refuse the second.
    release = lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    const extensions = { postgis, pg_trgm, unaccent };
    db = await PGlite.create(fs ? { fs, startParams: DURABLE_START_PARAMS, extensions } : { dataDir, extensions });
  } catch (error) {
    release();
    throw error;
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    fs,
    async stop() {
      await server.stop();
      // Socket close handlers run on setImmediate and still ask PGlite about open transactions.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await db.close();
      release();
    },
  };
}
