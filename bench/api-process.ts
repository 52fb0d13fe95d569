import { loadConfig } from '@stagebank/config';
import { MembershipRole } from '@stagebank/domain';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { TokenService } from '../apps/api/src/auth/token.service';
import { BENCH_DATABASE_URL } from './bench-database';
import { elapsedMs } from './stats';

/** The token secret the benchmarks' API processes verify with (and sign their coordinator's token). */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789';

/** The token the benchmarks' API processes serve /metrics with. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-0123456789abcdef';

/** Node's flags for an API process in production (package.json `start:prod`, the Dockerfile): see docs/topology.md. */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The web app's match query: 20 results with breakdown, placement, employer and site. */
export const MATCH = `query ($id: ID!) { matchPlacements(studentId: $id, first: 20) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { placementId score distanceKm travelMinutes
    breakdown { criterion points raw weight explanationNl explanationEn }
    placement { title type sector freeSeats } employer { id name } site { place } } } } }`;

export interface Api {
  port: number;
  process: ChildProcess;
  readyMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The API processes this benchmark started and that have not exited. */
const children = new Set<ChildProcess>();
let guarded = false;

/**
 * A benchmark stopped by a signal runs no `finally`, so its API processes would go on serving on
 * the benchmark's port, and the next run would find one there and measure it instead of its own.
 * On SIGINT, SIGTERM or SIGHUP they are stopped first, then the signal is raised again so that the
 * benchmark ends as it would have; on any exit they are stopped too. (Only SIGKILL leaves them:
 * `pkill -f main.js`.)
 */
function stopChildrenOnExit(): void {
  if (guarded) return;
  guarded = true;
  const stopAll = () => {
    for (const child of children) child.kill('SIGTERM');
  };
  process.once('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      stopAll();
      process.kill(process.pid, signal);
    });
}

/**
 * An API process in production mode on the national dataset, as `start:prod` runs it (or with
 * other node flags, another build's `main.js`, or more environment), once its matching index is ready.
 */
export async function startApi(port: number, options: { nodeFlags?: string[]; dist?: string; env?: Record<string, string> } = {}): Promise<Api> {
  const started = process.hrtime.bigint();
  const main = join(options.dist ?? join(__dirname, '..'), 'apps/api/src/main.js');
  const child = spawn(process.execPath, ['--max-old-space-size=4096', ...(options.nodeFlags ?? PRODUCTION_NODE_FLAGS), main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: BENCH_DATABASE_URL,
      PORT: String(port),
      AUTH_TOKEN_SECRET: BENCH_SECRET,
      SEARCH_ENGINE: 'postgres',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      MATCHING_WARMUP_WAIT_MS: '0',
      GEOCODER_URL: 'none',
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  stopChildrenOnExit();
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API on port ${port} exited with ${child.exitCode}`);
    const health = (await fetch(`http://127.0.0.1:${port}/health`)
      .then((r) => r.json())
      .catch(() => null)) as { info?: { matching?: { mode: string } } } | null;
    if (health?.info?.matching?.mode === 'ok') return { port, process: child, readyMs: elapsedMs(started) };
    await sleep(200);
  }
}

export const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

/**
 * GraphQL operations the process has answered in more than 1 s, by its own clock (the
 * stagebank_graphql_operation_duration_seconds histogram): unlike a load generator's count, this
 * includes requests still running when the load stopped.
 */
export async function answeredInOverOneSecond(api: Api): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${api.port}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  // A refused or failed scrape would read as no slow answers at all.
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  const text = await res.text();
  let over = 0;
  for (const line of text.split('\n')) {
    const [series, value] = line.split(' ');
    if (series?.startsWith('stagebank_graphql_operation_duration_seconds_count')) over += Number(value);
    else if (series?.startsWith('stagebank_graphql_operation_duration_seconds_bucket') && series.includes('le="1"')) over -= Number(value);
  }
  return over;
}

/** One `matchPlacements` through HTTP: its time and the placements it offered. */
export async function match(api: Api, token: string, studentId: string): Promise<{ ms: number; ids: string[] }> {
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: MATCH, variables: { id: studentId } }),
  });
  const body = (await res.json()) as { errors?: unknown; data: { matchPlacements: { edges: Array<{ node: { placementId: string } }> } } };
  const ms = elapsedMs(started);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { ms, ids: body.data.matchPlacements.edges.map((e) => e.node.placementId) };
}

/**
 * `connections` clients sending the web app's `matchPlacements` for `students` in turn, for
 * `seconds`; `onResponse` hears each response's time (ms). autocannon's own summary is returned.
 */
export function matchLoad(
  api: Api,
  token: string,
  students: string[],
  { connections, seconds, onResponse }: { connections: number; seconds: number; onResponse?: (ms: number) => void },
): Promise<autocannon.Result> {
  let i = 0;
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${api.port}`,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: MATCH, variables: { id: students[i++ % students.length] } }) }),
          },
        ],
      },
      (error, result) => (error ? fail(error) : done(result)),
    );
    if (onResponse) instance.on('response', (_client, _status, _bytes, responseTime) => onResponse(responseTime));
  });
}

/** A new member of `organisationId` in the benchmark database, and a token the benchmarks' API processes accept for them. */
export async function benchMember(pg: Client, organisationId: string, role: MembershipRole): Promise<{ userId: string; token: string }> {
  const { rows } = await pg.query(
    `WITH u AS (INSERT INTO app_user (display_name, email) VALUES ('Bench ' || $3, $3 || '-' || gen_random_uuid() || '@bench.example') RETURNING id)
     INSERT INTO membership (user_id, organisation_id, role) SELECT id, $1, $2 FROM u RETURNING user_id`,
    [organisationId, role, role.toLowerCase()],
  );
  const userId: string = rows[0].user_id;
  return { userId, token: new TokenService(loadConfig({ AUTH_TOKEN_SECRET: BENCH_SECRET })).sign({ sub: userId, org: organisationId }) };
}
