import { loadConfig } from '@stagebank/config';
import { SearchEngineName, SearchIndexName, SearchSort, meilisearchBinary } from '@stagebank/search';
import { ChildProcess, spawn } from 'node:child_process';
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

/**
 * No Meilisearch outlives the process that started it, however that process dies: killed with
 * SIGKILL (no chance to stop it), with its Meilisearch healthy or hung.
 */
(meilisearchBinary() ? describe : describe.skip)('an embedded Meilisearch whose owner is killed', () => {
  const root = join(__dirname, '..');

  async function owner(): Promise<{ child: ChildProcess; server: number; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'stagebank-orphan-meili-'));
    const child = spawn(process.execPath, ['-r', './test/support/register-ts.cjs', 'test/support/embedded-meilisearch-child.ts', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const server = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /^server (\d+)$/m.exec((out += chunk.toString()));
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the owner exited (${code}) before its Meilisearch was up: ${out}`)));
    });
    return { child, server, dir };
  }

  it.each([
    ['healthy', false],
    ['hung (SIGSTOP)', true],
  ])(
    'stops a %s Meilisearch when its owner is killed with SIGKILL',
    async (_state, hung) => {
      const { child, server, dir } = await owner();
      try {
        expect(alive(server)).toBe(true);
        if (hung) process.kill(server, 'SIGSTOP');
        child.kill('SIGKILL');
        // TERM at once; a hung one gets CONT with it, and KILL after the watchdog's 10 s grace.
        await until(() => !alive(server), 30_000, `Meilisearch ${server} outlived its killed owner`);
      } finally {
        if (alive(server)) process.kill(server, 'SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
