import 'reflect-metadata';
import { loadConfig } from '@stagebank/config';
import { ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TokenService } from '../apps/api/src/auth/token.service';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:import`: one school uploads a 20,000-row employer CSV for a dry run over HTTP
 * while another client keeps asking a trivial query; reports how long the dry run takes and how
 * long the other client waits, against a quiet baseline of the same query in the same run. On the
 * benchmark database (the national dataset, see bench-database.ts), so matching runs against
 * 250,000 employers. A dry run writes nothing.
 */
const ROWS = 20_000;
const QUIET_QUERIES = 300;
/** Gap between the other client's queries: a busy user, not a load test. */
const GAP_MS = 10;
const log = (line: string) => console.log(line);

/** 10,000 new employers with two placements each, on a grid around Utrecht; half bring coordinates, half share a site with a twin that does. */
function employerFile(run: string): Buffer {
  const lines = ['naam;kvk;sectoren;straat;huisnummer;postcode;plaats;breedtegraad;lengtegraad;stage;uren;plaatsen;contactpersoon;telefoon'];
  for (let i = 0; i < ROWS / 2; i++) {
    const kvk = i % 2 === 0 ? String(90_000_000 + i) : '';
    const site = `Bench ${run} bedrijf ${i};${kvk};Horeca, Detailhandel;Dorpsstraat;${i + 1};3511 AB;Utrecht`;
    const at = `${(52.0 + (i % 40) * 0.01).toFixed(2)};${(5.0 + Math.floor(i / 400) * 0.015).toFixed(3)}`;
    lines.push(`${site};${at};Hulp keuken;16;2;Contact ${i};030-2345678`, `${site};;;Kassa;12;1;;`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const SECRET = 'bench-secret-0123456789abcdef0123456789';
const PORT = 3121;
const root = join(__dirname, '../..');

/**
 * The service as production runs it: a process of its own, so the load generator's work (building
 * and sending a 2 MB body, timing the other client) is not counted as the service's stall.
 */
async function startService(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      AUTH_TOKEN_SECRET: SECRET,
      DATABASE_URL: url,
      PORT: String(PORT),
      SEARCH_ENGINE: 'postgres',
      // Only the request path: the change stream's consumers and sweeps would be counted as the import's.
      JOBS_IN_PROCESS: 'false',
      GEOCODER_URL: 'none',
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // The matching index builds in the background after start-up (seconds of CPU on this dataset):
  // measure after it, or the stall it causes is counted as the import's.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    const status = (await fetch(`http://127.0.0.1:${PORT}/health`, { headers: { connection: 'close' } }).then(
      (r) => r.json(),
      () => null,
    )) as { info?: { matching?: { mode: string } } } | null;
    if (status?.info?.matching?.mode === 'ok') return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main(): Promise<void> {
  const url = BENCH_DATABASE_URL;
  const schoolId = await prepareBenchDatabase(log);
  const db = new Client({ connectionString: url });
  await db.connect();
  const service = await startService(url);
  const endpoint = `http://127.0.0.1:${PORT}/graphql`;
  const { rows: users } = await db.query(`SELECT id FROM app_user WHERE email = 'bench@bench.example'`);
  const user = users[0];
  // The benchmark user acts through the services in the other benchmarks; over HTTP it needs a membership.
  await db.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, 'COORDINATOR') ON CONFLICT (user_id, organisation_id) DO NOTHING`, [
    user.id,
    schoolId,
  ]);
  const token = new TokenService(loadConfig({ AUTH_TOKEN_SECRET: SECRET })).sign({ sub: user.id, org: schoolId });

  // A new connection per request (as separate clients have), and no idle keep-alive socket for the server to reset.
  const gql = async (query: string, variables: Record<string, unknown> = {}, auth?: string) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: unknown }> };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  /** The other client: `{ __typename }` over and over, GAP_MS apart, until `until` settles. */
  const trivialLoop = async (until: Promise<unknown> | number): Promise<number[]> => {
    const times: number[] = [];
    let done = false;
    if (typeof until === 'number') {
      for (let i = 0; i < until; i++) times.push(await timedTrivial());
      return times;
    }
    void until.finally(() => (done = true));
    while (!done) {
      times.push(await timedTrivial());
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
    return times;
  };
  const timedTrivial = async () => {
    const begun = process.hrtime.bigint();
    await gql('{ __typename }');
    return elapsedMs(begun);
  };

  for (let i = 0; i < 50; i++) await timedTrivial(); // warm-up
  // The machine is shared: what else ran beside the measurement is part of the result.
  const loadBefore = loadavg();
  const quiet = summarise(await trivialLoop(QUIET_QUERIES));
  log(`quiet: ${JSON.stringify(quiet)}`);

  const run = Date.now().toString(36);
  const file = employerFile(run);
  const IMPORT = `mutation ($file: String!) { importEmployers(file: $file, dryRun: true) { rowCount problems { row column message } created { employers sites placements contacts } } }`;
  const dryRuns: number[] = [];
  const during: number[] = [];
  let created: unknown;
  for (let i = 0; i < 3; i++) {
    const begun = process.hrtime.bigint();
    const dry = gql(IMPORT, { file: file.toString('base64') }, token).then((data) => {
      dryRuns.push(elapsedMs(begun));
      const report = data.importEmployers;
      if (report.problems.length > 0) throw new Error(JSON.stringify(report.problems.slice(0, 3)));
      created = report.created;
    });
    const [times] = await Promise.all([trivialLoop(dry), dry]);
    during.push(...times);
  }
  const loadAfter = loadavg();
  const dry = summarise(dryRuns);
  const busy = summarise(during);
  log(`dry runs ${JSON.stringify(dry)} ${JSON.stringify(created)}; trivial query during them: ${JSON.stringify(busy)}`);
  service.kill('SIGTERM');
  await db.end();

  const section = [
    '## A large CSV import and everyone else (`npm run bench:import`)',
    '',
    machineLine(),
    '',
    `One client sends a ${ROWS.toLocaleString('en')}-row employer CSV (${(file.length / 1024 / 1024).toFixed(1)} MB; ${(ROWS / 2).toLocaleString('en')} new employers, half with a KvK number, two placements each, half the rows without coordinates but sharing their site with a row that has them) as \`importEmployers(dryRun: true)\` over HTTP to the service in its own process (production mode, background jobs off), three times in a row, against the national dataset; meanwhile another client sends \`{ __typename }\` over HTTP, ${GAP_MS} ms apart. The same query on the quiet service first (${QUIET_QUERIES} times) is the baseline.`,
    '',
    '| measured | n | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    statsRow(`the ${ROWS.toLocaleString('en')}-row dry run, whole request`, dry),
    statsRow('`{ __typename }` from another client, quiet service', quiet),
    statsRow('`{ __typename }` from another client, during the dry runs', busy),
    '',
    `During ÷ quiet: p50 ${(busy.p50 / quiet.p50).toFixed(1)}×, p95 ${(busy.p95 / quiet.p95).toFixed(1)}×. Would-be new records: ${JSON.stringify(created)}.`,
    '',
    `Load average (1, 5, 15 min) when the quiet baseline began: ${loadBefore.map((l) => l.toFixed(2)).join(', ')}; after the dry runs: ${loadAfter.map((l) => l.toFixed(2)).join(', ')}.`,
    '',
    '',
  ].join('\n');
  log(`wrote ${writeSection('## A large CSV import and everyone else', section)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
