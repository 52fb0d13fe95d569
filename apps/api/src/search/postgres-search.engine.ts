import { Injectable } from '@nestjs/common';
import { haversineKmBetween } from '@stagebank/matching';
import {
  HIGHLIGHTED,
  SearchEngine,
  SearchEngineName,
  SearchHit,
  SearchIndexName,
  SearchRequest,
  SearchResponse,
  byCountThenValue,
  cropAround,
  fold,
  highlightsOf,
  markTerms,
  withSynonyms,
} from '@stagebank/search';
import { SearchTable } from './search-table';
import { SearchRepository } from './search.repository';

/** Query words: letters and digits, folded; Meilisearch also reads at most 10 words. */
export const queryWords = (query: string): string[] =>
  fold(query)
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 10) ?? [];

/**
 * Search on PostgreSQL alone, over the documents the Meilisearch index is built from (kept in the
 * search tables, see search-table.ts): word-prefix matches with Dutch synonyms, trigram similarity
 * for typos, PostGIS for the radius. It answers when Meilisearch is not configured or not
 * reachable. Its SQL is SearchRepository's; here the rows become hits, with the query's words marked.
 */
@Injectable()
export class PostgresSearchEngine implements SearchEngine {
  readonly name = SearchEngineName.POSTGRESQL;

  constructor(
    private readonly repository: SearchRepository,
    private readonly table: SearchTable,
  ) {}

  async search(request: SearchRequest): Promise<SearchResponse> {
    const { index, near } = request;
    const words = queryWords(request.query);
    const fields = HIGHLIGHTED[index];
    const fromTables = await this.table.ready();
    // The tables follow the change stream: first the changes committed so far, the caller's own write among them.
    if (fromTables) await this.table.catchUp();
    const result = await this.repository.searchDocuments(request, words, fromTables);
    const terms = words.flatMap(withSynonyms);
    const hits: SearchHit[] = result.hits.map((row) => ({
      id: index === SearchIndexName.PLACEMENTS ? row.id : row.employer_id,
      siteId: index === SearchIndexName.PLACEMENTS ? row.site_id : row.id,
      employerId: row.employer_id,
      distanceKm: near ? Math.round(haversineKmBetween(near.latitude, near.longitude, row.latitude, row.longitude) * 10) / 10 : null,
      highlights: words.length ? highlightsOf(this.marked(row, fields, terms), fields) : [],
    }));
    const counts = result.facets;
    return {
      hits,
      total: result.total,
      facets: request.facets.map((facet) => ({
        facet,
        values: counts
          .filter((c) => c.facet === facet)
          .map(({ value, count }) => ({ value, count }))
          .sort(byCountThenValue),
      })),
      engine: this.name,
    };
  }

  /** The row's highlighted fields with the query's words marked, named as in the Meilisearch documents. */
  private marked(row: Record<string, any>, fields: string[], terms: string[]): Record<string, unknown> {
    const column: Record<string, string> = { employerName: 'employer_name', siteName: 'site_name', placementTitles: 'placement_titles' };
    const marked: Record<string, unknown> = {};
    for (const field of fields) {
      const value = row[column[field] ?? field];
      if (Array.isArray(value)) marked[field] = value.map((v: string) => markTerms(v, terms));
      else if (typeof value === 'string') marked[field] = field === 'description' ? cropAround(markTerms(value, terms)) : markTerms(value, terms);
    }
    return marked;
  }
}
