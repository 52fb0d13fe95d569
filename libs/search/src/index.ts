export * from './documents';
export * from './embedded-meilisearch';
export * from './highlight';
export * from './index-settings';
export * from './meilisearch-client';
export * from './meilisearch-engine';
export * from './model';
export * from './synonyms';
