import { InternshipStatus, MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { Factory, Member } from './support/factories';
import { newPlacement } from './support/inputs';
import { onlyError, startTestApp, TestApp } from './support/test-app';

const FIELDS = `id title sector type seats days hoursPerWeek customerContact quietWorkplace weekendWork audiences supervisionLevel paidJobChance
  allowancePaid requiredCertificates crebo werkprocessen availableFrom availableUntil lastVerifiedAt freeSeats nextOpening
  site { id place } employer { id name } occupancy { organisationId organisationName coachName startDate endDate status }`;

describe('placements and occupancy', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  const create = (input: object) =>
    t.gql(`mutation($input: CreatePlacementInput!) { createPlacement(input: $input) { ${FIELDS} } }`, { input }, coordinator.token);

  it('creates a placement at a site with defaults for what is not said', async () => {
    const { employer, site } = await f.employer();
    const res = await create(newPlacement(site.id));
    expect(res.errors).toBeUndefined();
    expect(res.data!.createPlacement).toMatchObject({
      title: 'Medewerker restaurant zorgcentrum',
      seats: 2,
      hoursPerWeek: 16,
      quietWorkplace: false,
      weekendWork: false,
      freeSeats: 2,
      nextOpening: todayIso(),
      occupancy: [],
      availableUntil: null,
      site: { id: site.id },
      employer: { id: employer.id, name: employer.name },
    });
  });

  it('shows who holds a seat — organisation, coach, until when — and when the next seat opens', async () => {
    const { site } = await f.employer();
    const placement = await f.placement(site.id, { seats: 1 });
    const school = await f.member(MembershipRole.COACH);
    const student = await f.student(school.organisationId);
    const until = addDays(todayIso(), 30);
    await f.internship(placement.id, student.id, school.organisationId, {
      startDate: addDays(todayIso(), -10),
      endDate: until,
      status: InternshipStatus.ACTIVE,
      coachUserId: school.userId,
    });
    const res = await t.gql(`query($id: ID!) { placement(id: $id) { ${FIELDS} } }`, { id: placement.id }, coordinator.token);
    const seen = res.data!.placement;
    expect(seen.freeSeats).toBe(0);
    expect(seen.nextOpening).toBe(addDays(until, 1));
    expect(seen.occupancy).toHaveLength(1);
    expect(seen.occupancy[0]).toMatchObject({ organisationId: school.organisationId, endDate: until, status: 'ACTIVE' });
    expect(seen.occupancy[0].coachName).toMatch(/^Test user/);
    expect(JSON.stringify(res.data)).not.toContain(student.id);
    expect(JSON.stringify(res.data)).not.toContain(student.code);

    const list = await t.gql(
      `query($filter: PlacementFilter) { placements(filter: $filter) { totalCount edges { node { id } } } }`,
      { filter: { siteId: site.id, hasFreeSeat: true } },
      coordinator.token,
    );
    expect(list.data!.placements.totalCount).toBe(0);
  });

  it('updates a placement but never below the seats already taken at once', async () => {
    const { site } = await f.employer();
    const placement = await f.placement(site.id, { seats: 3 });
    const school = await f.member(MembershipRole.COACH);
    for (let i = 0; i < 2; i++) await f.internship(placement.id, (await f.student(school.organisationId)).id, school.organisationId);
    const UPDATE = `mutation($id: ID!, $input: UpdatePlacementInput!) { updatePlacement(id: $id, input: $input) { seats title } }`;
    const tooFew = await t.gql(UPDATE, { id: placement.id, input: { seats: 1 } }, coordinator.token);
    expect(onlyError(tooFew).extensions).toMatchObject({ code: 'CONFLICT', field: 'input.seats' });
    const ok = await t.gql(UPDATE, { id: placement.id, input: { seats: 2, title: 'Vakkenvuller' } }, coordinator.token);
    expect(ok.data!.updatePlacement).toEqual({ seats: 2, title: 'Vakkenvuller' });
    const window = await t.gql(UPDATE, { id: placement.id, input: { availableUntil: '2019-01-01' } }, coordinator.token);
    expect(onlyError(window).extensions.field).toBe('input.availableUntil');
  });

  it('lists placements with filters', async () => {
    const { employer, site } = await f.employer();
    const a = (await create(newPlacement(site.id, { title: 'Groepsstage inpakken', type: 'GROUP_STAGE', sector: 'TECHNICAL_PRODUCTION', audiences: ['PLP'] })))
      .data!.createPlacement;
    await create(newPlacement(site.id, { title: 'Hovenier', sector: 'GREEN' }));
    const list = async (filter: object) =>
      (
        await t.gql(
          `query($filter: PlacementFilter) { placements(filter: $filter, first: 50) { totalCount edges { node { id title } } } }`,
          { filter },
          coordinator.token,
        )
      ).data!.placements;
    expect((await list({ employerId: employer.id })).totalCount).toBe(2);
    const grouped = await list({ employerId: employer.id, types: ['GROUP_STAGE'], sectors: ['TECHNICAL_PRODUCTION'], audiences: ['PLP'], hasFreeSeat: true });
    expect(grouped.edges.map((e: any) => e.node.id)).toEqual([a.id]);
    expect((await list({ employerId: employer.id, search: 'hoven' })).edges.map((e: any) => e.node.title)).toEqual(['Hovenier']);
    expect((await list({ employerId: employer.id, audiences: ['VSO'], sectors: ['TECHNICAL_PRODUCTION'] })).totalCount).toBe(0);
  });

  it('says NOT_FOUND for a placement at an unknown site', async () => {
    const error = onlyError(await create(newPlacement('00000000-0000-4000-8000-000000000001')));
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.siteId' });
  });

  it('shows a site with its placements', async () => {
    const { site } = await f.employer();
    await f.placement(site.id, { title: 'Magazijnmedewerker' });
    const res = await t.gql(`query($id: ID!) { site(id: $id) { placements { title } employer { id } } }`, { id: site.id }, coordinator.token);
    expect(res.data!.site.placements).toEqual([{ title: 'Magazijnmedewerker' }]);
  });
});
