import { MembershipRole } from '@stagebank/domain';
import request from 'supertest';
import { Factory } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const REDIS_URL = process.env.STAGEBANK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Rate limits shared through Redis: what one API process counted, the next one knows. */
describe('rate limits across processes (Redis)', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  const ask = (app: TestApp, token: string) =>
    request(app.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ __typename }' });

  it('counts one caller once across processes: a second process refuses what the first used up', async () => {
    t = await startTestApp({ REDIS_URL, RATE_LIMIT_PER_MINUTE: '5' });
    const member = await new Factory(t).member(MembershipRole.COORDINATOR);
    for (let i = 0; i < 3; i++) expect((await ask(t, member.token)).status).toBe(200);
    // One process at a time (the embedded database serves one connection): the counts outlive the first.
    await t.close();
    t = await startTestApp({ REDIS_URL, RATE_LIMIT_PER_MINUTE: '5' });
    const fourth = await ask(t, member.token);
    expect(fourth.headers['ratelimit-remaining']).toBe('1');
    expect((await ask(t, member.token)).status).toBe(200);
    const refused = await ask(t, member.token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('keeps answering, counting in-process, when Redis cannot be reached', async () => {
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '2' });
    const member = await new Factory(t).member(MembershipRole.COORDINATOR);
    expect((await ask(t, member.token)).status).toBe(200);
    expect((await ask(t, member.token)).status).toBe(200);
    expect((await ask(t, member.token)).status).toBe(429);
  });
});
