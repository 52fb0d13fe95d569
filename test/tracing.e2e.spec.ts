import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

interface OtlpSpan {
  traceId: string;
  name: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string } }>;
}
interface OtlpBody {
  resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

const attribute = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;

/**
 * Tracing needs a process of its own: it wraps pg, http and graphql as they are first required,
 * which Jest's module loader never does. So the API runs in a child (test/support/traced-app.ts)
 * with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a tiny OTLP/HTTP receiver here.
 */
describe('tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const spans: OtlpSpan[] = [];
  let receiver: Server;
  let child: ChildProcessWithoutNullStreams;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') for (const r of (JSON.parse(body) as OtlpBody).resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('sends the spans of one operation: GraphQL, its PostgreSQL queries and its Meilisearch call, in one trace', async () => {
    const root = join(__dirname, '..');
    child = spawn(process.execPath, ['-r', './test/support/register-ts.cjs', 'test/support/traced-app.ts'], {
      cwd: root,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the traced app exited (${code}): ${stderr}`)));
    });
    const { port, token } = JSON.parse(first) as { port: number; token: string };

    // Meilisearch answers once the child's index is ready; until then PostgreSQL does (and says so).
    let engine = '';
    for (let attempt = 0; attempt < 100 && engine !== 'MEILISEARCH'; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 200));
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query TracedSearch { searchPlacements(query: "bakker", facets: []) { engine totalCount } }' }),
      });
      const body = (await res.json()) as { data?: { searchPlacements: { engine: string } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      engine = body.data!.searchPlacements.engine;
    }
    expect(engine).toBe('MEILISEARCH');

    // Stop the child: shutting down flushes what it has not sent yet.
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));

    // The operation's span (graphql.execute, named for the operation) and the rest of its trace.
    const executes = spans.filter((s) => s.name === 'query TracedSearch' && attribute(s, 'graphql.operation.name') === 'TracedSearch');
    expect(executes.length).toBeGreaterThan(0);
    const last = executes.at(-1)!;
    const trace = spans.filter((s) => s.traceId === last.traceId);
    const names = trace.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['POST', 'graphql.resolve searchPlacements']));
    // Parsed and validated once: Apollo keeps the document for the retries.
    expect(spans.some((s) => s.name === 'graphql.parse' && attribute(s, 'graphql.source')?.includes('TracedSearch'))).toBe(true);
    expect(spans.some((s) => s.name === 'graphql.validate')).toBe(true);
    expect(trace.some((s) => attribute(s, 'db.system.name') === 'postgresql' || attribute(s, 'db.system') === 'postgresql')).toBe(true);
    expect(trace.some((s) => s.name.startsWith('meilisearch POST /indexes/') && attribute(s, 'peer.service') === 'meilisearch')).toBe(true);
    // Neither query parameters nor the document's literal values (a student's name could be one) are sent.
    expect(JSON.stringify(trace)).not.toContain('db.statement.parameters');
    expect(JSON.stringify(trace)).not.toContain('bakker');
  });
});
