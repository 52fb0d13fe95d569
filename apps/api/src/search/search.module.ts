import { Module } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { meilisearchClient } from '@stagebank/search';
import { APP_CONFIG } from '../common/config.provider';
import { PostgresSearchEngine } from './postgres-search.engine';
import { SearchCalendar } from './search-calendar';
import { SearchDocuments } from './search-documents';
import { MEILISEARCH, SearchIndexer } from './search-indexer';
import { SearchOutbox } from './search-outbox';
import { SearchTable } from './search-table';
import { SearchResolver } from './search.resolver';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

const resolvers = [SearchResolver];

/** The Meilisearch client, or null when search runs on PostgreSQL alone. */
const meilisearchProvider = {
  provide: MEILISEARCH,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    config.search.mode === 'postgres' || !config.search.url
      ? null
      : meilisearchClient({ host: config.search.url, apiKey: config.search.masterKey ?? undefined, timeout: 5000 }),
};

/**
 * Searching placements and employers: Meilisearch kept current from the change stream (the
 * search-outbox job; search-calendar for what the date changes), with PostgreSQL answering when
 * Meilisearch cannot, from tables kept current the same way (the search-table job).
 */
@Module({
  providers: [
    meilisearchProvider,
    SearchRepository,
    SearchOutbox,
    SearchTable,
    SearchDocuments,
    SearchIndexer,
    SearchCalendar,
    PostgresSearchEngine,
    SearchService,
    ...resolvers,
  ],
  exports: [SearchService, SearchIndexer],
})
export class SearchModule {
  /** Its part of the GraphQL schema (the schema emitter builds from these). */
  static readonly resolvers = resolvers;
}
