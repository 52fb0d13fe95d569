import { loadConfig } from '@stagebank/config';
import { SearchEngineName, SearchIndexName, SearchSort, meilisearchBinary } from '@stagebank/search';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningSearch, startSearch } from '../apps/api/src/bootstrap';
import { SearchService } from '../apps/api/src/search/search.service';
import { Factory } from './support/factories';
import { searchCaughtUp } from './support/search';
import { TestApp, startTestApp } from './support/test-app';

const embedded = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: () => Promise<boolean> | boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The service's own embedded Meilisearch (started as `npm start` does, through startSearch) is
 * supervised: killed, it comes back without the API restarting; hung, it does not hold up stop().
 */
(meilisearchBinary() ? describe : describe.skip)('the supervised embedded Meilisearch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagebank-supervised-meili-'));
  let search: RunningSearch;
  let t: TestApp | undefined;

  beforeAll(async () => {
    search = await startSearch(
      loadConfig({
        NODE_ENV: 'test',
        // On the embedded test database (one connection at a time) no claim is taken, as in `npm start`.
        DATABASE_URL: embedded ? undefined : process.env.STAGEBANK_TEST_DATABASE_URL,
        AUTH_TOKEN_SECRET: 'stagebank-test-run-secret-0123456789abcdef',
        SEARCH_EMBEDDED_DATA_DIR: dir,
      }),
    );
    expect(search.embedded).toBeDefined();
    t = await startTestApp({
      MEILI_URL: search.config.search.url!,
      MEILI_MASTER_KEY: search.config.search.masterKey!,
      MEILI_INDEX_PREFIX: 'supervised_',
    });
    await searchCaughtUp(t, 180_000);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    if (search?.embedded) {
      const pid = await search.embedded.serverPid();
      if (alive(pid)) process.kill(pid, 'SIGCONT');
    }
    await search?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const find = (word: string) => t!.app.get(SearchService).search(SearchIndexName.PLACEMENTS, { query: word, first: 5, sort: SearchSort.RELEVANCE });

  it('is started again after SIGKILL, and searches are answered by Meilisearch again without restarting the API', async () => {
    const meili = search.embedded!;
    const before = await find('stage');
    expect(before.engine).toBe(SearchEngineName.MEILISEARCH);

    const first = await meili.serverPid();
    process.kill(first, 'SIGKILL');
    // A placement written while it is down reaches the restarted Meilisearch through the outbox.
    const word = `Supervisie${randomUUID().slice(0, 8)}`;
    const factory = new Factory(t!);
    const { site } = await factory.employer({ name: `${word} bv` });
    await factory.placement(site.id, { title: `${word} stage` });

    await until(() => meili.restarts === 1, 60_000, 'the killed Meilisearch was not started again');
    const second = await meili.serverPid();
    expect(second).not.toBe(first);
    expect(alive(first)).toBe(false);
    expect(meili.url).toBe(search.config.search.url); // the same address: the API's client needs no change

    await until(
      async () => {
        const answer = await find(word);
        return answer.engine === SearchEngineName.MEILISEARCH && answer.total === 1;
      },
      120_000,
      'searches were not answered by Meilisearch again',
    );
    await searchCaughtUp(t!, 120_000);
  }, 300_000);

  it('does not hold up stopping longer than its bound when it hangs (SIGSTOP)', async () => {
    const meili = search.embedded!;
    const pid = await meili.serverPid();
    process.kill(pid, 'SIGSTOP'); // hung: it cannot act on SIGTERM
    await t!.close();
    t = undefined;
    const stopped = search.stop().then(() => 'stopped');
    // The default bound is 10 s; without it stop() waits for ever.
    const outcome = await Promise.race([stopped, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 60_000))]);
    expect(outcome).toBe('stopped');
    await until(() => !alive(pid), 10_000, 'the hung Meilisearch is still there');
    expect(meili.restarts).toBe(1); // the stop was asked for: no restart after it
  }, 120_000);
});
