import { MembershipRole } from '@stagebank/domain';
import { EmployerEntity, InternshipEntity, PlacementEntity, SiteEntity } from '@stagebank/persistence';
import request from 'supertest';
import { Factory, Member } from './support/factories';
import { newEmployer, newPlacement } from './support/inputs';
import { onlyError, startTestApp, TestApp } from './support/test-app';

/** Rows in the tables a bad write could touch; compared before and after each attempt. */
async function footprint(t: TestApp): Promise<number[]> {
  return Promise.all([EmployerEntity, SiteEntity, PlacementEntity, InternshipEntity].map((e) => t.db.getRepository(e).count()));
}

describe('bad input: a clear error with a code and the field, and nothing written', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;
  let siteId: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
    siteId = (await f.employer()).site.id;
  });
  afterAll(() => t.close());

  const CREATE_EMPLOYER = `mutation($input: CreateEmployerInput!) { createEmployer(input: $input) { id } }`;
  const CREATE_PLACEMENT = `mutation($input: CreatePlacementInput!) { createPlacement(input: $input) { id } }`;
  const site = newEmployer().sites[0];

  const cases: Array<[string, string, () => object, string, string]> = [
    ['a KvK number that is not 8 digits', CREATE_EMPLOYER, () => newEmployer({ kvkNumber: '1234567' }), 'BAD_USER_INPUT', 'input.kvkNumber'],
    ['a KvK number with letters', CREATE_EMPLOYER, () => newEmployer({ kvkNumber: '1234567a' }), 'BAD_USER_INPUT', 'input.kvkNumber'],
    ['an empty name', CREATE_EMPLOYER, () => newEmployer({ name: '' }), 'BAD_USER_INPUT', 'input.name'],
    ['a 5,000-character name', CREATE_EMPLOYER, () => newEmployer({ name: 'x'.repeat(5000) }), 'BAD_USER_INPUT', 'input.name'],
    [
      'latitude outside −90..90',
      CREATE_EMPLOYER,
      () => newEmployer({ sites: [{ ...site, location: { latitude: 91, longitude: 5.5 } }] }),
      'BAD_USER_INPUT',
      'input.sites[0].location.latitude',
    ],
    ['an invalid postcode', CREATE_EMPLOYER, () => newEmployer({ sites: [{ ...site, postcode: '123 AB' }] }), 'BAD_USER_INPUT', 'input.sites[0].postcode'],
    ['an unknown sector', CREATE_EMPLOYER, () => newEmployer({ sectors: ['ASTRONAUTICS'] }), 'BAD_USER_INPUT', 'input.sectors[0]'],
    ['no sites', CREATE_EMPLOYER, () => newEmployer({ sites: [] }), 'BAD_USER_INPUT', 'input.sites'],
    ['negative seats', CREATE_PLACEMENT, () => newPlacement(siteId, { seats: -1 }), 'BAD_USER_INPUT', 'input.seats'],
    [
      'an end date before the start date',
      CREATE_PLACEMENT,
      () => newPlacement(siteId, { availableFrom: '2027-01-01', availableUntil: '2026-01-01' }),
      'BAD_USER_INPUT',
      'input.availableUntil',
    ],
    ['a date that does not exist', CREATE_PLACEMENT, () => newPlacement(siteId, { availableFrom: '2026-02-30' }), 'BAD_USER_INPUT', 'input.availableFrom'],
    ['a 4-digit crebo', CREATE_PLACEMENT, () => newPlacement(siteId, { crebo: '2525' }), 'BAD_USER_INPUT', 'input.crebo'],
    ['no audience', CREATE_PLACEMENT, () => newPlacement(siteId, { audiences: [] }), 'BAD_USER_INPUT', 'input.audiences'],
    ['a required field missing', CREATE_PLACEMENT, () => ({ ...newPlacement(siteId), sector: undefined }), 'BAD_USER_INPUT', 'input.sector'],
    ['a malformed site id', CREATE_PLACEMENT, () => newPlacement('site-1'), 'BAD_USER_INPUT', 'input.siteId'],
  ];

  it.each(cases)('rejects %s', async (_what, mutation, input, code, field) => {
    const before = await footprint(t);
    const error = onlyError(await t.gql(mutation, { input: input() }, coordinator.token));
    expect(error.extensions).toMatchObject({ code, field });
    expect(error.message).not.toMatch(/\bat \w+ \(/); // no stack trace
    expect(await footprint(t)).toEqual(before);
  });

  it.each([
    ['a NUL character in an input field', CREATE_EMPLOYER, () => ({ input: newEmployer({ name: 'Bakkerij\u0000' }) }), 'input.name'],
    ['a lone UTF-16 surrogate in a name', CREATE_EMPLOYER, () => ({ input: newEmployer({ name: 'x\ud800' }) }), 'input.name'],
    ['a NUL character in a cursor', `query ($after: String) { employers(first: 1, after: $after) { totalCount } }`, () => ({ after: 'abc\u0000' }), 'after'],
    [
      '100,000 ids in one list',
      `mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`,
      () => ({ ids: Array.from({ length: 100_000 }, () => '1') }),
      'ids',
    ],
  ])('rejects %s as BAD_USER_INPUT naming the field, for every argument alike', async (_what, document, variables, field) => {
    const before = await footprint(t);
    const result = await t.gql(document, variables(), coordinator.token);
    expect(result.status).toBe(400);
    expect(onlyError(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await footprint(t)).toEqual(before);
  });

  it('rejects a NUL character written into the document itself', async () => {
    const error = onlyError(await t.gql(`{ employers(first: 1, after: "x\\u0000") { totalCount } }`, {}, coordinator.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('rejects a malformed id argument before touching the database', async () => {
    const error = onlyError(await t.gql(`query { employer(id: "42") { id } }`, {}, coordinator.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('rejects a page size above the maximum', async () => {
    const error = onlyError(await t.gql(`{ employers(first: 1000) { totalCount } }`, {}, coordinator.token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const cursor = onlyError(await t.gql(`{ employers(after: "bm9wZQ") { totalCount } }`, {}, coordinator.token));
    expect(cursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses a 10 MB request with 413 and stays up', async () => {
    const before = await footprint(t);
    const huge = JSON.stringify({ query: CREATE_EMPLOYER, variables: { input: newEmployer({ description: 'x'.repeat(10 * 1024 * 1024) }) } });
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${coordinator.token}`)
      .send(huge);
    expect(res.status).toBe(413);
    expect(JSON.stringify(res.body)).not.toContain('node_modules');
    expect(await footprint(t)).toEqual(before);
    expect((await t.gql(`{ sectors { code } }`)).data!.sectors.length).toBeGreaterThan(0);
  });

  it('reports a syntax error in the query as such', async () => {
    const error = onlyError(await t.gql(`{ employers( }`, {}, coordinator.token));
    expect(error.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
