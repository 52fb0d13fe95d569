import request from 'supertest';
import { Factory } from './support/factories';
import { SearchIndexName } from '@stagebank/search';
import { SearchIndexer } from '../apps/api/src/search/search-indexer';
import { searchCaughtUp } from './support/search';
import { startTestApp, TestApp } from './support/test-app';

const meiliUrl = process.env.STAGEBANK_TEST_MEILI_URL;

(meiliUrl ? describe : describe.skip)('/health compares the search index with the database', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  // Later files share this Meilisearch: give them back the whole index this file emptied.
  afterAll(async () => {
    await t.app.get(SearchIndexer).rebuild(SearchIndexName.PLACEMENTS);
    await t.close();
  });

  const searchHealth = async () => (await request(t.app.getHttpServer()).get('/health').expect(200)).body.info.search;

  it('reports degraded, with both counts, when the index lacks documents no change is bringing', async () => {
    const f = new Factory(t);
    const { site } = await f.employer();
    await f.placement(site.id);
    await searchCaughtUp(t);
    // Files share the database, and search.outbox's app follows the change stream into a Meilisearch
    // of its own: its rows never reach this one, and /health rightly calls that out of step. Start
    // from indexes built whole.
    for (const index of Object.values(SearchIndexName)) await t.app.get(SearchIndexer).rebuild(index);
    const before = await searchHealth();
    // "ok" says the counts agree but for changes on their way, which /health allows for.
    expect(before).toMatchObject({ mode: 'ok' });
    expect(before.documents.placements.index).toBeGreaterThan(0);

    // Documents gone from the index behind the service's back (as when another replica's embedded
    // Meilisearch took their changes): nothing in the outbox will bring them back.
    const headers = { authorization: `Bearer ${process.env.STAGEBANK_TEST_MEILI_MASTER_KEY}`, 'content-type': 'application/json' };
    const task = (await (await fetch(`${meiliUrl}/indexes/test_placements/documents`, { method: 'DELETE', headers })).json()) as { taskUid: number };
    for (;;) {
      const { status } = (await (await fetch(`${meiliUrl}/tasks/${task.taskUid}`, { headers })).json()) as { status: string };
      if (status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const after = await searchHealth();
    expect(after.mode).toBe('degraded');
    // All gone (other files' writes may have brought back a few since).
    expect(after.documents.placements.index).toBeLessThan(before.documents.placements.index / 2);
    expect(after.documents.placements.database).toBeGreaterThan(0);
    expect(after.notice).toMatch(/placements has \d+ documents for \d+ rows/);
  });
});
