import { FACET_ATTRIBUTE, SearchIndexName } from './model';
import { meilisearchSynonyms } from './synonyms';

/** Largest offset + page size a search may reach; also the most hits Meilisearch counts exactly. */
export const MAX_TOTAL_HITS = 10_000;

/** Highlighted fields per index, best first; the PostgreSQL fallback marks the same ones. */
export const HIGHLIGHTED: Record<SearchIndexName, string[]> = {
  [SearchIndexName.PLACEMENTS]: ['title', 'employerName', 'tasks', 'place', 'description'],
  [SearchIndexName.EMPLOYERS]: ['employerName', 'siteName', 'place', 'placementTitles', 'description'],
};

/** Searchable fields per index, in order of weight (Meilisearch's attribute ranking rule). */
export const SEARCHABLE: Record<SearchIndexName, string[]> = {
  [SearchIndexName.PLACEMENTS]: ['title', 'employerName', 'tasks', 'place', 'siteName', 'sectorLabels', 'keywords', 'description'],
  [SearchIndexName.EMPLOYERS]: ['employerName', 'siteName', 'place', 'placementTitles', 'sectorLabels', 'keywords', 'description'],
};

/**
 * The settings of each index, declared here and applied at start-up. `sort` ranks first so that a
 * distance or date sort is a true order (text relevance breaks its ties); with no sort it is a no-op.
 */
export function indexSettings(index: SearchIndexName) {
  return {
    searchableAttributes: SEARCHABLE[index],
    filterableAttributes: [...Object.values(FACET_ATTRIBUTE), 'open', '_geo'],
    sortableAttributes: ['_geo', 'createdAt'],
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    distinctAttribute: index === SearchIndexName.EMPLOYERS ? 'employerId' : null,
    synonyms: meilisearchSynonyms(),
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 100 },
    displayedAttributes: ['*'],
  };
}
