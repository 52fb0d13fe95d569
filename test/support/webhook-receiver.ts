import { IncomingMessage, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  /** Where to send: http://127.0.0.1:<port>/hook. */
  url: string;
  /** Every request received, in order. */
  deliveries: Array<{ headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

/** A real HTTP server on loopback that answers 200 to every webhook and keeps what it got. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: WebhookReceiver['deliveries'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => (deliveries.push({ headers: req.headers, body }), res.end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
