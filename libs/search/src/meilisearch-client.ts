import type { Config, MeiliSearch as MeiliSearchClient } from 'meilisearch' with { 'resolution-mode': 'import' };

// The package's type declarations are ESM-only; its CommonJS build is what loads at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { MeiliSearch } = require('meilisearch') as { MeiliSearch: new (config: Config) => MeiliSearchClient };

export type { MeiliSearchClient };

export const meilisearchClient = (config: Config): MeiliSearchClient => new MeiliSearch(config);
