import { MembershipRole } from '@stagebank/domain';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { shutdown } from '../apps/api/src/bootstrap';
import { Factory } from './support/factories';
import { newEmployer } from './support/inputs';
import { startTestApp, TestApp } from './support/test-app';

const CREATE = 'mutation($input: CreateEmployerInput!) { createEmployer(input: $input) { id name } }';

interface Outcome {
  name: string;
  /** The HTTP answer's body, or null when the request got no answer (refused or cut). */
  body: { data?: { createEmployer?: { id: string } | null } | null; errors?: Array<{ message: string }> } | null;
  status: number | null;
}

/**
 * A query on a connection of its own. The embedded database serves one connection at a time and
 * frees the app's slot a moment after the pool closed, so the first attempts may be turned away.
 */
async function query<R extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
  for (let attempt = 0; ; attempt++) {
    const db = new Client({ connectionString: process.env.STAGEBANK_TEST_DATABASE_URL });
    try {
      await db.connect();
      return (await db.query<R>(sql, params)).rows;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await db.end().catch(() => {});
    }
  }
}

describe('stopping the service while writes are running', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
  });

  it('answers every write it accepted, commits nothing it did not answer, and then closes the database', async () => {
    const coordinator = await new Factory(t).member(MembershipRole.COORDINATOR);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const marker = `Shutdown ${randomUUID().slice(0, 8)}`;
    const outcomes: Outcome[] = [];
    let answered = 0;
    let stopped = false;

    // Four clients on keep-alive connections (fetch's default), each writing as fast as it is answered.
    const client = async (c: number) => {
      for (let i = 0; !stopped; i++) {
        const name = `${marker} ${c}-${i}`;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator.token}` },
            body: JSON.stringify({ query: CREATE, variables: { input: newEmployer({ name }) } }),
          });
          outcomes.push({ name, status: res.status, body: (await res.json()) as Outcome['body'] });
          answered++;
        } catch {
          // Refused or cut: the service has stopped listening; this client is done.
          outcomes.push({ name, status: null, body: null });
          return;
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    while (answered < 20) await new Promise((resolve) => setTimeout(resolve, 10));

    await shutdown(t.app, 30_000);
    stopped = true;
    await Promise.all(clients);

    const stored = new Set((await query<{ name: string }>('SELECT name FROM employer WHERE name LIKE $1', [`${marker} %`])).map((r) => r.name));

    const failures = outcomes.filter((o) => o.body && (o.body.errors?.length || !o.body.data?.createEmployer));
    expect(failures.map((o) => `${o.status} ${JSON.stringify(o.body?.errors)}`)).toEqual([]);
    expect(JSON.stringify(outcomes)).not.toContain('Connection terminated');
    const acknowledged = outcomes.filter((o) => o.body?.data?.createEmployer).map((o) => o.name);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    // Every acknowledged write is stored, and every stored write was acknowledged.
    expect([...stored].sort()).toEqual([...acknowledged].sort());
    // The service stopped listening: a new request is refused rather than half-served.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
