import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import {
  ALL_FACETS,
  MAX_NEAREST_FIRST_DEPTH,
  MAX_TOTAL_HITS,
  MeiliSearchClient,
  MeilisearchSearchEngine,
  SearchEngineName,
  SearchIndexName,
  SearchRequest,
  SearchResponse,
  SearchSort,
} from '@stagebank/search';
import { decodeOffsetCursor } from '../common/pagination';
import { StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import { PostgresSearchEngine } from './postgres-search.engine';
import { MEILISEARCH, SearchIndexer, SearchState } from './search-indexer';
import { SearchOutbox } from './search-outbox';
import { SearchTable } from './search-table';
import { SearchArgs, SearchStatus } from './search.types';

export interface Answer extends SearchResponse {
  offset: number;
  notice: string | null;
}

const NOTICES: Record<SearchState, string | null> = {
  [SearchState.DISABLED]: 'Meilisearch is not configured; PostgreSQL search answered',
  [SearchState.STARTING]: 'Meilisearch is starting; PostgreSQL search answered',
  [SearchState.REBUILDING]: 'The search index is being built; PostgreSQL search answered',
  [SearchState.UNREACHABLE]: 'Meilisearch is unreachable; PostgreSQL search answered',
  [SearchState.READY]: null,
};

/** Answers searches from Meilisearch when it is ready, else from PostgreSQL, and says which. */
@Injectable()
export class SearchService {
  private readonly logger = new Logger('SearchService');
  private readonly meilisearch: MeilisearchSearchEngine | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MEILISEARCH) client: MeiliSearchClient | null,
    private readonly postgres: PostgresSearchEngine,
    private readonly indexer: SearchIndexer,
    private readonly outbox: SearchOutbox,
    private readonly table: SearchTable,
  ) {
    this.meilisearch = client ? new MeilisearchSearchEngine(client, config.search.indexPrefix) : null;
  }

  /**
   * `withFacets`: whether the caller reads the facet counts (the GraphQL selection); without, none are computed.
   * `organisationId`: the viewer's, for `hideReservedForOthers`.
   */
  async search(index: SearchIndexName, args: SearchArgs, withFacets = true, organisationId?: string): Promise<Answer> {
    const request = this.request(index, args, withFacets, organisationId);
    if (this.meilisearch && this.indexer.ready) {
      try {
        return { ...(await this.meilisearch.search(request)), offset: request.offset, notice: null };
      } catch (error) {
        this.logger.warn(`Meilisearch failed, answering from PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
        this.indexer.noteUnreachable(error);
        return { ...(await this.postgres.search(request)), offset: request.offset, notice: 'Meilisearch failed; PostgreSQL search answered' };
      }
    }
    return { ...(await this.postgres.search(request)), offset: request.offset, notice: NOTICES[this.indexer.state] };
  }

  async status(): Promise<SearchStatus> {
    // Without Meilisearch configured, what is behind is PostgreSQL's search tables; Meilisearch's
    // consumer may stand where it stopped when the deployment last used it. With it configured but
    // not answering, its backlog is still the one to watch: it is what must drain when it is back.
    const { pending, oldestSeconds } = this.meilisearch ? await this.outbox.backlog() : await this.table.backlog();
    const state = this.indexer.state;
    return {
      engine: state === SearchState.READY ? SearchEngineName.MEILISEARCH : SearchEngineName.POSTGRESQL,
      state,
      notice: state === SearchState.UNREACHABLE && this.indexer.lastError ? `${NOTICES[state]} (${this.indexer.lastError})` : NOTICES[state],
      pendingChanges: pending,
      oldestPendingSeconds: oldestSeconds,
    };
  }

  private request(index: SearchIndexName, args: SearchArgs, withFacets: boolean, organisationId?: string): SearchRequest {
    if (args.sort === SearchSort.DISTANCE && !args.near) throw StagebankError.badInput('sort', 'DISTANCE needs near: {latitude, longitude, radiusKm}');
    const offset = decodeOffsetCursor(args.after);
    if (offset + args.first > MAX_TOTAL_HITS) throw StagebankError.badInput('after', `search pages reach at most ${MAX_TOTAL_HITS} results; narrow the search`);
    if (args.sort === SearchSort.DISTANCE && offset + args.first > MAX_NEAREST_FIRST_DEPTH) {
      throw StagebankError.badInput('after', `nearest-first pages reach at most ${MAX_NEAREST_FIRST_DEPTH} results; narrow the radius`);
    }
    return {
      index,
      query: (args.query ?? '').trim(),
      filter: { ...args.filter, hideReservedExceptFor: args.filter?.hideReservedForOthers && organisationId ? organisationId : undefined },
      near: args.near ?? null,
      sort: args.sort,
      offset,
      limit: args.first,
      facets: withFacets ? (args.facets ?? ALL_FACETS) : [],
    };
  }
}
