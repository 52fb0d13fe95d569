import type { Audience, EmployerKind, PlacementType, Sector, SubSector, VerifiableFlag } from '@stagebank/domain';

/** The two indexes: placements, and employers (one document per site, answered per employer). */
export enum SearchIndexName {
  PLACEMENTS = 'placements',
  EMPLOYERS = 'employers',
}

export enum SearchFacet {
  SECTOR = 'SECTOR',
  /** Sub-sector tags (garden centre, care home restaurant), the same ones matching offers as close alternatives. */
  TAG = 'TAG',
  PLACEMENT_TYPE = 'PLACEMENT_TYPE',
  EMPLOYER_KIND = 'EMPLOYER_KIND',
  AUDIENCE = 'AUDIENCE',
  BORIS_FLAG = 'BORIS_FLAG',
  SBB_RECOGNISED = 'SBB_RECOGNISED',
  HAS_FREE_SEAT = 'HAS_FREE_SEAT',
  ALLOWANCE_PAID = 'ALLOWANCE_PAID',
}

export enum SearchSort {
  /** Best text match first (with no text: newest first). */
  RELEVANCE = 'RELEVANCE',
  /** Nearest first; needs `near`. */
  DISTANCE = 'DISTANCE',
  NEWEST = 'NEWEST',
}

export enum SearchEngineName {
  MEILISEARCH = 'MEILISEARCH',
  POSTGRESQL = 'POSTGRESQL',
}

export interface SearchFilter {
  sectors?: Sector[];
  tags?: SubSector[];
  types?: PlacementType[];
  employerKinds?: EmployerKind[];
  audiences?: Audience[];
  borisFlag?: boolean;
  sbbRecognised?: boolean;
  hasFreeSeat?: boolean;
  allowancePaid?: boolean;
  /** Only results where a coach verified each of these flags to hold (not only declared); all of them, not any. */
  verified?: VerifiableFlag[];
  /** Also paused and stopped employers and placements whose period has ended. */
  includeClosed?: boolean;
  /** Placements only: leave out those reserved today for any organisation but this one. */
  hideReservedExceptFor?: string;
}

export interface SearchNear {
  latitude: number;
  longitude: number;
  radiusKm: number;
}

export interface SearchRequest {
  index: SearchIndexName;
  /** Free text; empty means: everything that passes the filter. */
  query: string;
  filter: SearchFilter;
  near: SearchNear | null;
  sort: SearchSort;
  offset: number;
  limit: number;
  facets: SearchFacet[];
}

/** A piece of a highlighted field; `matched` pieces are what the query found. */
export interface Fragment {
  text: string;
  matched: boolean;
}

export interface Highlight {
  field: string;
  fragments: Fragment[];
}

export interface SearchHit {
  /** The placement id, or for the employers index the employer id. */
  id: string;
  /** The site the hit stands for (for employers: the best or nearest matching site). */
  siteId: string;
  /** The employer the index holds for the hit (the record's own may have changed since). */
  employerId: string;
  distanceKm: number | null;
  highlights: Highlight[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  total: number;
  facets: Array<{ facet: SearchFacet; values: FacetCount[] }>;
  engine: SearchEngineName;
}

/** What both engines implement; one contract test suite runs against each. */
export interface SearchEngine {
  readonly name: SearchEngineName;
  search(request: SearchRequest): Promise<SearchResponse>;
}

/** Document attribute behind each facet: the same name in both indexes, so one filter grammar serves both. */
export const FACET_ATTRIBUTE = {
  [SearchFacet.SECTOR]: 'sectors',
  [SearchFacet.TAG]: 'tags',
  [SearchFacet.PLACEMENT_TYPE]: 'types',
  [SearchFacet.EMPLOYER_KIND]: 'employerKind',
  [SearchFacet.AUDIENCE]: 'audiences',
  [SearchFacet.BORIS_FLAG]: 'borisFlag',
  [SearchFacet.SBB_RECOGNISED]: 'sbbRecognised',
  [SearchFacet.HAS_FREE_SEAT]: 'hasFreeSeat',
  [SearchFacet.ALLOWANCE_PAID]: 'allowancePaid',
} as const satisfies Record<SearchFacet, string>;

export const ALL_FACETS = Object.values(SearchFacet);

/** Facet values most frequent first, then alphabetical: both engines report them in this order. */
export const byCountThenValue = (a: FacetCount, b: FacetCount): number => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/** Which facet each filter field narrows by; both engines build their filters from this. */
export const FILTER_FACET: ReadonlyArray<[keyof SearchFilter, SearchFacet]> = [
  ['sectors', SearchFacet.SECTOR],
  ['tags', SearchFacet.TAG],
  ['types', SearchFacet.PLACEMENT_TYPE],
  ['employerKinds', SearchFacet.EMPLOYER_KIND],
  ['audiences', SearchFacet.AUDIENCE],
  ['borisFlag', SearchFacet.BORIS_FLAG],
  ['sbbRecognised', SearchFacet.SBB_RECOGNISED],
  ['hasFreeSeat', SearchFacet.HAS_FREE_SEAT],
  ['allowancePaid', SearchFacet.ALLOWANCE_PAID],
];
