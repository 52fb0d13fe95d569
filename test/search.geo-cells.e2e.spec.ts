import { Sector } from '@stagebank/domain';
import { haversineKmBetween } from '@stagebank/matching';
import {
  MeilisearchSearchEngine,
  SearchFacet,
  SearchIndexName,
  SearchNear,
  SearchRequest,
  SearchSort,
  indexSettings,
  meilisearchClient,
} from '@stagebank/search';
import { plainSearchDocument } from './support/search';

/**
 * A radius on Meilisearch answered from grid cells (geo-cells.ts), checked against brute force on
 * the real Meilisearch: totals, facets, the pages of every sort, employers once each, around points
 * placed right on the circle's edge, in a dense cluster and spread out. A second engine reads points
 * 60 at a time and at most 240 in one read, so that it pages and shrinks and grows its nearest-first
 * circles; it must answer the same. (Every circle here has its edge in the finest cells already, so
 * covering an edge again in finer cells is not reached.)
 */

const CENTRE = { latitude: 52.09, longitude: 5.12 };
const WORDS = ['bakker', 'kok', 'schilder', 'tuinman'];
const SECTORS = [Sector.RETAIL, Sector.GREEN, Sector.HOSPITALITY];

interface Point {
  id: string;
  employerId: string;
  latitude: number;
  longitude: number;
  word: string;
  sector: Sector;
  createdAt: number;
}

/** A point `km` from the centre at `bearing` (radians), near enough for the flat approximation. */
const at = (from: { latitude: number; longitude: number }, km: number, bearing: number) => ({
  latitude: from.latitude + (km * Math.cos(bearing)) / 110.574,
  longitude: from.longitude + (km * Math.sin(bearing)) / (111.32 * Math.cos((from.latitude * Math.PI) / 180)),
});

/** Deterministic, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function points(kind: 'edges' | 'spread'): Point[] {
  const next = random(kind === 'edges' ? 7 : 11);
  const out: Array<{ latitude: number; longitude: number }> = [];
  // Spread over 30 km, and a dense cluster at the centre.
  for (let i = 0; i < 700; i++) out.push(at(CENTRE, 30 * Math.sqrt(next()), 2 * Math.PI * next()));
  for (let i = 0; i < 150; i++) out.push(at(CENTRE, 0.8 * next(), 2 * Math.PI * next()));
  // Right on the edge of a 10 km circle, some metres in and out.
  if (kind === 'edges') for (let i = 0; i < 200; i++) out.push(at(CENTRE, 10 + (next() - 0.5) * 0.06, 2 * Math.PI * next()));
  return out.map((p, i) => ({
    ...p,
    id: `${kind}-${String(i).padStart(4, '0')}`,
    // Employers with one to three sites, not next to each other.
    employerId: `employer-${i % 400}`,
    word: WORDS[i % WORDS.length],
    // An employer's sector, the same at each of its sites, so that employers' facets have one answer.
    sector: SECTORS[(i % 400) % SECTORS.length],
    createdAt: 1_700_000_000_000 + i * 1000,
  }));
}

const document = (p: Point) => plainSearchDocument(p.id, p, { employerId: p.employerId, title: p.word, sectors: [p.sector], createdAt: p.createdAt });

const client = meilisearchClient({ host: process.env.STAGEBANK_TEST_MEILI_URL!, apiKey: process.env.STAGEBANK_TEST_MEILI_MASTER_KEY || undefined });
const DATASETS = { edges: points('edges'), spread: points('spread') };

beforeAll(async () => {
  for (const [kind, data] of Object.entries(DATASETS)) {
    for (const index of Object.values(SearchIndexName)) {
      const uid = `geo_${kind}_${index}`;
      await client.deleteIndex(uid).waitTask();
      await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
      // No cut-off: on a busy machine (other suites share this Meilisearch and the cores) a search
      // may pass the service's 150 ms, and Meilisearch then answers with what it has, which brute
      // force would rightly call wrong. The cut-off guards a shared server, not these answers.
      await client
        .index(uid)
        .updateSettings({ ...indexSettings(index), searchCutoffMs: 60_000 })
        .waitTask();
      const task = await client.index(uid).addDocuments(data.map(document)).waitTask({ timeout: 60_000 });
      if (task.status !== 'succeeded') throw new Error(`indexing failed: ${JSON.stringify(task.error)}`);
    }
  }
}, 120_000);

afterAll(async () => {
  for (const kind of Object.keys(DATASETS)) for (const index of Object.values(SearchIndexName)) await client.deleteIndex(`geo_${kind}_${index}`).waitTask();
});

/** What the search must answer, worked out over every point. */
function expected(data: Point[], index: SearchIndexName, query: string, near: SearchNear) {
  const km = (p: Point) => haversineKmBetween(near.latitude, near.longitude, p.latitude, p.longitude);
  const within = data.filter((p) => km(p) <= near.radiusKm && (query === '' || p.word === query));
  const byDistance = [...within].sort((a, b) => km(a) - km(b) || (a.id < b.id ? -1 : 1));
  if (index === SearchIndexName.PLACEMENTS) {
    const sectors = new Map<string, number>();
    for (const p of within) sectors.set(p.sector, (sectors.get(p.sector) ?? 0) + 1);
    return { total: within.length, ids: new Set(within.map((p) => p.id)), nearest: byDistance.map((p) => p.id), sectors };
  }
  const seen = new Set<string>();
  const nearest = byDistance.filter((p) => !seen.has(p.employerId) && seen.add(p.employerId));
  const sectors = new Map<string, number>();
  for (const p of nearest) sectors.set(p.sector, (sectors.get(p.sector) ?? 0) + 1);
  return { total: nearest.length, ids: new Set(nearest.map((p) => p.employerId)), nearest: nearest.map((p) => p.employerId), sectors };
}

const CIRCLES: Array<[string, SearchNear]> = [
  ['10 km, points on its edge', { ...CENTRE, radiusKm: 10 }],
  ['25 km', { ...CENTRE, radiusKm: 25 }],
  ['5 km off the centre', { ...at(CENTRE, 3, 1), radiusKm: 5 }],
  ['0.5 km in the dense cluster', { ...CENTRE, radiusKm: 0.5 }],
  ['2 km where nothing is', { ...at(CENTRE, 100, 2), radiusKm: 2 }],
];

describe.each([
  ['reading whole', 'edges', {}],
  ['reading 60 at a time, at most 240', 'spread', { readPage: 60, readCap: 240 }],
] as const)('a radius from grid cells on Meilisearch, %s', (_name, kind, options) => {
  const data = DATASETS[kind];
  const engine = new MeilisearchSearchEngine(client, `geo_${kind}_`, options);
  // Half a read: a read that comes back full is not known to be whole, so the page must settle well inside one.
  const cap = 'readCap' in options ? options.readCap / 2 : Infinity;
  const search = (request: Partial<SearchRequest> & { near: SearchNear }) =>
    engine.search({ index: SearchIndexName.PLACEMENTS, query: '', filter: {}, sort: SearchSort.RELEVANCE, offset: 0, limit: 20, facets: [], ...request });

  /**
   * Every page of a search, 60 at a time, up to the total; nearest first only as deep as one read
   * reaches (a page is settled when every document as near as its last has been read).
   */
  async function everyPage(request: Partial<SearchRequest> & { near: SearchNear }) {
    const ids: string[] = [];
    const deepest = request.sort === SearchSort.DISTANCE ? cap : Infinity;
    for (let offset = 0; ; offset += 60) {
      const page = await search({ ...request, offset, limit: 60 });
      const total = page.total;
      ids.push(...page.hits.map((h) => h.id));
      if (offset + 60 >= Math.min(total, deepest)) return { ids, total };
    }
  }
  const readable = (ids: string[]) => ids.slice(0, cap);

  describe.each(CIRCLES)('%s', (_circle, near) => {
    it.each(['', 'kok'])('placements: the total, the facets and every page match brute force (query "%s")', async (query) => {
      const want = expected(data, SearchIndexName.PLACEMENTS, query, near);
      const page = await search({ near, query, facets: [SearchFacet.SECTOR] });
      expect(page.total).toBe(want.total);
      expect(new Map(page.facets[0].values.map((v) => [v.value, v.count]))).toEqual(want.sectors);
      for (const sort of [SearchSort.RELEVANCE, SearchSort.NEWEST]) {
        const { ids } = await everyPage({ near, query, sort });
        expect(ids.length).toBe(want.total);
        expect(new Set(ids)).toEqual(want.ids);
      }
      const newest = await everyPage({ near, query, sort: SearchSort.NEWEST });
      const created = newest.ids.map((id) => data.find((p) => p.id === id)!.createdAt);
      expect(created).toEqual([...created].sort((a, b) => b - a));
      expect((await everyPage({ near, query, sort: SearchSort.DISTANCE })).ids).toEqual(readable(want.nearest));
      // Nearest first with facets: counted beside the page, over the same circle.
      const counted = await search({ near, query, sort: SearchSort.DISTANCE, facets: [SearchFacet.SECTOR] });
      expect(counted.total).toBe(want.total);
      expect(new Map(counted.facets[0].values.map((v) => [v.value, v.count]))).toEqual(want.sectors);
      expect(counted.hits.map((h) => h.id)).toEqual(readable(want.nearest).slice(0, 20));
    });

    it('employers: once each, counted once in the facets, the nearest site first, on every page', async () => {
      const want = expected(data, SearchIndexName.EMPLOYERS, '', near);
      const counted = await search({ near, index: SearchIndexName.EMPLOYERS, facets: [SearchFacet.SECTOR] });
      expect(counted.total).toBe(want.total);
      expect(new Map(counted.facets[0].values.map((v) => [v.value, v.count]))).toEqual(want.sectors);
      const nearest = await everyPage({ near, index: SearchIndexName.EMPLOYERS, sort: SearchSort.DISTANCE });
      expect(nearest.total).toBe(want.total);
      expect(nearest.ids).toEqual(readable(want.nearest));
      const relevant = await everyPage({ near, index: SearchIndexName.EMPLOYERS });
      expect(new Set(relevant.ids)).toEqual(want.ids);
      expect(relevant.ids.length).toBe(want.total);
    });
  });

  it('gives each hit its distance, and a deep page of nearest first', async () => {
    const near = { ...CENTRE, radiusKm: 25 };
    const want = expected(data, SearchIndexName.PLACEMENTS, '', near);
    const page = await search({ near, sort: SearchSort.DISTANCE, offset: 200, limit: 7 });
    expect(page.hits.map((h) => h.id)).toEqual(want.nearest.slice(200, 207));
    for (const hit of page.hits) {
      const p = data.find((d) => d.id === hit.id)!;
      expect(hit.distanceKm).toBeCloseTo(haversineKmBetween(near.latitude, near.longitude, p.latitude, p.longitude), 1);
    }
  });
});

/**
 * The facets cost a search of their own; a page's requests run beside it rather than after it. The
 * facet request is held back here (half a second) so that what runs beside it shows in the order
 * the requests begin and end.
 */
describe('facets counted beside the page', () => {
  const events: string[] = [];
  const spied = meilisearchClient({ host: process.env.STAGEBANK_TEST_MEILI_URL!, apiKey: process.env.STAGEBANK_TEST_MEILI_MASTER_KEY || undefined });
  const index = spied.index.bind(spied);
  spied.index = ((uid: string) => {
    const target = index(uid);
    const search = target.search.bind(target);
    target.search = (async (query: string, options: { facets?: string[]; showRankingScore?: boolean }) => {
      const what = options.facets ? 'facets' : options.showRankingScore ? 'read' : 'page';
      events.push(`begin ${what}`);
      try {
        const result = await search(query, options as never);
        if (what === 'facets') await new Promise((resolve) => setTimeout(resolve, 500));
        return result;
      } finally {
        events.push(`end ${what}`);
      }
    }) as never;
    return target;
  }) as never;
  const engine = new MeilisearchSearchEngine(spied, 'geo_spread_');
  /** The requests of `what` that began or ended while the facets were being counted. */
  const beside = (what: string) => events.slice(events.indexOf('begin facets') + 1, events.indexOf('end facets')).filter((e) => e.endsWith(` ${what}`));

  it.each([
    [SearchSort.RELEVANCE, 'page'],
    [SearchSort.DISTANCE, 'read'],
  ])('%s: the page is read while the facets are counted', async (sort, what) => {
    events.length = 0;
    const near = { ...CENTRE, radiusKm: 25 };
    const page = await engine.search({
      index: SearchIndexName.PLACEMENTS,
      query: '',
      filter: {},
      near,
      sort,
      offset: 0,
      limit: 20,
      facets: [SearchFacet.SECTOR],
    });
    expect(page.hits).toHaveLength(20);
    expect(beside(what).length).toBeGreaterThan(0);
  });
});
