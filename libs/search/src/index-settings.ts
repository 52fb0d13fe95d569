import { FACET_ATTRIBUTE, SearchIndexName } from './model';
import { meilisearchSynonyms } from './synonyms';

/** Largest offset + page size a search may reach; also the most hits Meilisearch counts exactly. */
export const MAX_TOTAL_HITS = 10_000;

/**
 * Largest offset + page size of a nearest-first search. Meilisearch cannot order by distance
 * without `_geo`, so the engine reads the points of a circle around the centre until the page is
 * settled, at most MAX_TOTAL_HITS in one read: the page must settle well inside one read.
 */
export const MAX_NEAREST_FIRST_DEPTH = 5_000;

/** Highlighted fields per index, best first; the PostgreSQL fallback marks the same ones. */
export const HIGHLIGHTED: Record<SearchIndexName, string[]> = {
  [SearchIndexName.PLACEMENTS]: ['title', 'employerName', 'tasks', 'place', 'description'],
  [SearchIndexName.EMPLOYERS]: ['employerName', 'siteName', 'place', 'placementTitles', 'description'],
};

/** Searchable fields per index, in order of weight (Meilisearch's attribute ranking rule). */
export const SEARCHABLE: Record<SearchIndexName, string[]> = {
  [SearchIndexName.PLACEMENTS]: ['title', 'employerName', 'tasks', 'place', 'siteName', 'sectorLabels', 'tagLabels', 'keywords', 'description'],
  [SearchIndexName.EMPLOYERS]: ['employerName', 'siteName', 'place', 'placementTitles', 'sectorLabels', 'tagLabels', 'keywords', 'description'],
};

/**
 * Longest a search may spend ranking before Meilisearch answers with what it has (its default is
 * 1,500 ms). A typical search takes a few dozen ms; this bounds the rare pathological one (a
 * one-letter prefix over the whole country) so one user cannot hold up a shared core.
 */
export const SEARCH_CUTOFF_MS = 150;

/**
 * The settings of each index, declared here and applied at start-up. `sort` ranks first so that a
 * date sort is a true order (text relevance breaks its ties); with no sort it is a no-op. Nearest
 * first is ordered by the engine (meilisearch-engine.ts).
 *
 * Indexing cost is what makes a write slow to become searchable, so the index keeps only what the
 * searches use: no `_geo` (its R-tree is rewritten whole on every batch: geo-cells.ts), facets are filtered by equality only (no range comparisons, no facet search: no
 * extra facet structures to update per write), and word proximity is kept per attribute rather than
 * per word position (much smaller proximity databases; titles and names are short anyway).
 */
export function indexSettings(index: SearchIndexName) {
  return {
    searchableAttributes: SEARCHABLE[index],
    filterableAttributes: [
      {
        // `cells` and `id` answer a radius (geo-cells.ts); `employerId` is the employers' distinct attribute, given per search.
        attributePatterns: [...Object.values(FACET_ATTRIBUTE), 'open', 'verified', 'reservedFor', 'cells', 'id', 'employerId'],
        features: { facetSearch: false, filter: { equality: true, comparison: false } },
      },
    ],
    sortableAttributes: ['createdAt'],
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    // Per search instead (`distinct: 'employerId'`): a radius first reads the sites on its edge one by one.
    distinctAttribute: null,
    synonyms: meilisearchSynonyms(),
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 100 },
    facetSearch: false,
    proximityPrecision: 'byAttribute' as const,
    searchCutoffMs: SEARCH_CUTOFF_MS,
    displayedAttributes: ['*'],
  };
}
