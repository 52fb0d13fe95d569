import { loadConfig } from '@stagebank/config';
import { meilisearchBinary } from '@stagebank/search';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedSearchTakenError, startSearch } from '../apps/api/src/bootstrap';

// Only a shared PostgreSQL can have replicas; the embedded database's folder lock already keeps a
// second process out.
const shared = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED !== '1' && meilisearchBinary() !== null;

(shared ? describe : describe.skip)('one embedded Meilisearch per shared database', () => {
  const configFor = () =>
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: process.env.STAGEBANK_TEST_DATABASE_URL,
      AUTH_TOKEN_SECRET: 'stagebank-test-run-secret-0123456789abcdef',
      SEARCH_EMBEDDED_DATA_DIR: mkdtempSync(join(tmpdir(), 'stagebank-claim-')),
    });

  it('refuses a second replica its own embedded Meilisearch, saying to set MEILI_URL, until the first stops', async () => {
    const first = await startSearch(configFor());
    expect(first.description).toContain('embedded Meilisearch');
    try {
      const second = startSearch(configFor());
      await expect(second).rejects.toThrow(EmbeddedSearchTakenError);
      await expect(second).rejects.toThrow(/set MEILI_URL/);
    } finally {
      await first.stop();
    }
    const third = await startSearch(configFor());
    expect(third.description).toContain('embedded Meilisearch');
    await third.stop();
  });
});
