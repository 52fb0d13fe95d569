import { MembershipRole, SupportLevel } from '@stagebank/domain';
import { EmployerEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { newEmployer } from './support/inputs';
import { onlyError, startTestApp, TestApp } from './support/test-app';

export const EMPLOYER_FIELDS = `id kvkNumber name kind sizeClass sectors description website status statusReason pausedUntil lastVerifiedAt
  sites { id name street houseNumber postcode place wheelchairAccessible location { latitude longitude }
          supervisors { id name role trained training maxStudents intensity }
          supervisionCapacity { maxStudents trainedSupervisors highestIntensity } }`;

const CREATE = `mutation($input: CreateEmployerInput!) { createEmployer(input: $input) { ${EMPLOYER_FIELDS} } }`;

describe('employers, sites and supervision capacity', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  it('creates an employer with its sites and supervisors, normalising the postcode', async () => {
    const res = await t.gql(CREATE, { input: newEmployer() }, coordinator.token);
    expect(res.errors).toBeUndefined();
    const employer = res.data!.createEmployer;
    expect(employer).toMatchObject({ name: 'Bakkerij Van Dijk', status: 'ACTIVE', sectors: ['BAKERY_FOOD', 'RETAIL'] });
    expect(employer.lastVerifiedAt).not.toBeNull();
    expect(employer.sites).toHaveLength(1);
    expect(employer.sites[0]).toMatchObject({ postcode: '5341 AB', place: 'Oss', location: { latitude: 51.765, longitude: 5.518 } });
    expect(employer.sites[0].supervisionCapacity).toEqual({ maxStudents: 3, trainedSupervisors: 1, highestIntensity: SupportLevel.INTENSIVE });
    const stored = await t.db.getRepository(EmployerEntity).findOneByOrFail({ id: employer.id });
    expect(stored.createdByOrganisationId).toBe(coordinator.organisationId);
  });

  it('refuses a second employer with the same KvK number, naming the first', async () => {
    const input = newEmployer({ kvkNumber: '55554444' });
    expect((await t.gql(CREATE, { input }, coordinator.token)).errors).toBeUndefined();
    const error = onlyError(await t.gql(CREATE, { input: { ...input, name: 'Kopie' } }, coordinator.token));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.kvkNumber' });
    expect(error.message).toContain('Bakkerij Van Dijk');
  });

  it('reads, updates and lists employers with filters', async () => {
    const { employer } = await f.employer({ name: 'Café Ümlaut', sectors: ['HOSPITALITY'] as never, kvkNumber: '12121212' });
    const one = await t.gql(`query($id: ID!) { employer(id: $id) { name sites { place } } }`, { id: employer.id }, coordinator.token);
    expect(one.data!.employer).toEqual({ name: 'Café Ümlaut', sites: [{ place: "'s-Hertogenbosch" }] });

    const updated = await t.gql(
      `mutation($id: ID!, $input: UpdateEmployerInput!) { updateEmployer(id: $id, input: $input) { name sizeClass sectors kvkNumber } }`,
      { id: employer.id, input: { sizeClass: 'MEDIUM', sectors: ['HOSPITALITY', 'CARE_WELFARE'] } },
      coordinator.token,
    );
    expect(updated.data!.updateEmployer).toEqual({ name: 'Café Ümlaut', sizeClass: 'MEDIUM', sectors: ['HOSPITALITY', 'CARE_WELFARE'], kvkNumber: '12121212' });

    const list = async (filter: object) =>
      (
        await t.gql(
          `query($filter: EmployerFilter) { employers(filter: $filter, first: 100) { totalCount edges { node { id } } } }`,
          { filter },
          coordinator.token,
        )
      ).data!.employers;
    expect((await list({ search: 'cafe umlaut' })).edges.map((e: any) => e.node.id)).toEqual([employer.id]);
    expect((await list({ kvkNumber: '12121212' })).totalCount).toBe(1);
    const byFilters = await list({ search: 'umlaut', sectors: ['CARE_WELFARE'], kinds: ['REGULAR'], statuses: ['ACTIVE'], place: "'s-hertogenbosch" });
    expect(byFilters.totalCount).toBe(1);
    expect((await list({ search: 'umlaut', kinds: ['DAY_ACTIVITY_CENTRE'] })).totalCount).toBe(0);
  });

  it('pages through all employers by name without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total: number;
    do {
      const res: any = await t.gql(
        `query($after: String) { employers(first: 100, after: $after) { totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        coordinator.token,
      );
      const conn = res.data.employers;
      total = conn.totalCount;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBeGreaterThanOrEqual(320);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('pauses with a reason until a day, stops, and restores an employer', async () => {
    const { employer } = await f.employer();
    const SET = `mutation($id: ID!, $input: EmployerStatusInput!) { setEmployerStatus(id: $id, input: $input) { status statusReason pausedUntil } }`;
    const noReason = await t.gql(SET, { id: employer.id, input: { status: 'PAUSED', pausedUntil: '2099-01-01' } }, coordinator.token);
    expect(onlyError(noReason).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const past = await t.gql(SET, { id: employer.id, input: { status: 'PAUSED', reason: 'Verbouwing', pausedUntil: '2001-01-01' } }, coordinator.token);
    expect(onlyError(past).extensions.field).toBe('input.pausedUntil');

    const paused = await t.gql(
      SET,
      { id: employer.id, input: { status: 'PAUSED', reason: 'Tijdelijk geen nieuwe stagiairs', pausedUntil: '2099-01-01' } },
      coordinator.token,
    );
    expect(paused.data!.setEmployerStatus).toEqual({ status: 'PAUSED', statusReason: 'Tijdelijk geen nieuwe stagiairs', pausedUntil: '2099-01-01' });
    const stopped = await t.gql(SET, { id: employer.id, input: { status: 'STOPPED', reason: 'Slechte ervaringen' } }, coordinator.token);
    expect(stopped.data!.setEmployerStatus).toEqual({ status: 'STOPPED', statusReason: 'Slechte ervaringen', pausedUntil: null });
    const active = await t.gql(SET, { id: employer.id, input: { status: 'ACTIVE' } }, coordinator.token);
    expect(active.data!.setEmployerStatus).toEqual({ status: 'ACTIVE', statusReason: null, pausedUntil: null });
  });

  it('adds, updates and removes sites and supervisors', async () => {
    const { employer, site } = await f.employer();
    const added = await t.gql(
      `mutation($employerId: ID!, $input: SiteInput!) { addSite(employerId: $employerId, input: $input) { id employerId postcode place } }`,
      { employerId: employer.id, input: { ...newEmployer().sites[0], supervisors: [] } },
      coordinator.token,
    );
    expect(added.data!.addSite).toMatchObject({ employerId: employer.id, postcode: '5341 AB' });
    const siteId = added.data!.addSite.id;

    const moved = await t.gql(
      `mutation($id: ID!, $input: UpdateSiteInput!) { updateSite(id: $id, input: $input) { place postcode wheelchairAccessible location { latitude } } }`,
      { id: siteId, input: { place: 'Uden', postcode: '5401 AA', location: { latitude: 51.66, longitude: 5.62 } } },
      coordinator.token,
    );
    expect(moved.data!.updateSite).toEqual({ place: 'Uden', postcode: '5401 AA', wheelchairAccessible: true, location: { latitude: 51.66 } });

    const supervisor = await t.gql(
      `mutation($siteId: ID!, $input: SupervisorInput!) { addSupervisor(siteId: $siteId, input: $input) { id maxStudents trained } }`,
      { siteId, input: { role: 'JOB_COACH', maxStudents: 3, intensity: 'MODERATE', trained: true } },
      coordinator.token,
    );
    const supervisorId = supervisor.data!.addSupervisor.id;
    const changed = await t.gql(
      `mutation($id: ID!, $input: SupervisorInput!) { updateSupervisor(id: $id, input: $input) { maxStudents intensity } }`,
      { id: supervisorId, input: { role: 'JOB_COACH', maxStudents: 5, intensity: 'INTENSIVE' } },
      coordinator.token,
    );
    expect(changed.data!.updateSupervisor).toEqual({ maxStudents: 5, intensity: 'INTENSIVE' });
    expect((await t.gql(`mutation($id: ID!) { removeSupervisor(id: $id) }`, { id: supervisorId }, coordinator.token)).data!.removeSupervisor).toBe(true);
    expect(await t.db.getRepository(SupervisorEntity).countBy({ siteId })).toBe(0);

    await f.placement(site.id);
    const busy = await t.gql(`mutation($id: ID!) { removeSite(id: $id) }`, { id: site.id }, coordinator.token);
    expect(onlyError(busy).extensions.code).toBe('CONFLICT');
    expect((await t.gql(`mutation($id: ID!) { removeSite(id: $id) }`, { id: siteId }, coordinator.token)).data!.removeSite).toBe(true);
    expect(await t.db.getRepository(SiteEntity).countBy({ employerId: employer.id })).toBe(1);
  });

  it('lets an API client read but not write', async () => {
    const client = await f.member(MembershipRole.API_CLIENT);
    expect((await t.gql(`{ employers(first: 1) { totalCount } }`, {}, client.token)).data!.employers.totalCount).toBeGreaterThan(0);
    expect(onlyError(await t.gql(CREATE, { input: newEmployer() }, client.token)).extensions.code).toBe('FORBIDDEN');
  });
});
