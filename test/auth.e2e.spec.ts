import { MembershipRole } from '@stagebank/domain';
import jwt from 'jsonwebtoken';
import { Factory } from './support/factories';
import { onlyError, startTestApp, TestApp } from './support/test-app';

describe('authentication', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('serves reference data to anyone', async () => {
    const res = await t.gql(`{ sectors { code nameNl related } labourMarketRegions { code name } }`);
    expect(res.data!.labourMarketRegions).toHaveLength(35);
    expect(res.data!.sectors.find((s: { code: string }) => s.code === 'CARE_WELFARE').related).toContain('HOSPITALITY');
  });

  it.each([
    ['the employer network', '{ employers { totalCount } }'],
    ['students', '{ studentProfiles { totalCount } }'],
    ['who is signed in', '{ me { role } }'],
  ])('refuses anonymous access to %s', async (_what, query) => {
    expect(onlyError(await t.gql(query)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses malformed, expired, foreign and mismatched tokens', async () => {
    const member = await f.member(MembershipRole.COORDINATOR);
    const other = await f.organisation();
    const expired = jwt.sign({ org: member.organisationId }, 'x'.repeat(40), { subject: member.userId, expiresIn: -10 });
    const tokens = [
      'not-a-jwt',
      t.tokens.sign({ sub: member.userId, org: member.organisationId }, -10),
      expired,
      jwt.sign({ org: member.organisationId }, 'another-secret-of-enough-length-000000', {
        subject: member.userId,
        audience: 'stagebank',
        issuer: 'stagebank-dev',
      }),
      t.tokens.sign({ sub: member.userId, org: other.id }),
      t.tokens.sign({ sub: 'not-a-uuid', org: member.organisationId }),
      // Signed with the run's secret, right issuer and audience, but never expiring.
      jwt.sign({ org: member.organisationId }, 'stagebank-test-run-secret-0123456789abcdef', {
        subject: member.userId,
        audience: 'stagebank',
        issuer: 'stagebank-dev',
      }),
    ];
    for (const token of tokens) {
      const res = await t.gql('{ me { role } }', {}, token);
      expect(onlyError(res).extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.gql('{ me { role } }', {}, member.token)).data!.me.role).toBe('COORDINATOR');
  });
});
