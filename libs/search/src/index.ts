export * from './embedded-meilisearch';
export * from './meilisearch-client';
