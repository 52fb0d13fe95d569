// A process that starts a supervised embedded Meilisearch and then only waits, for tests that kill
// it: `node -r ./test/support/register-ts.cjs test/support/embedded-meilisearch-child.ts <dir>`.
// It says `server <pid>` once Meilisearch is healthy.
import { startEmbeddedMeilisearch } from '@stagebank/search';

void startEmbeddedMeilisearch(process.argv[2]).then(async (meili) => {
  process.stdout.write(`server ${await meili.serverPid()}\n`);
  setInterval(() => undefined, 60_000);
});
