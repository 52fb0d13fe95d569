import { haversineKmBetween } from '@stagebank/matching';
import { HIGHLIGHTED, MAX_TOTAL_HITS, indexSettings } from './index-settings';
import { MARK_END, MARK_START, highlightsOf } from './highlight';
import type { MeiliSearchClient } from './meilisearch-client';
import {
  FACET_ATTRIBUTE,
  FILTER_FACET,
  SearchEngine,
  SearchEngineName,
  SearchFilter,
  SearchHit,
  SearchIndexName,
  SearchNear,
  SearchRequest,
  SearchResponse,
  SearchSort,
  byCountThenValue,
} from './model';
import type { EmployerDocument, PlacementDocument } from './documents';

type Document = PlacementDocument | EmployerDocument;

const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/** The filter expression for Meilisearch. Values are enum members or booleans, never free text. */
export function meilisearchFilter(filter: SearchFilter, near: SearchNear | null, index = SearchIndexName.PLACEMENTS): string[] {
  const parts: string[] = [];
  if (!filter.includeClosed) parts.push('open = true');
  // An organisation id is a UUID the API checked, never free text.
  if (filter.hideReservedExceptFor && index === SearchIndexName.PLACEMENTS) {
    parts.push(`(reservedFor IS NULL OR reservedFor = ${JSON.stringify(filter.hideReservedExceptFor)})`);
  }
  for (const [key, facet] of FILTER_FACET) {
    const value = filter[key];
    if (Array.isArray(value) && value.length) parts.push(`${FACET_ATTRIBUTE[facet]} IN ${list(value)}`);
    if (typeof value === 'boolean') parts.push(`${FACET_ATTRIBUTE[facet]} = ${value}`);
  }
  for (const flag of filter.verified ?? []) parts.push(`verified = ${JSON.stringify(flag)}`);
  if (near) parts.push(`_geoRadius(${near.latitude}, ${near.longitude}, ${Math.round(near.radiusKm * 1000)})`);
  return parts;
}

export function meilisearchSort(request: SearchRequest): string[] | undefined {
  if (request.sort === SearchSort.DISTANCE && request.near) return [`_geoPoint(${request.near.latitude}, ${request.near.longitude}):asc`];
  if (request.sort === SearchSort.NEWEST || (request.sort === SearchSort.RELEVANCE && request.query.trim() === '')) return ['createdAt:desc'];
  return undefined;
}

const round1 = (km: number) => Math.round(km * 10) / 10;

/** Placement and employer search on Meilisearch, through the indexes `<prefix>placements` and `<prefix>employers`. */
export class MeilisearchSearchEngine implements SearchEngine {
  readonly name = SearchEngineName.MEILISEARCH;

  constructor(
    private readonly client: MeiliSearchClient,
    private readonly prefix: string,
  ) {}

  uid(index: SearchIndexName): string {
    return `${this.prefix}${index}`;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const fields = HIGHLIGHTED[request.index];
    // With no words there is nothing to mark, and with no facets asked none are counted: both cost time.
    const marking = request.query.trim() !== '';
    const result = await this.client.index<Document>(this.uid(request.index)).search(request.query, {
      filter: meilisearchFilter(request.filter, request.near, request.index),
      sort: meilisearchSort(request),
      offset: request.offset,
      limit: request.limit,
      facets: request.facets.length ? request.facets.map((f) => FACET_ATTRIBUTE[f]) : undefined,
      attributesToRetrieve: marking ? ['id', 'employerId', 'siteId', '_geo', ...fields] : ['id', 'employerId', 'siteId', '_geo'],
      attributesToHighlight: marking ? fields : [],
      attributesToCrop: marking ? ['description'] : [],
      cropLength: 24,
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
      matchingStrategy: 'all',
    });
    const hits: SearchHit[] = result.hits.map((hit) => ({
      id: request.index === SearchIndexName.PLACEMENTS ? hit.id : hit.employerId,
      siteId: hit.siteId,
      distanceKm: request.near ? round1(haversineKmBetween(request.near.latitude, request.near.longitude, hit._geo.lat, hit._geo.lng)) : null,
      highlights: marking ? highlightsOf((hit._formatted ?? {}) as Record<string, unknown>, fields) : [],
    }));
    const distribution = result.facetDistribution ?? {};
    return {
      hits,
      total: Math.min(result.estimatedTotalHits ?? hits.length, MAX_TOTAL_HITS),
      facets: request.facets.map((facet) => ({
        facet,
        values: Object.entries(distribution[FACET_ATTRIBUTE[facet]] ?? {})
          .map(([value, count]) => ({ value, count }))
          .sort(byCountThenValue),
      })),
      engine: this.name,
    };
  }
}

/** Waits for a Meilisearch task and fails loudly when the task failed. */
async function settled(
  task: { waitTask(options?: { timeout?: number; interval?: number }): Promise<{ status: string; error?: { message: string } | null }> },
  timeout = 120_000,
) {
  const done = await task.waitTask({ timeout, interval: 20 });
  if (done.status !== 'succeeded') throw new Error(`Meilisearch task ${done.status}: ${done.error?.message ?? 'no reason given'}`);
}

/** Creating indexes, applying their settings, writing documents and swapping in a rebuilt index. */
export class MeilisearchIndexes {
  constructor(
    private readonly client: MeiliSearchClient,
    private readonly prefix: string,
  ) {}

  uid(index: SearchIndexName): string {
    return `${this.prefix}${index}`;
  }

  /** Creates missing indexes and applies the declared settings; returns the indexes that were created. */
  async ensure(): Promise<SearchIndexName[]> {
    const created: SearchIndexName[] = [];
    for (const index of Object.values(SearchIndexName)) {
      const uid = this.uid(index);
      const exists = await this.client.getIndex(uid).then(
        () => true,
        (error: { cause?: { code?: string } }) => {
          if (error.cause?.code === 'index_not_found') return false;
          throw error;
        },
      );
      if (!exists) {
        await settled(this.client.createIndex(uid, { primaryKey: 'id' }));
        created.push(index);
      }
      await settled(this.client.index(uid).updateSettings(indexSettings(index)));
    }
    return created;
  }

  /** Upserts `documents` (whole documents replace) and deletes `deletedIds`, then waits until both are searchable. */
  write(index: SearchIndexName, documents: Document[], deletedIds: string[]): Promise<void> {
    return this.writeTo(this.uid(index), documents, deletedIds);
  }

  private async writeTo(uid: string, documents: Document[], deletedIds: string[]): Promise<void> {
    const target = this.client.index(uid);
    if (documents.length) await settled(target.addDocuments(documents, { primaryKey: 'id' }));
    if (deletedIds.length) await settled(target.deleteDocuments(deletedIds));
  }

  async count(index: SearchIndexName): Promise<number> {
    return (await this.client.index(this.uid(index)).getStats()).numberOfDocuments;
  }

  /**
   * Builds the index anew into `<uid>_rebuild`, swaps it with the live one (searches never see a
   * half-built index) and drops the old one. `catchUp` runs just before the swap and may write to
   * the new index what changed while it was being built, so that a document already searchable in
   * the old index does not drop out of search when the new one takes its place.
   */
  async rebuild(
    index: SearchIndexName,
    batches: AsyncIterable<Document[]>,
    catchUp?: (write: (documents: Document[], deletedIds: string[]) => Promise<void>) => Promise<void>,
  ): Promise<number> {
    const uid = this.uid(index);
    const staging = `${uid}_rebuild`;
    await settled(this.client.deleteIndex(staging)).catch(() => undefined);
    await settled(this.client.createIndex(staging, { primaryKey: 'id' }));
    const target = this.client.index(staging);
    await settled(target.updateSettings(indexSettings(index)));
    let count = 0;
    const pending: Array<Promise<void>> = [];
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      count += batch.length;
      const written = settled(target.addDocuments(batch, { primaryKey: 'id' }), 600_000);
      written.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      pending.push(written);
      if (pending.length >= 8) await pending.shift();
    }
    await Promise.all(pending);
    if (catchUp) await catchUp((documents, deletedIds) => this.writeTo(staging, documents, deletedIds));
    if (
      !(await this.client.getIndex(uid).then(
        () => true,
        () => false,
      ))
    )
      await settled(this.client.createIndex(uid, { primaryKey: 'id' }));
    await settled(this.client.swapIndexes([{ indexes: [uid, staging], rename: false }]));
    await settled(this.client.deleteIndex(staging));
    return count;
  }
}
