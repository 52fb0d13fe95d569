import { Sector } from '@stagebank/domain';
import {
  EmbeddedMeilisearch,
  MeiliSearchClient,
  MeilisearchIndexes,
  PlacementDocument,
  SearchIndexName,
  indexSettings,
  meilisearchClient,
  startEmbeddedMeilisearch,
} from '@stagebank/search';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainSearchDocument } from './support/search';

/**
 * Writing to Meilisearch sends only what the index does not hold as it is (MeilisearchIndexes.sendTo),
 * and never lets an older version win: while a task of the index waits, everything is sent. This
 * file runs its own Meilisearch: it keeps it busy on purpose, which would hold up other suites' tasks.
 */
const PREFIX = 'write_';
const uid = `${PREFIX}${SearchIndexName.PLACEMENTS}`;
const SCRATCH = `${PREFIX}scratch`;
let dir: string;
let meili: EmbeddedMeilisearch;
let client: MeiliSearchClient;
let indexes: MeilisearchIndexes;

// Coordinates with all their digits: Meilisearch may give some back a unit in the last place off.
const document = (i: number, title = `Stage ${i}`): PlacementDocument =>
  plainSearchDocument(
    `doc-${i}`,
    { latitude: 52.0907374 + i / 7, longitude: 5.1214201 + i / 3 },
    {
      title,
      place: 'Utrecht',
      tasks: ['afwassen'],
      sectors: [Sector.HOSPITALITY],
      sectorLabels: ['Horeca'],
      createdAt: 1_700_000_000_000 + i,
    },
  );

/** Tasks Meilisearch has been given for the index so far. */
const tasksOf = async (index: string) => (await client.tasks.getTasks({ indexUids: [index], limit: 1 })).total;
const stored = async (id: string) => (await client.index(uid).getDocument(id)) as PlacementDocument;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stagebank-write-meili-'));
  meili = await startEmbeddedMeilisearch(dir);
  client = meilisearchClient({ host: meili.url, apiKey: meili.masterKey });
  indexes = new MeilisearchIndexes(client, PREFIX);
  await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
  await client.index(uid).updateSettings(indexSettings(SearchIndexName.PLACEMENTS)).waitTask();
  await client.createIndex(SCRATCH, { primaryKey: 'id' }).waitTask();
}, 60_000);

afterAll(async () => {
  await meili?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('writing search documents to Meilisearch', () => {
  const docs = Array.from({ length: 30 }, (_, i) => document(i));

  it('sends every document the index lacks, then none of those it holds as they are', async () => {
    expect(await indexes.write(SearchIndexName.PLACEMENTS, docs, [])).toBe(30);
    const before = await tasksOf(uid);
    expect(
      await indexes.write(
        SearchIndexName.PLACEMENTS,
        docs.map((d) => JSON.parse(JSON.stringify(d))),
        [],
      ),
    ).toBe(0);
    expect(await tasksOf(uid)).toBe(before);
  });

  it('sends what changed and deletes what the index holds, and nothing for an id it never had', async () => {
    const changed = docs.map((d, i) => (i === 3 ? { ...d, hasFreeSeat: false } : d));
    expect(await indexes.write(SearchIndexName.PLACEMENTS, changed, ['doc-29', 'never-indexed'])).toBe(2);
    expect((await stored('doc-3')).hasFreeSeat).toBe(false);
    await expect(client.index(uid).getDocument('doc-29')).rejects.toThrow();
    const before = await tasksOf(uid);
    expect(await indexes.write(SearchIndexName.PLACEMENTS, changed.slice(0, 29), ['doc-29'])).toBe(0);
    expect(await tasksOf(uid)).toBe(before);
  });

  it('sends everything while a task of the index waits, so an older version queued before cannot win', async () => {
    // Meilisearch works one batch at a time: a large batch on another index keeps the older version waiting.
    const large = Array.from({ length: 10_000 }, (_, i) => ({ id: `s${i}`, text: `woord ${i} ${'x'.repeat(i % 50)}` }));
    const busy = client.index(SCRATCH).addDocuments(large);
    // Queued first, or the small task could overtake it (a task is queued once its body is read).
    await busy;
    await client.index(uid).addDocuments([document(5, 'Een oudere titel')]);
    expect((await client.tasks.getTasks({ indexUids: [uid], statuses: ['enqueued', 'processing'] })).results.length).toBeGreaterThan(0);
    // The index still holds doc-5 as PostgreSQL has it: a write that trusted that would skip it.
    expect(await indexes.write(SearchIndexName.PLACEMENTS, [docs[5]], [])).toBe(1);
    await busy.waitTask({ timeout: 60_000 });
    expect((await stored('doc-5')).title).toBe('Stage 5');
  }, 90_000);
});
