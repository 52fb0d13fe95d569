import { MembershipRole } from '@stagebank/domain';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Factory } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'stagebank-persisted-'));
const build = (...args: string[]) => spawnSync(process.execPath, ['scripts/persisted-operations.mjs', ...args], { cwd: root, encoding: 'utf8' });

// One of the web app's documents, exactly as apps/web/src/components/NotificationBell.tsx sends it.
const WEB_DOCUMENT = 'mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }';

describe('persisted operations for the web app (PERSISTED_OPERATIONS=browser)', () => {
  let t: TestApp;
  const list = join(dir, 'persisted-operations.json');

  beforeAll(async () => {
    const built = build('--out', list);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    t = await startTestApp({ PERSISTED_OPERATIONS: 'browser', PERSISTED_OPERATIONS_FILE: list });
  });
  afterAll(() => t.close());

  it("lists the web app's documents at build time, folding the constants they are built from", () => {
    expect(readFileSync(join(root, 'apps/web/src/components/NotificationBell.tsx'), 'utf8')).toContain(WEB_DOCUMENT);
    const hashes = (JSON.parse(readFileSync(list, 'utf8')) as { sha256: string[] }).sha256;
    expect(hashes.length).toBeGreaterThan(20);
    // A document made of a constant from another file (ProfileEditor's PROFILE_FIELDS) is there, folded.
    const src = join(dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'fields.ts'), 'export const FIELDS = `id name`;\n');
    writeFileSync(join(src, 'a.ts'), "import { FIELDS } from './fields';\nexport const Q = `query Named { sectors { ${FIELDS} } }`;\n");
    expect(build('--src', src, '--out', join(dir, 'folded.json')).status).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'folded.json'), 'utf8')) as { sha256: string[] }).sha256).toEqual([
      createHash('sha256').update('query Named { sectors { id name } }').digest('hex'),
    ]);
    // One built from a value the build cannot know could never pass: the build says so.
    writeFileSync(join(src, 'b.ts'), 'export const run = (id: string) => `query { site(id: "${id}") { id } }`;\n');
    const refused = build('--src', src, '--out', join(dir, 'refused.json'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('b.ts:1');
  });

  it("runs the web app's documents from a browser, refuses any other from a browser, and leaves other clients alone", async () => {
    const member = await new Factory(t).member(MembershipRole.COORDINATOR);
    const send = (query: string, variables: Record<string, unknown>, origin?: string) => {
      const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${member.token}`);
      if (origin) req.set('origin', origin);
      return req.send({ query, variables });
    };
    const listed = await send(WEB_DOCUMENT, { ids: [] }, 'http://localhost:3000');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ data: { markNotificationsRead: 0 } });

    const other = await send('mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }\n', { ids: [] }, 'http://localhost:3000');
    expect(other.status).toBe(403);
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(other.body.data).toBeUndefined();

    // An API client (no Origin header) may send any document.
    const tool = await send('{ __typename }', {});
    expect(tool.status).toBe(200);
    expect(tool.body.data).toEqual({ __typename: 'Query' });
  });
});
