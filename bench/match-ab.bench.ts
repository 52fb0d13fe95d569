import 'reflect-metadata';
import { MembershipRole } from '@stagebank/domain';
import type autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { Api, PRODUCTION_NODE_FLAGS, match, matchLoad, rssMb, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { summarise } from './stats';

/**
 * `node dist/bench/match-ab.bench.js [--before-dist D] [--before-flags F] [--after-flags F] [--label L]`:
 * two API processes on the national dataset side by side, "before" (another build's dist, or other
 * node flags) and "after" (this build, production flags), both met through HTTP with the web app's
 * match query. One client alternates between them (before, after, after, before, …), then 10
 * clients hit each at the same time: both meet the same machine load, so on a shared, noisy
 * machine the ratios mean something where absolute times do not.
 */
const log = (line: string) => console.log(line);
const SECONDS = 30;
const ROUNDS = 200;

const clients = (api: Api, token: string, students: string[]): Promise<autocannon.Result> =>
  matchLoad(api, token, students, { connections: 10, seconds: SECONDS });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'before-dist': { type: 'string' }, 'before-flags': { type: 'string' }, 'after-flags': { type: 'string' }, label: { type: 'string' } },
  });
  const flags = (text: string | undefined) => (text === undefined ? PRODUCTION_NODE_FLAGS : text.split(' ').filter(Boolean));
  const before = { dist: values['before-dist'] ? resolve(values['before-dist']) : undefined, nodeFlags: flags(values['before-flags']) };
  const after = { nodeFlags: flags(values['after-flags']) };
  const describe = (side: { dist?: string; nodeFlags: string[] }) =>
    `${side.dist ? `\`${side.dist}\`` : 'this build'}, node flags \`${side.nodeFlags.join(' ') || '(none)'}\``;

  const schoolId = await prepareBenchDatabase(log);
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  const { token } = await benchMember(pg, schoolId, MembershipRole.COORDINATOR);
  const students: string[] = (await pg.query(`SELECT id FROM student_profile WHERE organisation_id = $1 ORDER BY code LIMIT 200`, [schoolId])).rows.map(
    (r) => r.id,
  );
  await pg.query(`UPDATE change_checkpoint SET snapshot = pg_current_snapshot(), updated_at = now()`);
  const [a, b] = await Promise.all([startApi(3111, before), startApi(3112, after)]);
  try {
    for (const s of students.slice(0, 20)) for (const api of [a, b]) await match(api, token, s);
    const times = { before: [] as number[], after: [] as number[] };
    let differ = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const student = students[k % students.length];
      const order = k % 2 ? ([a, b] as const) : ([b, a] as const);
      const answers: Record<number, string[]> = {};
      for (const api of order) {
        const { ms, ids } = await match(api, token, student);
        (api === a ? times.before : times.after).push(ms);
        answers[api.port] = ids;
      }
      if (answers[a.port].join() !== answers[b.port].join()) differ++;
    }
    const one = { before: summarise(times.before), after: summarise(times.after) };
    const load = loadavg()[0].toFixed(1);
    // Resident memory read every 200 ms while the clients run: the garbage between two full
    // collections is part of what a process holds, and the end of a run may fall just after one.
    const peak = { before: 0, after: 0 };
    const sampling = setInterval(() => {
      peak.before = Math.max(peak.before, rssMb(a.process.pid!));
      peak.after = Math.max(peak.after, rssMb(b.process.pid!));
    }, 200);
    const [ra, rb] = await Promise.all([clients(a, token, students), clients(b, token, students)]).finally(() => clearInterval(sampling));
    const loadAfter = loadavg()[0].toFixed(1);
    const rss = { before: rssMb(a.process.pid!), after: rssMb(b.process.pid!) };
    const many = (r: autocannon.Result) =>
      `${r.requests.average} requests/s, p50 ${r.latency.p50} ms, p97.5 ${r.latency.p97_5} ms, ${r.non2xx + r.errors} failed`;
    log(`one client: before ${JSON.stringify(one.before)}, after ${JSON.stringify(one.after)}; answers differ ${differ}/${ROUNDS}`);
    log(`10 clients each: before ${many(ra)}, RSS at most ${peak.before} MB; after ${many(rb)}, RSS at most ${peak.after} MB`);
    writeSection(
      '## Matching through HTTP, two API processes side by side',
      [
        '## Matching through HTTP, two API processes side by side (`node dist/bench/match-ab.bench.js`)',
        '',
        machineLine(),
        '',
        `${values.label ? `${values.label}. ` : ''}Before: ${describe(before)}. After: ${describe(after)}. Both on the national dataset in one PostgreSQL, production mode, the web app's \`matchPlacements(first: 20)\` for 200 students; load average ${load} at the start of the concurrent phase, ${loadAfter} at its end.`,
        '',
        '| one client, alternating between the two (same student each round) | n | p50 ms | p95 ms | p99 ms | max ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        statsRow('before', one.before),
        statsRow('after', one.after),
        '',
        `| ${SECONDS} s, 10 clients on each at the same time | requests/s | p50 ms | p97.5 ms | failed | RSS MB at the end | RSS MB at most |`,
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| before | ${ra.requests.average} | ${ra.latency.p50} | ${ra.latency.p97_5} | ${ra.non2xx + ra.errors} | ${rss.before} | ${peak.before} |`,
        `| after | ${rb.requests.average} | ${rb.latency.p50} | ${rb.latency.p97_5} | ${rb.non2xx + rb.errors} | ${rss.after} | ${peak.after} |`,
        '',
        `Ratios after ÷ before: one client p50 ${(one.after.p50 / one.before.p50).toFixed(2)}, p95 ${(one.after.p95 / one.before.p95).toFixed(2)}; requests/s ${(rb.requests.average / ra.requests.average).toFixed(2)}. Pages that differed between the two: ${differ} of ${ROUNDS}.`,
        '',
      ].join('\n'),
    );
  } finally {
    a.process.kill('SIGTERM');
    b.process.kill('SIGTERM');
    await pg.end();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // autocannon's and fetch's keep-alive sockets would hold the process open.
  .finally(() => setTimeout(() => process.exit(), 1000).unref());
