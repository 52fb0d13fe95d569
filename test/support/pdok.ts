import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface PdokStandIn {
  /** For GEOCODER_URL. */
  url: string;
  /** Every query asked, in order. */
  lookups: string[];
  close(): Promise<void>;
}

/**
 * A local stand-in for the PDOK Locatieserver (the only fake in the tests: the real service is on
 * the internet). It knows the queries in `known` (`q` → `POINT(lon lat)`) and finds nothing else.
 */
export async function startPdok(known: Record<string, string>, options: { delayMs?: number } = {}): Promise<PdokStandIn> {
  const lookups: string[] = [];
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams.get('q')!;
    lookups.push(q);
    res.setHeader('content-type', 'application/json');
    // A slow geocoder (delayMs) lets a test run an import past its time budget.
    setTimeout(
      () => res.end(JSON.stringify({ response: { numFound: known[q] ? 1 : 0, docs: known[q] ? [{ centroide_ll: known[q] }] : [] } })),
      options.delayMs ?? 0,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/locatieserver`,
    lookups,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
