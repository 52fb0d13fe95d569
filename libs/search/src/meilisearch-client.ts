import type { Config, MeiliSearch as MeiliSearchClient } from 'meilisearch' with { 'resolution-mode': 'import' };

// The package's type declarations are ESM-only; its CommonJS build is what loads at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { MeiliSearch } = require('meilisearch') as { MeiliSearch: new (config: Config) => MeiliSearchClient };

export type { MeiliSearchClient };

/**
 * A Meilisearch client that asks for uncompressed answers. Node's fetch offers gzip, and
 * Meilisearch then sends a compressed answer in pieces; on a kept-alive connection the last piece
 * waited for the client's delayed acknowledgement, about 40 ms, on every answer larger than a few
 * kilobytes (a page with marks: 50 ms with gzip, 6 ms without, on the national index; see
 * BENCHMARKS.md). Meilisearch sits next to the API, so the bytes saved were worth less than the wait.
 */
export const meilisearchClient = (config: Config): MeiliSearchClient =>
  new MeiliSearch({ ...config, requestInit: { ...config.requestInit, headers: { 'Accept-Encoding': 'identity', ...config.requestInit?.headers } } });
