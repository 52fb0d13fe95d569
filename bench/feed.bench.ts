import 'reflect-metadata';
import { MembershipRole } from '@stagebank/domain';
import { Client } from 'pg';
import { Api, rssMb, benchMember, startApi } from './api-process';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { machineLine, statsRow, writeSection } from './report';
import { elapsedMs, summarise } from './stats';

/**
 * `npm run bench:feed`: the change feed as an integrating tool meets it, through HTTP on the national
 * dataset in real PostgreSQL: a school's administration system mirroring the network with
 * `changes(after:)`. While 20 writes a second change placements anywhere in the country (seats),
 * the mirror polls for the next page as soon as it has applied the last one; the benchmark times
 * each page and how long a committed write takes to appear in it. Then a mirror that was away
 * catches up on everything written meanwhile, page by page (first: 100).
 */
const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WRITES_PER_SECOND = 20;
const SECONDS = 30;

const PAGE = `query ($after: String, $first: Int) { changes(after: $after, first: $first, kinds: [PLACEMENT]) {
  nodes { cursor kind operation entityId placementId } pageInfo { endCursor hasNextPage } } }`;

interface Page {
  nodes: Array<{ cursor: string; kind: string; entityId: string }>;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

async function gql<T>(api: Api, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown; data?: T };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function main(): Promise<void> {
  const schoolId = await prepareBenchDatabase(log);
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  const { token } = await benchMember(pg, schoolId, MembershipRole.SCHOOL_ADMIN);
  const placements: string[] = (await pg.query(`SELECT id FROM placement TABLESAMPLE SYSTEM (1) LIMIT 2000`)).rows.map((r) => r.id);
  await pg.query(`UPDATE change_checkpoint SET snapshot = pg_current_snapshot(), updated_at = now()`);
  const api = await startApi(3141);
  try {
    const head = (await gql<{ changesHead: string }>(api, token, `{ changesHead }`)).changesHead;

    // The writer notes when each write committed; the mirror notes when it first saw that placement change.
    const committed = new Map<string, number>();
    const lags: number[] = [];
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const next = Date.now() + 1000 / WRITES_PER_SECOND;
        const id = placements[i % placements.length];
        // Always a real change: a write that sets the same value is no change and never reaches the feed.
        await pg.query(`UPDATE placement SET seats = CASE WHEN seats >= 4 THEN 1 ELSE seats + 1 END WHERE id = $1`, [id]);
        if (!committed.has(id)) committed.set(id, performance.now());
        written++;
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
    const pageTimes: number[] = [];
    let cursor = head;
    const mirror = (async () => {
      const until = Date.now() + SECONDS * 1000;
      while (Date.now() < until) {
        const started = process.hrtime.bigint();
        const page = (await gql<{ changes: Page }>(api, token, PAGE, { after: cursor, first: 100 })).changes;
        pageTimes.push(elapsedMs(started));
        const now = performance.now();
        for (const node of page.nodes) {
          const at = committed.get(node.entityId);
          if (at !== undefined) {
            lags.push(now - at);
            committed.delete(node.entityId);
          }
        }
        cursor = page.pageInfo.endCursor ?? cursor;
        if (page.nodes.length === 0) await sleep(50);
      }
    })();
    await mirror;
    writing = false;
    await writer;
    log(`live: ${written} writes, ${pageTimes.length} pages, ${lags.length} writes seen`);

    // A mirror that was away for the whole run catches up from the head it took before it.
    const catchUp: number[] = [];
    let caughtUp = 0;
    let after: string | null = head;
    const started = process.hrtime.bigint();
    for (;;) {
      const pageStarted = process.hrtime.bigint();
      const page: Page = (await gql<{ changes: Page }>(api, token, PAGE, { after, first: 100 })).changes;
      catchUp.push(elapsedMs(pageStarted));
      caughtUp += page.nodes.length;
      after = page.pageInfo.endCursor ?? after;
      if (!page.pageInfo.hasNextPage) break;
    }
    const catchUpMs = elapsedMs(started);
    log(`catch-up: ${caughtUp} changes in ${catchUp.length} pages, ${catchUpMs.toFixed(0)} ms`);

    const section = `## The change feed for other tools (\`npm run bench:feed\`)

${machineLine()}

Through HTTP (\`POST /graphql\`) against one API process in production mode on the national dataset
(400,000 placements), as a school's administration system mirroring the network meets it:
\`changes(after:, first: 100, kinds: [PLACEMENT])\` polled again as soon as a page is applied (50 ms
pause when a page came back empty), while ${WRITES_PER_SECOND} writes a second change placements
anywhere in the country for ${SECONDS} s (${written} writes). Lag is from a write's commit (as the writer
saw it) to the first page that carried it. Then a mirror that was away for the whole run catches up
from the cursor it took before (\`changesHead\`): ${caughtUp} changes in ${catchUp.length} pages,
${(catchUpMs / 1000).toFixed(2)} s (${Math.round(caughtUp / (catchUpMs / 1000))} changes/s). API
resident memory at the end: ${rssMb(api.process.pid!)} MB.

| operation | n | p50 ms | p95 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: | ---: |
${statsRow('a page of the feed while it is written to (`first: 100`)', summarise(pageTimes))}
${statsRow('write committed → in the feed', summarise(lags))}
${statsRow('a page while catching up (full pages of 100)', summarise(catchUp))}
`;
    log(`Wrote ${writeSection('## The change feed for other tools', section)}`);
  } finally {
    api.process.kill('SIGTERM');
    await pg.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
