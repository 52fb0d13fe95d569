import { ChangeStream } from '../../apps/api/src/changes/change-stream';
import { SearchState, SearchIndexer } from '../../apps/api/src/search/search-indexer';
import { SearchOutbox } from '../../apps/api/src/search/search-outbox';
import { SearchTable } from '../../apps/api/src/search/search-table';
import { EmployerDocument, PlacementDocument, cellsOf } from '@stagebank/search';
import type { TestApp } from './test-app';

/** Waits until Meilisearch is ready and every change written so far has reached it. */
export async function searchCaughtUp(t: TestApp, timeoutMs = 60_000): Promise<void> {
  const indexer = t.app.get(SearchIndexer);
  const outbox = t.app.get(SearchOutbox);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pending } = await outbox.backlog();
    if (indexer.state === SearchState.READY && pending === 0) return;
    if (Date.now() > deadline)
      throw new Error(`search did not catch up in ${timeoutMs} ms: state ${indexer.state}, ${pending} changes pending (${indexer.lastError})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the PostgreSQL search's tables are filled (by anyone), then brings them up to every change written so far. */
export async function searchTablesCaughtUp(t: TestApp, timeoutMs = 60_000): Promise<void> {
  const table = t.app.get(SearchTable);
  const deadline = Date.now() + timeoutMs;
  while (await t.app.get(ChangeStream).lapsed('search-table')) {
    if (Date.now() > deadline) throw new Error(`the search tables were not filled in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await table.catchUp();
}

/**
 * A search document written straight to Meilisearch (no database behind it), with the fields of
 * both indexes: `id`, the point and whatever `fields` give, the rest plain.
 */
export function plainSearchDocument(
  id: string,
  point: { latitude: number; longitude: number },
  fields: Partial<PlacementDocument & EmployerDocument> = {},
): PlacementDocument & EmployerDocument {
  return {
    id,
    employerId: `employer-${id}`,
    employerName: 'Werkgever',
    employerKind: 'REGULAR',
    siteId: id,
    siteName: '',
    place: '',
    postcode: '',
    title: '',
    description: '',
    tasks: [],
    placementTitles: [],
    sectors: [],
    sectorLabels: [],
    tags: [],
    tagLabels: [],
    types: ['STAGE'],
    audiences: ['PRO'],
    keywords: '',
    allowancePaid: false,
    borisFlag: false,
    sbbRecognised: false,
    hasFreeSeat: true,
    open: true,
    verified: [],
    reservedFor: null,
    createdAt: 0,
    _geo: { lat: point.latitude, lng: point.longitude },
    cells: cellsOf(point.latitude, point.longitude),
    ...fields,
  } as PlacementDocument & EmployerDocument;
}
