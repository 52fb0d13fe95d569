import { MembershipRole } from '@stagebank/domain';
import { Factory } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/** Hosting interest per school year, recorded by coordinators and shown on the employer. */
describe('hosting interest', () => {
  let t: TestApp;
  let f: Factory;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const SET = `mutation ($id: ID!, $input: HostingInterestInput!) {
    setEmployerHostingInterest(employerId: $id, input: $input) { schoolYear interest reasons note byEmployer recordedByUserId } }`;
  const SHOWN = `query ($id: ID!) { employer(id: $id) { hostingInterests { schoolYear interest reasons note byEmployer } } }`;

  it('records one answer per school year, replaces it, and shows them newest first', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const { employer } = await f.employer();
    const looking = await t.gql(SET, { id: employer.id, input: { schoolYear: '2027-2028', interest: 'ACTIVELY_LOOKING' } }, coordinator.token);
    expect(looking.data!.setEmployerHostingInterest).toEqual({
      schoolYear: '2027-2028',
      interest: 'ACTIVELY_LOOKING',
      reasons: [],
      note: null,
      byEmployer: false,
      recordedByUserId: coordinator.userId,
    });
    const busy = await t.gql(
      SET,
      { id: employer.id, input: { schoolYear: '2026-2027', interest: 'NOT_THIS_YEAR', reasons: ['NO_SUPERVISOR', 'OTHER'], note: 'verbouwing tot de zomer' } },
      coordinator.token,
    );
    expect(busy.errors).toBeUndefined();
    // The same year again replaces the answer.
    const again = await t.gql(
      SET,
      { id: employer.id, input: { schoolYear: '2027-2028', interest: 'HAS_STUDENTS_ELSEWHERE', reasons: ['ENOUGH_STUDENTS'] } },
      coordinator.token,
    );
    expect(again.errors).toBeUndefined();
    expect((await t.gql(SHOWN, { id: employer.id }, coordinator.token)).data!.employer.hostingInterests).toEqual([
      { schoolYear: '2027-2028', interest: 'HAS_STUDENTS_ELSEWHERE', reasons: ['ENOUGH_STUDENTS'], note: null, byEmployer: false },
      { schoolYear: '2026-2027', interest: 'NOT_THIS_YEAR', reasons: ['NO_SUPERVISOR', 'OTHER'], note: 'verbouwing tot de zomer', byEmployer: false },
    ]);
    // Audited, naming the coordinator.
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM audit_entry WHERE entity = 'employer_hosting_interest' AND after ->> 'employer_id' = $1 AND actor_user_id = $2`,
      [employer.id, coordinator.userId],
    );
    expect(count).toBe(3);
  });

  it('refuses reasons with an interest to host, OTHER without a note, and a malformed school year', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const { employer } = await f.employer();
    const refused = async (input: Record<string, unknown>) => onlyError(await t.gql(SET, { id: employer.id, input }, coordinator.token)).extensions;
    expect(await refused({ schoolYear: '2027-2028', interest: 'INTERESTED', reasons: ['TOO_BUSY'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reasons',
    });
    expect(await refused({ schoolYear: '2027-2028', interest: 'NOT_THIS_YEAR', reasons: ['OTHER'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
    });
    expect(await refused({ schoolYear: '2027-2029', interest: 'INTERESTED' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.schoolYear' });
    expect(await refused({ schoolYear: '2027', interest: 'INTERESTED' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.schoolYear' });
    expect(onlyError(await t.gql(SET, { id: employer.id, input: { schoolYear: '2027-2028', interest: 'INTERESTED' } })).extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.gql(SHOWN, { id: employer.id }, coordinator.token)).data!.employer.hostingInterests).toEqual([]);
  });

  it('reads the hosting interests of a whole list of employers in one query, not one per employer', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const stamp = `${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      const { employer } = await f.employer({ name: `Gastvrij ${stamp} ${i}` });
      await t.gql(SET, { id: employer.id, input: { schoolYear: '2027-2028', interest: 'INTERESTED' } }, coordinator.token);
    }
    const seen: string[] = [];
    const counter = { beforeQuery: (event: { query: string }) => void seen.push(event.query) };
    t.db.subscribers.push(counter as never);
    try {
      const res = await t.gql(
        `query ($name: String!) { employers(first: 10, filter: { search: $name }) { edges { node { hostingInterests { interest } } } } }`,
        { name: `Gastvrij ${stamp}` },
        coordinator.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.employers.edges.map((e: { node: unknown }) => e.node)).toEqual(Array(3).fill({ hostingInterests: [{ interest: 'INTERESTED' }] }));
    } finally {
      t.db.subscribers.splice(t.db.subscribers.indexOf(counter as never), 1);
    }
    expect(seen.filter((q) => /FROM "?employer_hosting_interest"?/i.test(q)).length).toBe(1);
  });
});
