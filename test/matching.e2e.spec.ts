import { Certificate, InternshipStatus, MembershipRole, OrganisationKind, Sector, StudentConstraint, SupportLevel, addDays, todayIso } from '@stagebank/domain';
import { Factory, Member } from './support/factories';
import { newStudent } from './support/inputs';
import { onlyError, startTestApp, TestApp } from './support/test-app';

const MATCH_FIELDS = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { placementId distanceKm travelMinutes score
  breakdown { criterion weight raw points explanationNl explanationEn } placement { title sector } employer { name } site { place wheelchairAccessible } } }`;
const MATCH = `query($id: ID!, $first: Int, $after: String, $filter: MatchFilter) { matchPlacements(studentId: $id, first: $first, after: $after, filter: $filter) { ${MATCH_FIELDS} } }`;

/**
 * Each test gets its own spot in Friesland, ~13 km from the next and far from the demo network
 * (Noordoost-Brabant), so a test's own placements are the only ones within reach.
 */
let spot = { latitude: 53.1, longitude: 5.4 };
const nextSpot = () => (spot = { latitude: spot.latitude, longitude: spot.longitude + 0.2 });
const point = (km: number) => ({ type: 'Point' as const, coordinates: [spot.longitude + km / 67, spot.latitude] });

describe('matching placements for a student', () => {
  let t: TestApp;
  let f: Factory;
  let school: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    school = await f.member(MembershipRole.COORDINATOR);
  });
  beforeEach(nextSpot);
  afterAll(() => t.close());

  async function studentAtQuietSpot(overrides: Parameters<Factory['student']>[1] = {}) {
    return f.student(school.organisationId, { homeLocation: point(0), maxTravelKm: 3, ...overrides });
  }

  async function placementAt(
    km: number,
    employer: Parameters<Factory['employer']>[0] = {},
    placement: Parameters<Factory['placement']>[1] = {},
    wheelchair = true,
  ) {
    const { site } = await f.employer(employer);
    await t.db.query('UPDATE site SET location = ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, wheelchair_accessible = $3 WHERE id = $4', [
      point(km).coordinates[0],
      point(km).coordinates[1],
      wheelchair,
      site.id,
    ]);
    return f.placement(site.id, placement);
  }

  it("ranks a demo student's placements within reach, each explained in Dutch and English", async () => {
    const demo = await t.db.query(`SELECT s.id, s.max_travel_km FROM student_profile s JOIN organisation o ON o.id = s.organisation_id
                                    WHERE o.name LIKE 'Praktijkschool Maasland%' ORDER BY s.code LIMIT 1`);
    const [membership] = await t.db.query(`SELECT m.user_id, m.organisation_id FROM membership m JOIN organisation o ON o.id = m.organisation_id
                                            WHERE o.name LIKE 'Praktijkschool Maasland%' AND m.role = 'COORDINATOR'`);
    const token = t.tokens.sign({ sub: membership.user_id, org: membership.organisation_id });
    const res = await t.gql(MATCH, { id: demo[0].id, first: 10 }, token);
    expect(res.errors).toBeUndefined();
    const conn = res.data!.matchPlacements;
    expect(conn.totalCount).toBeGreaterThan(0);
    let previous = Infinity;
    for (const { node } of conn.edges) {
      expect(node.distanceKm).toBeLessThanOrEqual(Number(demo[0].max_travel_km));
      expect(node.score).toBeLessThanOrEqual(previous);
      previous = node.score;
      const sum = node.breakdown.reduce((s: number, l: { points: number }) => s + l.points, 0);
      expect(Math.abs(sum - node.score)).toBeLessThan(1e-6);
      expect(node.breakdown).toHaveLength(11);
      for (const line of node.breakdown) expect(line.explanationNl.length * line.explanationEn.length).toBeGreaterThan(0);
    }
  });

  it("puts the care home's restaurant first for a student who wants care work without the diploma", async () => {
    const student = await studentAtQuietSpot({ sectorPreferences: [Sector.CARE_WELFARE], interests: ['mensen helpen'] });
    await placementAt(
      1,
      { sectors: [Sector.CARE_WELFARE] as never },
      { title: 'Helpende zorg', sector: Sector.CARE_WELFARE, requiredCertificates: [Certificate.BHV] },
    );
    await placementAt(
      1.5,
      { sectors: [Sector.CARE_WELFARE, Sector.HOSPITALITY] as never },
      { title: 'Restaurant zorgcentrum', sector: Sector.HOSPITALITY, tasks: ['bewoners helpen'] },
    );
    await placementAt(0.5, { sectors: [Sector.LOGISTICS] as never }, { title: 'Magazijn', sector: Sector.LOGISTICS });
    const titles = (await t.gql(MATCH, { id: student.id }, school.token)).data!.matchPlacements.edges.map((e: any) => e.node.placement.title);
    expect(titles).toEqual(['Restaurant zorgcentrum', 'Magazijn']);
  });

  it('never proposes an inaccessible site to a wheelchair user, and explains why', async () => {
    const student = await studentAtQuietSpot({ constraints: [StudentConstraint.WHEELCHAIR] });
    const stairs = await placementAt(1, {}, { title: 'Bovenverdieping' }, false);
    await placementAt(1.2, {}, { title: 'Begane grond' });
    const res = await t.gql(MATCH, { id: student.id }, school.token);
    const nodes = res.data!.matchPlacements.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.placement.title)).toEqual(['Begane grond']);
    expect(nodes.every((n: any) => n.site.wheelchairAccessible)).toBe(true);
    const why = await t.gql(
      `query($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { excluded exclusions { limit explanationNl explanationEn } rank totalMatches } }`,
      { s: student.id, p: stairs.id },
      school.token,
    );
    expect(why.data!.explainMatch).toMatchObject({
      excluded: true,
      rank: null,
      totalMatches: 1,
      exclusions: [{ limit: 'WHEELCHAIR', explanationNl: 'De locatie is niet rolstoeltoegankelijk.' }],
    });
  });

  it('brings a full placement back once its internship ends', async () => {
    const student = await studentAtQuietSpot();
    const placement = await placementAt(1, {}, { seats: 1, title: 'Eén plek' });
    const other = await f.student(school.organisationId);
    const held = await f.internship(placement.id, other.id, school.organisationId, {
      startDate: addDays(todayIso(), -30),
      endDate: addDays(todayIso(), 200),
      status: InternshipStatus.ACTIVE,
    });
    const titles = async () => (await t.gql(MATCH, { id: student.id }, school.token)).data!.matchPlacements.edges.map((e: any) => e.node.placement.title);
    expect(await titles()).not.toContain('Eén plek');
    const update = await t.gql(`mutation($id: ID!) { updateInternship(id: $id, input: { status: COMPLETED }) { status } }`, { id: held.id }, school.token);
    expect(update.errors).toBeUndefined();
    expect(await titles()).toContain('Eén plek');
  });

  it('explains where a proposed placement ranks', async () => {
    const student = await studentAtQuietSpot({ sectorPreferences: [Sector.RETAIL] });
    await placementAt(0.5, {}, { title: 'Dichtbij' });
    const far = await placementAt(2.5, {}, { title: 'Verder weg' });
    const res = await t.gql(
      `query($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { excluded rank totalMatches match { score breakdown { criterion explanationNl } } } }`,
      { s: student.id, p: far.id },
      school.token,
    );
    expect(res.data!.explainMatch).toMatchObject({ excluded: false, rank: 2, totalMatches: 2 });
    expect(res.data!.explainMatch.match.breakdown.find((l: any) => l.criterion === 'TRAVEL').explanationNl).toMatch(
      /^Afstand 2,\d km, ongeveer \d+ minuten reizen\.$/,
    );
  });

  it('pages through matches without gaps or repeats', async () => {
    const student = await studentAtQuietSpot({ maxTravelKm: 4 });
    for (let i = 0; i < 7; i++) await placementAt(0.3 + i * 0.4, {}, { title: `Plek ${i}` });
    const seen: string[] = [];
    let after: string | null = null;
    let total: number;
    do {
      const conn: any = (await t.gql(MATCH, { id: student.id, first: 3, after }, school.token)).data!.matchPlacements;
      total = conn.totalCount;
      seen.push(...conn.edges.map((e: any) => e.node.placementId));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBeGreaterThanOrEqual(7);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('matches an unsaved profile and stores nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM student_profile');
    const res = await t.gql(
      `query($profile: StudentProfileInput!) { matchPlacementsForProfile(profile: $profile, first: 5) { totalCount edges { node { score distanceKm } } } }`,
      { profile: newStudent({ code: 'NIET-OPGESLAGEN', maxTravelKm: 15 }) },
      school.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.matchPlacementsForProfile.totalCount).toBeGreaterThan(0);
    expect(await t.db.query('SELECT count(*)::int AS n FROM student_profile')).toEqual(before);
  });

  it("proposes students of the viewer's own organisation only for a placement", async () => {
    const placement = await placementAt(1, {}, { title: 'Voor wie?', supervisionLevel: SupportLevel.INTENSIVE });
    const mine = await studentAtQuietSpot({ code: `MINE-${Date.now()}` });
    const otherSchool = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.VSO_SCHOOL }));
    const theirs = await f.student(otherSchool.organisationId, { homeLocation: point(0), maxTravelKm: 3, code: `THEIRS-${Date.now()}` });
    const res = await t.gql(
      `query($p: ID!) { matchStudents(placementId: $p, first: 100) { score student { id code organisationId } } }`,
      { p: placement.id },
      school.token,
    );
    const ids = res.data!.matchStudents.map((m: any) => m.student.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    for (const m of res.data!.matchStudents) expect(m.student.organisationId).toBe(school.organisationId);
  });

  it('lets a coordinator tune the weights, which changes the ranking', async () => {
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const student = await f.student(coordinator.organisationId, { homeLocation: point(0), maxTravelKm: 3 });
    await placementAt(0.4, {}, { title: 'Dichtbij zonder vergoeding' });
    await placementAt(2.5, {}, { title: 'Verder met vergoeding', allowancePaid: true });
    const top = async () => (await t.gql(MATCH, { id: student.id }, coordinator.token)).data!.matchPlacements.edges[0].node.placement.title;
    const WEIGHTS = `{ matchingWeights { sector travel allowance isDefault } }`;
    expect((await t.gql(WEIGHTS, {}, coordinator.token)).data!.matchingWeights).toEqual({ sector: 30, travel: 20, allowance: 3, isDefault: true });
    expect(await top()).toBe('Dichtbij zonder vergoeding');
    const UPDATE = `mutation($input: MatchingWeightsInput!) { updateMatchingWeights(input: $input) { travel allowance isDefault } }`;
    expect((await t.gql(UPDATE, { input: { travel: 1, allowance: 60 } }, coordinator.token)).data!.updateMatchingWeights).toEqual({
      travel: 1,
      allowance: 60,
      isDefault: false,
    });
    expect(await top()).toBe('Verder met vergoeding');

    expect(onlyError(await t.gql(UPDATE, { input: { travel: -1 } }, coordinator.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.travel',
    });
    expect(onlyError(await t.gql(UPDATE, { input: { sector: 101 } }, coordinator.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.sector',
    });
    const zero = {
      sector: 0,
      tasks: 0,
      travel: 0,
      supervision: 0,
      experience: 0,
      recognition: 0,
      paidJob: 0,
      schedule: 0,
      allowance: 0,
      exitProfile: 0,
      trackRecord: 0,
    };
    expect(onlyError(await t.gql(UPDATE, { input: zero }, coordinator.token)).extensions.code).toBe('BAD_USER_INPUT');
    const coach = await f.member(MembershipRole.COACH);
    expect(onlyError(await t.gql(UPDATE, { input: { travel: 5 } }, coach.token)).extensions.code).toBe('FORBIDDEN');
  });

  it("answers bad requests clearly and leaks nothing about other schools' students", async () => {
    const otherSchool = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.VSO_SCHOOL }));
    const theirs = await f.student(otherSchool.organisationId);
    const unknown = onlyError(await t.gql(MATCH, { id: '00000000-0000-4000-8000-00000000000a' }, school.token));
    const foreign = onlyError(await t.gql(MATCH, { id: theirs.id }, school.token));
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
    expect(foreign.extensions).toEqual(unknown.extensions);
    expect(foreign.message.replace(theirs.id, 'ID')).toBe(unknown.message.replace('00000000-0000-4000-8000-00000000000a', 'ID'));
    const student = await studentAtQuietSpot();
    expect(onlyError(await t.gql(MATCH, { id: student.id, first: 1000 }, school.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(onlyError(await t.gql(MATCH, { id: student.id, filter: { period: { from: '2027-05-01', to: '2027-01-01' } } }, school.token)).extensions.field).toBe(
      'filter.period.to',
    );
    const malformed = await t.gql(
      `query($profile: StudentProfileInput!) { matchPlacementsForProfile(profile: $profile) { totalCount } }`,
      { profile: newStudent({ maxTravelKm: 0 }) },
      school.token,
    );
    expect(onlyError(malformed).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'profile.maxTravelKm' });
    expect(onlyError(await t.gql(MATCH, { id: student.id, after: 'rubbish' }, school.token)).extensions.field).toBe('after');
  });
});
