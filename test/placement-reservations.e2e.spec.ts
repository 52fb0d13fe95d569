import { MembershipRole, OrganisationKind, Sector, addDays, todayIso } from '@stagebank/domain';
import { Factory, Member } from './support/factories';
import { onlyError, startTestApp, TestApp } from './support/test-app';

/** Texel, far from the demo network and the other tests' spots: this test's placement is the only one within reach. */
/** Ameland: no other test places anything within reach of these students (5 km). */
const AMELAND = { latitude: 53.445, longitude: 5.9 };
const at = (km: number) => ({ type: 'Point' as const, coordinates: [AMELAND.longitude + km / 67, AMELAND.latitude] });

const RESERVE = `mutation($id: ID!, $input: ReservePlacementInput!) { reservePlacement(id: $id, input: $input) {
  id reservation { organisationId organisationName until forViewer } } }`;
const RELEASE = `mutation($id: ID!) { releasePlacementReservation(id: $id) { id reservation { until } } }`;
const MATCH = `query($id: ID!, $filter: MatchFilter) { matchPlacements(studentId: $id, first: 10, filter: $filter) {
  totalCount edges { node { placementId notes { explanationNl explanationEn } } } } }`;
const EXPLAIN = `query($s: ID!, $p: ID!, $filter: MatchFilter) { explainMatch(studentId: $s, placementId: $p, filter: $filter) {
  excluded exclusions { limit explanationNl } } }`;
const PLAN = `mutation($input: PlanCohortInput!) { planCohort(input: $input) { placed students { studentId placementId outcome } } }`;

/**
 * A placement reserved by the school that recruited its employer (issue 19): only that school or a
 * network admin sets and lifts it; other schools are not offered it for a period starting by the
 * reserved day, and are offered it after, by the same index (no rebuild).
 */
describe('reserved placements', () => {
  let t: TestApp;
  let f: Factory;
  let a: Member;
  let b: Member;
  let admin: Member;
  let nameA: string;
  let placementId: string;
  let studentA: string;
  let studentB: string;
  const today = todayIso();
  const until = addDays(today, 40);
  /** A period starting on the reserved day (still reserved) and one starting the day after (open to all). */
  const during = { from: until, to: addDays(until, 60) };
  const after = { from: addDays(until, 1), to: addDays(until, 61) };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    const orgA = await f.organisation({ kind: OrganisationKind.PRO_SCHOOL });
    nameA = orgA.name;
    a = await f.member(MembershipRole.COORDINATOR, orgA);
    b = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.PRO_SCHOOL }));
    admin = await f.member(MembershipRole.NETWORK_ADMIN, await f.organisation({ kind: OrganisationKind.OTHER }));
    // School A added the employer to the network: it recruited it.
    const { site } = await f.employer(
      { sectors: [Sector.RETAIL] as never, createdByOrganisationId: orgA.id },
      { location: at(1) as never, wheelchairAccessible: true },
    );
    placementId = (await f.placement(site.id, { title: 'Vakkenvuller Nes', sector: Sector.RETAIL, seats: 2, availableFrom: today })).id;
    const student = async (organisationId: string) =>
      (await f.student(organisationId, { homeLocation: at(0) as never, maxTravelKm: 5, sectorPreferences: [Sector.RETAIL], availableFrom: null })).id;
    studentA = await student(a.organisationId);
    studentB = await student(b.organisationId);
  });
  afterAll(() => t.close());

  it('is set by the school for itself, shown to everyone, and refused to another school', async () => {
    const res = await t.gql(RESERVE, { id: placementId, input: { until } }, a.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.reservePlacement.reservation).toEqual({ organisationId: a.organisationId, organisationName: nameA, until, forViewer: true });
    const seen = await t.gql(`query($id: ID!) { placement(id: $id) { reservation { organisationName until forViewer } } }`, { id: placementId }, b.token);
    expect(seen.data!.placement.reservation).toEqual({ organisationName: nameA, until, forViewer: false });

    expect(onlyError(await t.gql(RESERVE, { id: placementId, input: { until: addDays(until, 5) } }, b.token)).extensions?.code).toBe('FORBIDDEN');
    expect(onlyError(await t.gql(RELEASE, { id: placementId }, b.token)).extensions?.code).toBe('FORBIDDEN');
    expect(onlyError(await t.gql(RESERVE, { id: placementId, input: { until, organisationId: b.organisationId } }, a.token)).extensions?.code).toBe(
      'FORBIDDEN',
    );
    const past = onlyError(await t.gql(RESERVE, { id: placementId, input: { until: addDays(today, -1) } }, a.token));
    expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.until' });

    // Written to the audit log as the school's coordinator's change.
    const [entry] = await t.db.query(
      `SELECT actor_user_id, actor_organisation_id, after->>'reserved_until' AS until FROM audit_entry
        WHERE entity = 'placement' AND entity_id = $1 AND after->>'reserved_for_organisation_id' IS NOT NULL ORDER BY id DESC LIMIT 1`,
      [placementId],
    );
    expect(entry).toEqual({ actor_user_id: a.userId, actor_organisation_id: a.organisationId, until });
  });

  it('is held only for the school that recruited the employer: added it, or agreed a placement through an approach', async () => {
    const MAY = `query($id: ID!) { employer(id: $id) { mayReservePlacements } }`;
    const { employer, site } = await f.employer({ createdByOrganisationId: a.organisationId }, { location: at(30) as never });
    const other = (await f.placement(site.id, { title: 'Magazijnmedewerker Nes' })).id;
    expect((await t.gql(MAY, { id: employer.id }, a.token)).data!.employer.mayReservePlacements).toBe(true);
    expect((await t.gql(MAY, { id: employer.id }, b.token)).data!.employer.mayReservePlacements).toBe(false);
    const refused = onlyError(await t.gql(RESERVE, { id: other, input: { until } }, b.token));
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/recruited/);
    // Nor may a network admin hold it for a school that did not recruit the employer.
    expect(onlyError(await t.gql(RESERVE, { id: other, input: { until, organisationId: b.organisationId } }, admin.token)).extensions?.code).toBe('FORBIDDEN');
    // An approach that ended in an agreed placement makes school B a recruiter too; one with another outcome does not.
    const approach = async (outcome: string) => {
      const started = await t.gql(
        `mutation($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { approach { id } } }`,
        { input: { employerId: employer.id, purpose: 'Stageplek voor een leerling', until: addDays(today, 20) } },
        b.token,
      );
      expect(started.errors).toBeUndefined();
      const ended = await t.gql(
        `mutation($id: ID!, $outcome: ApproachOutcomeInput) { endEmployerApproach(id: $id, outcome: $outcome) { id } }`,
        { id: started.data!.startEmployerApproach.approach.id, outcome: { outcome } },
        b.token,
      );
      expect(ended.errors).toBeUndefined();
    };
    await approach('NO_CAPACITY_NOW');
    expect((await t.gql(MAY, { id: employer.id }, b.token)).data!.employer.mayReservePlacements).toBe(false);
    await approach('PLACEMENT_AGREED');
    expect((await t.gql(MAY, { id: employer.id }, b.token)).data!.employer.mayReservePlacements).toBe(true);
    const held = await t.gql(RESERVE, { id: other, input: { until } }, b.token);
    expect(held.errors).toBeUndefined();
    expect(held.data!.reservePlacement.reservation).toMatchObject({ organisationId: b.organisationId, forViewer: true });
  });

  it('is not offered to another school for a period starting by the reserved day, and is after it, with no rebuild', async () => {
    const matchesOf = async (token: string, student: string, period: typeof during) => {
      const res = await t.gql(MATCH, { id: student, filter: { period } }, token);
      expect(res.errors).toBeUndefined();
      return res.data!.matchPlacements.edges.map((e: any) => e.node);
    };
    expect((await matchesOf(b.token, studentB, during)).map((m: any) => m.placementId)).not.toContain(placementId);
    expect((await matchesOf(b.token, studentB, after)).map((m: any) => m.placementId)).toContain(placementId);

    const why = await t.gql(EXPLAIN, { s: studentB, p: placementId, filter: { period: during } }, b.token);
    expect(why.data!.explainMatch.exclusions).toEqual([
      { limit: 'RESERVED', explanationNl: expect.stringMatching(new RegExp(`^De plek is tot en met .+ gereserveerd voor ${nameA}\\.$`)) },
    ]);

    const own = (await matchesOf(a.token, studentA, during)).find((m: any) => m.placementId === placementId);
    expect(own.notes).toEqual([
      {
        explanationNl: expect.stringMatching(/^Gereserveerd voor jullie tot en met \d+ \w+ \d{4}; daarna staat de plek open voor iedereen\.$/),
        explanationEn: expect.stringMatching(/^Reserved for you up to and including/),
      },
    ]);
  });

  it('keeps cohort planning of another school off it', async () => {
    const planB = await t.gql(PLAN, { input: { studentIds: [studentB], period: during } }, b.token);
    expect(planB.errors).toBeUndefined();
    expect(planB.data!.planCohort.students[0].placementId).not.toBe(placementId);
    const planA = await t.gql(PLAN, { input: { studentIds: [studentA], period: during } }, a.token);
    expect(planA.data!.planCohort.students[0]).toMatchObject({ outcome: 'PLACED', placementId });
  });

  it('is lifted by a network admin, after which every school is offered it', async () => {
    const res = await t.gql(RELEASE, { id: placementId }, admin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.releasePlacementReservation.reservation).toBeNull();
    const matches = await t.gql(MATCH, { id: studentB, filter: { period: during } }, b.token);
    expect(matches.data!.matchPlacements.edges.map((e: any) => e.node.placementId)).toContain(placementId);
    // A network admin may reserve for a school; a school may not reserve for an organisation that is no school.
    const forA = await t.gql(RESERVE, { id: placementId, input: { until, organisationId: a.organisationId } }, admin.token);
    expect(forA.data!.reservePlacement.reservation).toMatchObject({ organisationId: a.organisationId, forViewer: false });
    const notSchool = onlyError(await t.gql(RESERVE, { id: placementId, input: { until, organisationId: admin.organisationId } }, admin.token));
    expect(notSchool.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organisationId' });
  });
});
