import { MembershipRole } from '@stagebank/domain';
import { ApiKeyEntity, UserEntity } from '@stagebank/persistence';
import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/**
 * Who may ask, and how much: OpenID Connect tokens checked against a real JWKS endpoint (a local
 * HTTP server holding a freshly made RSA key), API keys, read-only keys, limits on depth, aliases
 * and rate, and introspection in production.
 */

const ME = `{ me { user { id } organisation { id } role } }`;
const CREATE_EMPLOYER = `mutation ($input: CreateEmployerInput!) { createEmployer(input: $input) { id } }`;
const employerInput = (name: string) => ({
  name,
  kind: 'REGULAR',
  sizeClass: 'SMALL',
  sectors: ['RETAIL'],
  sites: [{ name, street: 'Markt', houseNumber: '1', postcode: '5211 AB', place: "'s-Hertogenbosch", location: { latitude: 51.69, longitude: 5.3 } }],
});

describe('OpenID Connect sign-in', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: Server;
  let issuer: string;
  let t: TestApp;
  let f: Factory;

  beforeAll(async () => {
    jwks = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' }] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/`;
    t = await startTestApp({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'stagebank-test', OIDC_JWKS_URL: `${issuer}jwks`, OIDC_WEB_CLIENT_ID: 'stagebank-web' });
    f = new Factory(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const sign = (claims: Record<string, unknown>, options: jwt.SignOptions = {}, key = privateKey) =>
    jwt.sign(claims, key, { algorithm: 'RS256', keyid: 'key-1', issuer, audience: 'stagebank-test', expiresIn: 300, ...options });

  it('signs in a member by verified e-mail, then by subject, acting for the organisation the token names', async () => {
    const member = await f.member(MembershipRole.COORDINATOR);
    const user = (await t.db.getRepository(UserEntity).findOneBy({ id: member.userId }))!;
    const first = await t.gql(ME, {}, sign({ sub: 'idp-123', email: user.email.toUpperCase(), email_verified: true, stagebank_org: member.organisationId }));
    expect(first.data!.me).toMatchObject({ user: { id: member.userId }, organisation: { id: member.organisationId }, role: 'COORDINATOR' });
    expect((await t.db.getRepository(UserEntity).findOneBy({ id: member.userId }))!.oidcSubject).toBe(`${issuer}|idp-123`);
    // Later sign-ins go by the subject, whatever the e-mail says.
    const again = await t.gql(ME, {}, sign({ sub: 'idp-123', email: 'changed@example.org' }));
    expect(again.data!.me.user.id).toBe(member.userId);
  });

  it('asks a member of two organisations to name one, by header', async () => {
    const a = await f.member(MembershipRole.COACH);
    const second = await f.organisation();
    await t.db.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, 'COACH')`, [a.userId, second.id]);
    await t.db.getRepository(UserEntity).update(a.userId, { oidcSubject: `${issuer}|two-orgs` });
    const token = sign({ sub: 'two-orgs' });
    const choose = onlyError(await t.gql(ME, {}, token));
    expect(choose.message).toMatch(/belongs to 2 organisations/);
    // The user's own organisations, so the web app can ask which one.
    const [first] = await t.db.query(`SELECT name FROM organisation WHERE id = $1`, [a.organisationId]);
    expect(choose.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'x-stagebank-organisation' });
    expect(
      (choose.extensions as unknown as { organisations: Array<{ id: string; name: string }> }).organisations.sort((x, y) => x.id.localeCompare(y.id)),
    ).toEqual(
      [
        { id: a.organisationId, name: first.name },
        { id: second.id, name: second.name },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .set('x-stagebank-organisation', second.id)
      .send({ query: ME });
    expect(res.body.data.me.organisation.id).toBe(second.id);
  });

  it("accepts the web app's ID token (its client as the audience), and tells the web app where to sign in", async () => {
    const member = await f.member(MembershipRole.COORDINATOR);
    await t.db.getRepository(UserEntity).update(member.userId, { oidcSubject: `${issuer}|web-user` });
    const idToken = sign({ sub: 'web-user', nonce: 'n-0S6_WzA2Mj' }, { audience: 'stagebank-web' });
    expect((await t.gql(ME, {}, idToken)).data!.me).toMatchObject({ user: { id: member.userId }, organisation: { id: member.organisationId } });
    expect((await t.gql(`{ webApp { oidc { issuer clientId scope } } }`)).data!.webApp.oidc).toEqual({
      issuer,
      clientId: 'stagebank-web',
      scope: 'openid email profile',
    });
  });

  it('refuses a provider token without an expiry', async () => {
    const member = await f.member(MembershipRole.COORDINATOR);
    await t.db.getRepository(UserEntity).update(member.userId, { oidcSubject: `${issuer}|forever` });
    const claims = { sub: 'forever', stagebank_org: member.organisationId };
    expect((await t.gql(ME, {}, sign(claims))).data!.me).toMatchObject({ user: { id: member.userId } });
    const forever = jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: 'key-1', issuer, audience: 'stagebank-test' });
    expect(onlyError(await t.gql(ME, {}, forever))).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/expiry/) });
  });

  it.each([
    ['a wrong audience', () => sign({ sub: 'idp-123' }, { audience: 'someone-else' })],
    ['an expired token', () => sign({ sub: 'idp-123' }, { expiresIn: -60 })],
    ['a token signed with another key', () => sign({ sub: 'idp-123' }, {}, stranger.privateKey)],
    ['an unknown subject without a verified e-mail', () => sign({ sub: 'nobody', email: 'nobody@example.org', email_verified: false })],
    ['an unknown issuer', () => sign({ sub: 'idp-123' }, { issuer: 'https://evil.example/' })],
    ['an organisation the user does not belong to', () => sign({ sub: 'idp-123', stagebank_org: '00000000-0000-4000-8000-000000000000' })],
  ])('refuses %s', async (_case, token) => {
    expect(onlyError(await t.gql(ME, {}, token())).extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('API keys and limits', () => {
  let t: TestApp;
  let f: Factory;
  let admin: Member;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
    f = new Factory(t);
    admin = await f.member(MembershipRole.SCHOOL_ADMIN);
  });
  afterAll(() => t.close());

  const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret key { id prefix scope } } }`;

  it('lets an admin create a key whose secret is shown once and stored only as a hash', async () => {
    const created = (await t.gql(CREATE_KEY, { input: { name: 'Roosterkoppeling', scope: 'READ' } }, admin.token)).data!.createApiKey;
    expect(created.secret).toMatch(/^sbk_/);
    expect(created.secret.startsWith(created.key.prefix)).toBe(true);
    const stored = (await t.db.getRepository(ApiKeyEntity).findOneBy({ id: created.key.id }))!;
    expect(stored.secretHash).not.toContain(created.secret);
    expect(JSON.stringify(stored)).not.toContain(created.secret.slice(10));
    const list = await t.gql(`{ apiKeys { id prefix lastUsedAt } }`, {}, admin.token);
    expect(JSON.stringify(list.data)).not.toContain(created.secret.slice(10));
  });

  it('lets a read-only key read and refuses it every mutation; records when it was last used', async () => {
    const { secret, key } = (await t.gql(CREATE_KEY, { input: { name: 'Lezen', scope: 'READ' } }, admin.token)).data!.createApiKey;
    const read = await t.gql(`{ employers(first: 1) { totalCount } me { role } }`, {}, secret);
    expect(read.data!.me.role).toBe('API_CLIENT');
    expect(read.data!.employers.totalCount).toBeGreaterThan(0);
    const before = await t.db.getRepository(ApiKeyEntity).count();
    expect(onlyError(await t.gql(CREATE_EMPLOYER, { input: employerInput('Sleutelbedrijf') }, secret)).extensions.code).toBe('FORBIDDEN');
    expect(onlyError(await t.gql(CREATE_KEY, { input: { name: 'Nog een', scope: 'READ_WRITE' } }, secret)).extensions.code).toBe('FORBIDDEN');
    expect(await t.db.getRepository(ApiKeyEntity).count()).toBe(before);
    expect((await t.db.getRepository(ApiKeyEntity).findOneBy({ id: key.id }))!.lastUsedAt).not.toBeNull();
  });

  it('lets a read-write key change shared network data, and stops a revoked key at once', async () => {
    const { secret, key } = (await t.gql(CREATE_KEY, { input: { name: 'Schrijven', scope: 'READ_WRITE' } }, admin.token)).data!.createApiKey;
    const created = await t.gql(CREATE_EMPLOYER, { input: employerInput('Via de sleutel') }, secret);
    expect(created.errors).toBeUndefined();
    const revoked = await t.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: key.id }, admin.token);
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    const after = onlyError(await t.gql(`{ me { role } }`, {}, secret));
    expect(after.extensions.code).toBe('UNAUTHENTICATED');
    expect(after.message).toMatch(/revoked/);
  });

  it("answers NOT_FOUND alike for another organisation's key and for no key at all", async () => {
    const { key } = (await t.gql(CREATE_KEY, { input: { name: 'Geheim', scope: 'READ' } }, admin.token)).data!.createApiKey;
    const otherAdmin = await f.member(MembershipRole.SCHOOL_ADMIN);
    const REVOKE = `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`;
    expect(onlyError(await t.gql(REVOKE, { id: key.id }, otherAdmin.token)).extensions.code).toBe('NOT_FOUND');
    expect(onlyError(await t.gql(REVOKE, { id: '00000000-0000-4000-8000-000000000000' }, otherAdmin.token)).extensions.code).toBe('NOT_FOUND');
    expect((await t.db.getRepository(ApiKeyEntity).findOneBy({ id: key.id }))!.revokedAt).toBeNull();
  });

  it('gives a key student data only when granted, and audits the grant', async () => {
    const student = await f.student(admin.organisationId);
    const READ_STUDENTS = `query ($id: ID!) { studentProfiles(first: 5) { totalCount } studentProfile(id: $id) { id } internships(first: 5) { totalCount } }`;
    const plain = (await t.gql(CREATE_KEY, { input: { name: 'Zonder', scope: 'READ' } }, admin.token)).data!.createApiKey;
    for (const query of [
      `{ studentProfiles(first: 5) { totalCount } }`,
      `query ($id: ID!) { studentProfile(id: $id) { id } }`,
      `{ internships(first: 5) { totalCount } }`,
    ]) {
      expect(onlyError(await t.gql(query, { id: student.id }, plain.secret)).extensions.code).toBe('FORBIDDEN');
    }
    const granted = (await t.gql(CREATE_KEY, { input: { name: 'Met', scope: 'READ', studentAccess: true } }, admin.token)).data!.createApiKey;
    const allowed = await t.gql(READ_STUDENTS, { id: student.id }, granted.secret);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.studentProfile.id).toBe(student.id);
    const [entry] = await t.db.query(`SELECT actor_user_id, after FROM audit_entry WHERE entity = 'api_key' AND entity_id = $1`, [granted.key.id]);
    expect(entry).toMatchObject({ actor_user_id: admin.userId, after: { studentAccess: true, scope: 'READ' } });
    expect(JSON.stringify(entry.after)).not.toContain(granted.secret.slice(10));
    // The key acts for the organisation: the audit of its reads names the key, not the admin who made it.
    const [read] = await t.db.query(
      `SELECT actor_user_id, actor_api_key_id FROM audit_entry WHERE entity = 'student_profile' AND entity_id = $1 AND actor_api_key_id IS NOT NULL`,
      [student.id],
    );
    expect(read).toEqual({ actor_user_id: null, actor_api_key_id: granted.key.id });
  });

  it("keeps an organisation's key working after the admin who made it leaves", async () => {
    const leaver = await f.member(MembershipRole.SCHOOL_ADMIN);
    const { secret } = (await t.gql(CREATE_KEY, { input: { name: 'Blijft', scope: 'READ' } }, leaver.token)).data!.createApiKey;
    await t.db.query(`DELETE FROM membership WHERE user_id = $1`, [leaver.userId]);
    expect((await t.gql(`{ me { role } }`, {}, secret)).data!.me.role).toBe('API_CLIENT');
  });

  it('lets only admins manage keys, each for their own organisation', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    expect(onlyError(await t.gql(CREATE_KEY, { input: { name: 'x', scope: 'READ' } }, coordinator.token)).extensions.code).toBe('FORBIDDEN');
    const otherAdmin = await f.member(MembershipRole.SCHOOL_ADMIN);
    const input = { name: 'x', scope: 'READ', organisationId: admin.organisationId };
    expect(onlyError(await t.gql(CREATE_KEY, { input }, otherAdmin.token)).extensions.code).toBe('FORBIDDEN');
  });

  it.each([
    ['malformed', 'not-a-token'],
    ['a JWT of nonsense', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['an unknown API key', 'sbk_thisKeyWasNeverIssued'],
    ['SQL in a token', "sbk_' OR 1=1 --"],
  ])('refuses a %s token without harm', async (_case, token) => {
    expect(onlyError(await t.gql(ME, {}, token)).extensions.code).toBe('UNAUTHENTICATED');
    expect((await request(t.app.getHttpServer()).get('/health')).status).toBe(200);
  });

  it('refuses operations nested too deep, too long or with too many aliases, before running them', async () => {
    const member = await f.member(MembershipRole.COORDINATOR);
    let deep = 'id';
    for (let i = 0; i < 8; i++) deep = `sites { employer { ${deep} } }`;
    const tooDeep = await t.gql(`{ employers(first: 1) { edges { node { ${deep} } } } }`, {}, member.token);
    expect(tooDeep.status).not.toBe(500);
    expect(onlyError(tooDeep)).toMatchObject({
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      message: expect.stringMatching(/depth limit of 12 exceeded/),
    });
    const tokens = await t.gql(`{ ${Array.from({ length: 2000 }, () => 'me { role }').join(' ')} }`, {}, member.token);
    expect(tokens.status).not.toBe(500);
    expect(onlyError(tokens)).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' }, message: expect.stringMatching(/more that 5000 tokens/) });
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: sectors { code }`).join(' ');
    expect(onlyError(await t.gql(`{ ${aliases} }`, {}, member.token))).toMatchObject({
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      message: expect.stringMatching(/limit of 20 exceeded/),
    });
  });
});

describe('demo sign-in', () => {
  const DEMO = `{ webApp { demoUsers { label token } } }`;

  it('hands out demo tokens on the embedded default on loopback, with the per-run secret', async () => {
    // AUTH_TOKEN_SECRET unset: the per-run random secret, as with `npm start`.
    const t = await startTestApp({ AUTH_TOKEN_SECRET: '' });
    try {
      const users = (await t.gql(DEMO)).data!.webApp.demoUsers;
      expect(users.length).toBeGreaterThan(0);
      expect((await t.gql(`{ me { role } }`, {}, users[0].token)).errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it.each([
    ['AUTH_TOKEN_SECRET is set', {}],
    ['DATABASE_URL is set', { AUTH_TOKEN_SECRET: '', DATABASE_URL: 'postgres://u@db:5432/stagebank', SEED_DEMO: 'true' }],
    ['it listens beyond loopback', { AUTH_TOKEN_SECRET: '', HOST: '0.0.0.0' }],
  ])('hands out none when %s', async (_case, env) => {
    const t = await startTestApp(env);
    try {
      expect((await t.gql(DEMO)).data).toEqual({ webApp: { demoUsers: [] } });
    } finally {
      await t.close();
    }
  });
});

describe('rate limits and production', () => {
  it('limits each user to RATE_LIMIT_PER_MINUTE requests, apart from other users', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const f = new Factory(t);
      const [busy, other] = [await f.member(MembershipRole.COORDINATOR), await f.member(MembershipRole.COORDINATOR)];
      const codes: Array<string | undefined> = [];
      for (let i = 0; i < 7; i++) codes.push((await t.gql(`{ me { role } }`, {}, busy.token)).errors?.[0]?.extensions.code);
      expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, 'RATE_LIMITED', 'RATE_LIMITED']);
      expect((await t.gql(`{ me { role } }`, {}, other.token)).errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('shows the schema only to signed-in callers in production', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'p'.repeat(32) });
    try {
      const member = await new Factory(t).member(MembershipRole.COORDINATOR);
      const query = `{ __schema { queryType { name } } }`;
      expect(onlyError(await t.gql(query)).extensions.code).toBe('FORBIDDEN');
      expect((await t.gql(query, {}, member.token)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await t.gql(`{ sectors { code } }`)).errors).toBeUndefined(); // public data stays public
      // The web app's settings are public, and never carry demo tokens in production.
      expect((await t.gql(`{ webApp { mapTilesUrl demoUsers { token } } }`)).data).toEqual({ webApp: { mapTilesUrl: null, demoUsers: [] } });
    } finally {
      await t.close();
    }
  });
});
