import { closeSync, fsyncSync, openSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** The slice of Emscripten's NODEFS this file touches. */
interface EmscriptenStream {
  nfd?: number;
  node: unknown;
}
interface EmscriptenNodeFs {
  realPath(node: unknown): string;
  stream_ops: { fsync?: (stream: EmscriptenStream) => number };
}
interface EmscriptenModule {
  FS: { filesystems: { NODEFS: EmscriptenNodeFs } };
}
type PostgresMod = Parameters<NodeFS['init']>[1];

/**
 * PGlite's NodeFS with an fsync that reaches the disk.
 *
 * PGlite's Emscripten NODEFS has no `fsync` stream operation, so PostgreSQL's fsync() returns 0
 * without flushing anything, and `fdatasync()` is a stub that never looks at the file. With
 * `fsync=on` and `wal_sync_method=fsync` (see `DURABLE_START_PARAMS`), every WAL flush at commit
 * and every data-file and directory sync at a checkpoint goes through the operation added here,
 * which calls the real fsync(2) on the file PostgreSQL asked for.
 */
export class DurableNodeFS extends NodeFS {
  /** How many real fsync(2) calls were made: start-up, commits and checkpoints. */
  flushes = 0;

  override async init(pg: PGlite, opts: Partial<PostgresMod>): Promise<{ emscriptenOpts: Partial<PostgresMod> }> {
    const { emscriptenOpts } = await super.init(pg, opts);
    const installFsync = (mod: EmscriptenModule) => {
      const nodefs = mod.FS.filesystems.NODEFS;
      nodefs.stream_ops.fsync = (stream) => {
        if (stream.nfd !== undefined) {
          fsyncSync(stream.nfd);
        } else {
          // Directories (PostgreSQL syncs them after creating or renaming files) have no Node fd.
          const fd = openSync(nodefs.realPath(stream.node), 'r');
          try {
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
        }
        this.flushes++;
        return 0;
      };
    };
    const preRun = emscriptenOpts.preRun ?? [];
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(Array.isArray(preRun) ? preRun : [preRun]), installFsync as never] } };
  }
}

/**
 * PGlite's own start parameters minus `-F` (which turns fsync off), with the WAL synced by fsync():
 * the one call its filesystem layer can route to the disk (its fdatasync is a no-op stub).
 */
export const DURABLE_START_PARAMS: string[] = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
  '-c',
  'synchronous_commit=on',
];
