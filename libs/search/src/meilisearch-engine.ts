import { haversineKmBetween } from '@stagebank/matching';
import { covering, inCircle } from './geo-cells';
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
import { EmployerDocument, PlacementDocument, sameDocument } from './documents';

type Document = PlacementDocument | EmployerDocument;

const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
const cellsIn = (cells: readonly string[]) => `cells IN ${list(cells)}`;

/** The filter expression for Meilisearch, but for a radius (`MeilisearchSearchEngine.circle`). Values are enum members or booleans, never free text. */
export function meilisearchFilter(filter: SearchFilter, index = SearchIndexName.PLACEMENTS): string[] {
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
  return parts;
}

/** Meilisearch's sort, but for nearest first, which the engine orders itself. */
export function meilisearchSort(request: SearchRequest): string[] | undefined {
  if (request.sort === SearchSort.NEWEST || (request.sort === SearchSort.RELEVANCE && request.query.trim() === '')) return ['createdAt:desc'];
  return undefined;
}

const round1 = (km: number) => Math.round(km * 10) / 10;

/** What a search marks in `fields` (none: nothing), and how: the description cropped around what matched. */
const marks = (fields: string[]) => ({
  attributesToHighlight: fields,
  attributesToCrop: fields.length ? ['description'] : [],
  cropLength: 24,
  highlightPreTag: MARK_START,
  highlightPostTag: MARK_END,
});

/** A document as the engine reads it back: its ids and point, and what was marked. */
type Hit = Document & { _formatted?: Record<string, unknown>; _rankingScore?: number };

/** A document within the radius, with its exact distance: nearest first is ordered from these. */
interface Placed {
  hit: Hit;
  km: number;
}

/**
 * Placement and employer search on Meilisearch, through the indexes `<prefix>placements` and
 * `<prefix>employers`. A radius is answered from grid cells (geo-cells.ts): the documents in cells on
 * the circle's edge are read first and each tested against the exact distance, then the search runs
 * over the inside cells and those documents, so its hits, total and facets are the circle's exactly
 * (but when more than `readCap` matching documents lie on the finest edge: see `circle`). Nearest
 * first reads the documents of growing circles, points only, until the page is settled; the service
 * keeps its pages within MAX_NEAREST_FIRST_DEPTH so that they can settle.
 */
export class MeilisearchSearchEngine implements SearchEngine {
  readonly name = SearchEngineName.MEILISEARCH;
  /** Documents per request when reading points, and the most one read takes in all (tests lower both to reach the paths of a read too large). */
  private readonly readPage: number;
  private readonly readCap: number;

  constructor(
    private readonly client: MeiliSearchClient,
    private readonly prefix: string,
    options: { readPage?: number; readCap?: number } = {},
  ) {
    this.readCap = Math.max(1, options.readCap ?? MAX_TOTAL_HITS);
    this.readPage = Math.max(1, Math.min(this.readCap, options.readPage ?? this.readCap));
  }

  uid(index: SearchIndexName): string {
    return `${this.prefix}${index}`;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const base = meilisearchFilter(request.filter, request.index);
    if (!request.near) return this.answer(request, base, request.offset, request.limit);
    const within = await this.circle(request, base, request.near);
    if (within === null) return this.nothing(request);
    if (request.sort === SearchSort.DISTANCE) return this.nearestFirst(request, [...base, within], request.near);
    return this.answer(request, [...base, within], request.offset, request.limit);
  }

  /** One search as asked: the page, with what it marked, the total and the facets asked for. */
  private async answer(request: SearchRequest, filter: string[], offset: number, limit: number): Promise<SearchResponse> {
    const fields = HIGHLIGHTED[request.index];
    // With no words there is nothing to mark, and with no facets asked none are counted: both cost time.
    const marking = request.query.trim() !== '';
    const facets = request.facets.length ? request.facets.map((f) => FACET_ATTRIBUTE[f]) : undefined;
    const distinct = this.distinct(request.index);
    // The facets are counted by a request of their own, beside the page's, when there is a page:
    // Meilisearch can work on the two at once rather than one after the other.
    const apart = distinct !== undefined || (facets !== undefined && limit > 0);
    const [result, counted] = await Promise.all([
      this.index(request.index).search(request.query, {
        filter,
        sort: meilisearchSort(request),
        offset,
        limit,
        facets: apart ? undefined : facets,
        attributesToRetrieve: marking ? ['id', 'employerId', 'siteId', '_geo', ...fields] : ['id', 'employerId', 'siteId', '_geo'],
        ...marks(marking ? fields : []),
        matchingStrategy: 'all',
        distinct,
      }),
      // With `distinct`, an offset/limit search counts (and counts facets over) sites, not employers:
      // 110 sites for 50 employers, sector counts likewise (a probe on 50 employers with 3 sites each).
      // A page-numbered search counts exhaustively, one per employer.
      distinct
        ? this.index(request.index).search(request.query, {
            filter,
            page: 1,
            hitsPerPage: 1,
            facets,
            attributesToRetrieve: ['id'],
            matchingStrategy: 'all',
            distinct,
          })
        : apart
          ? this.index(request.index).search(request.query, { filter, limit: 0, facets, attributesToRetrieve: ['id'], matchingStrategy: 'all' })
          : null,
    ]);
    const distribution = (counted ?? result).facetDistribution ?? {};
    return {
      hits: result.hits.map((hit) => this.toHit(request, hit as Hit, marking)),
      total: Math.min(counted && 'totalHits' in counted ? counted.totalHits : (result.estimatedTotalHits ?? result.hits.length), MAX_TOTAL_HITS),
      facets: request.facets.map((facet) => ({
        facet,
        values: Object.entries(distribution[FACET_ATTRIBUTE[facet]] ?? {})
          .map(([value, count]) => ({ value, count }))
          .sort(byCountThenValue),
      })),
      engine: this.name,
    };
  }

  /**
   * The documents (ids and points) of a search, read in pages of `readPage` up to `readCap`; whole
   * when fewer than that match. Relevance orders them, for ties of distance.
   */
  private async read(request: SearchRequest, filter: string[]): Promise<{ hits: Hit[]; whole: boolean }> {
    const hits: Hit[] = [];
    for (let offset = 0; offset < this.readCap; offset += this.readPage) {
      const limit = Math.min(this.readPage, this.readCap - offset);
      const result = await this.index(request.index).search(request.query, {
        filter,
        offset,
        limit,
        attributesToRetrieve: ['id', 'employerId', 'siteId', '_geo'],
        showRankingScore: true,
        matchingStrategy: 'all',
      });
      hits.push(...(result.hits as Hit[]));
      if (result.hits.length < limit) return { hits, whole: true };
    }
    return { hits, whole: false };
  }

  private nothing(request: SearchRequest): SearchResponse {
    return { hits: [], total: 0, facets: request.facets.map((facet) => ({ facet, values: [] })), engine: this.name };
  }

  private toHit(request: SearchRequest, hit: Hit, marking: boolean): SearchHit {
    return {
      id: request.index === SearchIndexName.PLACEMENTS ? hit.id : hit.employerId,
      siteId: hit.siteId,
      employerId: hit.employerId,
      distanceKm: request.near ? round1(haversineKmBetween(request.near.latitude, request.near.longitude, hit._geo.lat, hit._geo.lng)) : null,
      highlights: marking ? highlightsOf((hit._formatted ?? {}) as Record<string, unknown>, HIGHLIGHTED[request.index]) : [],
    };
  }

  /** One hit per employer: the best of its sites (the nearest, for nearest first). */
  private distinct(index: SearchIndexName): string | undefined {
    return index === SearchIndexName.EMPLOYERS ? 'employerId' : undefined;
  }

  private index(index: SearchIndexName) {
    return this.client.index<Document>(this.uid(index));
  }

  /**
   * The filter that keeps exactly the documents within the circle, or null when none can be. The
   * documents that match the request in the covering's edge cells are read (ids and points) and
   * each tested against the exact distance; the filter names whichever side is shorter: the inside cells or
   * those within, or every cell but those outside. An edge holding more documents than one read
   * takes (`readCap`) is covered again in finer cells.
   */
  private async circle(request: SearchRequest, base: string[], near: SearchNear): Promise<string | null> {
    let cover = covering(near);
    for (;;) {
      if (cover.edge.length === 0) return cover.inside.length ? cellsIn(cover.inside) : null;
      const { hits, whole } = await this.read(request, [...base, cellsIn(cover.edge)]);
      if (!whole && cover.edgeLevel > 0) {
        cover = covering(near, cover.edgeLevel - 1);
        continue;
      }
      // Past the finest cells (some 280 m across) more than `readCap` documents would lie on the
      // edge alone: then those not read count as outside, and the search answers a little less than the circle.
      const inside: string[] = [];
      const outside: string[] = [];
      for (const hit of hits) (inCircle(near, hit._geo.lat, hit._geo.lng) ? inside : outside).push(hit.id);
      if (whole && outside.length < inside.length) {
        const cells = cellsIn([...cover.inside, ...cover.edge]);
        return outside.length ? `(${cells} AND id NOT IN ${list(outside)})` : cells;
      }
      const parts = [...(cover.inside.length ? [cellsIn(cover.inside)] : []), ...(inside.length ? [`id IN ${list(inside)}`] : [])];
      return parts.length ? `(${parts.join(' OR ')})` : null;
    }
  }

  /**
   * Nearest first, which Meilisearch cannot order without `_geo`: the total and facets from the whole
   * circle, then the documents (points only) of a circle around the same centre, grown until it
   * holds the page; every document that close has been read, so those within it are in their final
   * order (by distance, then relevance, then id). The page's marks come last, for its ids alone.
   * The facets are counted beside the page: they cost a search of their own, and the page needs
   * only how many match (a bare count, a few milliseconds) for its first circle.
   */
  private async nearestFirst(request: SearchRequest, within: string[], near: SearchNear): Promise<SearchResponse> {
    const counting = this.answer(request, within, 0, 0);
    // Awaited below; until then a failure must not count as an unhandled rejection.
    counting.catch(() => undefined);
    const total = request.facets.length ? await this.count(request, within) : (await counting).total;
    if (total === 0) return counting;
    const wanted = request.offset + request.limit;
    // A first guess as if the documents were spread evenly: a circle holding about the page. They
    // crowd in towns, so the guess tends to read too many (a read costs by the document) rather than too few.
    let km = Math.min(near.radiusKm, Math.max(0.25, near.radiusKm * Math.sqrt(wanted / total)));
    // The largest circle read whole yet too small for the page, and the smallest too full to read whole.
    let short = 0;
    let full = Infinity;
    let settled: Placed[];
    for (let round = 0; ; round++) {
      const ring = km >= near.radiusKm ? null : covering({ ...near, radiusKm: km });
      const { hits, whole } = await this.read(request, ring ? [...within, cellsIn([...ring.inside, ...ring.edge])] : within);
      const read = hits.map((hit) => ({ hit, km: haversineKmBetween(near.latitude, near.longitude, hit._geo.lat, hit._geo.lng) }));
      settled = this.inOrder(
        request.index,
        read.filter((p) => p.km <= km),
      );
      if (whole && (settled.length >= wanted || km >= near.radiusKm)) break;
      // A circle too full to read whole, at national density, is found within a few rounds; past
      // them, the page is ordered from what the last round read.
      if (round === 12) break;
      if (whole) short = km;
      else full = km;
      km = full === Infinity ? Math.min(near.radiusKm, km * 2) : (short + full) / 2;
    }
    const page = settled.slice(request.offset, wanted);
    const marking = request.query.trim() !== '';
    let marked = new Map<string, Hit>();
    if (marking && page.length) {
      const fields = HIGHLIGHTED[request.index];
      const result = await this.index(request.index).search(request.query, {
        filter: [`id IN ${list(page.map((p) => p.hit.id))}`],
        limit: page.length,
        attributesToRetrieve: ['id'],
        ...marks(fields),
        matchingStrategy: 'all',
      });
      marked = new Map((result.hits as Hit[]).map((hit) => [hit.id, hit]));
    }
    return {
      ...(await counting),
      hits: page.map((p) => this.toHit(request, { ...p.hit, _formatted: marked.get(p.hit.id)?._formatted }, marking)),
    };
  }

  /** How many documents match (for an index with `distinct`, its sites, not its employers). */
  private async count(request: SearchRequest, filter: string[]): Promise<number> {
    const result = await this.index(request.index).search(request.query, { filter, limit: 0, attributesToRetrieve: ['id'], matchingStrategy: 'all' });
    return result.estimatedTotalHits ?? 0;
  }

  /** Documents by distance, then relevance, then id; for employers only each one's nearest site. */
  private inOrder(index: SearchIndexName, placed: Placed[]): Placed[] {
    placed.sort((a, b) => a.km - b.km || (b.hit._rankingScore ?? 0) - (a.hit._rankingScore ?? 0) || (a.hit.id < b.hit.id ? -1 : a.hit.id > b.hit.id ? 1 : 0));
    if (index !== SearchIndexName.EMPLOYERS) return placed;
    const seen = new Set<string>();
    return placed.filter((p) => !seen.has(p.hit.employerId) && seen.add(p.hit.employerId));
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

  /**
   * Creates missing indexes and applies the declared settings; returns the indexes to build from
   * PostgreSQL: those created, and those holding documents of an older shape (without `cells`, from
   * before the grid: their radius searches would find nothing).
   */
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
      if (exists) {
        const { results } = await this.client.index<Document>(uid).getDocuments({ limit: 1, fields: ['id', 'cells'] });
        if (results.length && !Array.isArray(results[0].cells)) created.push(index);
      }
    }
    return created;
  }

  /**
   * Upserts `documents` (whole documents replace) and deletes `deletedIds`, then waits until both
   * are searchable. Returns how many it sent: what the index already holds as it is is left alone.
   */
  write(index: SearchIndexName, documents: Document[], deletedIds: string[]): Promise<number> {
    return this.writeTo(this.uid(index), documents, deletedIds);
  }

  private async writeTo(uid: string, documents: Document[], deletedIds: string[]): Promise<number> {
    const { sent, done } = await this.sendTo(uid, documents, deletedIds);
    await done;
    return sent;
  }

  /**
   * `write`, returning as soon as Meilisearch has the tasks in its queue: `done` settles once they
   * are searchable. Meilisearch works through its queue in order, one index's batch at a time, so
   * what is sent first becomes searchable first.
   */
  send(index: SearchIndexName, documents: Document[], deletedIds: string[]): Promise<{ sent: number; done: Promise<void> }> {
    return this.sendTo(this.uid(index), documents, deletedIds);
  }

  /**
   * Meilisearch spends about 100 ms of an index's time on any batch, even of one unchanged
   * document (BENCHMARKS.md, "Where a Meilisearch write spends its time"), and a change fans out
   * to every document of its employer, most of which stay as they were. So the index is asked
   * what it holds first, and only what differs is sent. That read is trusted only while no task of
   * the index is waiting or running: such a task may carry an older version of a document (one
   * whose wait timed out), and skipping the newer one would leave the older in the index. A task
   * that could touch these documents was enqueued before their lease was taken, so it shows here.
   */
  private async sendTo(uid: string, documents: Document[], deletedIds: string[]): Promise<{ sent: number; done: Promise<void> }> {
    const target = this.client.index<Document>(uid);
    const { results: busy } = await this.client.tasks.getTasks({ indexUids: [uid], statuses: ['enqueued', 'processing'], limit: 1 });
    const held = busy.length ? null : await this.held(uid, [...documents.map((d) => d.id), ...deletedIds]);
    const changed = held ? documents.filter((d) => !sameDocument(held.get(d.id), d)) : documents;
    const gone = held ? deletedIds.filter((id) => held.has(id)) : deletedIds;
    // The ids of the two never overlap (a document is either loaded or gone), so their order does not matter.
    const tasks = [changed.length ? target.addDocuments(changed, { primaryKey: 'id' }) : null, gone.length ? target.deleteDocuments(gone) : null].filter(
      (task) => task !== null,
    );
    await Promise.all(tasks);
    const done = Promise.all(tasks.map((task) => settled(task))).then(() => undefined);
    // Awaited by the caller; this only keeps a failure from counting as unhandled before it is.
    done.catch(() => undefined);
    return { sent: changed.length + gone.length, done };
  }

  /** The documents the index holds of `ids`, by id. */
  private async held(uid: string, ids: string[]): Promise<Map<string, Document>> {
    const held = new Map<string, Document>();
    if (ids.length === 0) return held;
    const { results } = await this.client.index<Document>(uid).getDocuments({ filter: `id IN ${list(ids)}`, limit: ids.length });
    for (const document of results) held.set(document.id, document);
    return held;
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
    if (catchUp)
      await catchUp(async (documents, deletedIds) => {
        await this.writeTo(staging, documents, deletedIds);
      });
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
