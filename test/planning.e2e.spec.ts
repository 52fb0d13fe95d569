import { InternshipStatus, LabourMarketRegion, MembershipRole, OrganisationKind, Sector } from '@stagebank/domain';
import { Factory, Member } from './support/factories';
import { onlyError, startTestApp, TestApp } from './support/test-app';

/**
 * Zierikzee, Zeeland: far from the demo network and from other specs' placements (search.contract
 * uses Goes), so in the shared test database the scenario's placements are the only ones in reach.
 */
const ZIERIKZEE = { latitude: 51.6505, longitude: 3.9196 };
const at = (km: number) => ({ type: 'Point' as const, coordinates: [ZIERIKZEE.longitude + km / 69, ZIERIKZEE.latitude] });
const PERIOD = { from: '2031-02-01', to: '2031-06-30' };

const PLAN_FIELDS = `id region periodFrom periodTo objectiveNl objectiveEn placed priorityPlaced firstChoicesHonoured totalScore optimal
  fairness { rule floor shortfall totalScoreWithout placedWithout costInTotalScore costInPlaced }
  schools { organisationId organisationName students placed sharePlaced meanRank meanScore meanTravelMinutes notPlaced scarceSeats scarceSeatFloor }
  students { studentId code outcome placementId rank score travelMinutes firstChoice candidateCount notPlacedReason explanationNl explanationEn internshipId
    whyNotHigher { placementId rank reason heldByYourStudents heldByOtherSchools } placement { title } }`;
const PLAN = `mutation($input: PlanCohortInput!) { planCohort(input: $input) { ${PLAN_FIELDS} } }`;
const REGIONAL = `mutation($input: PlanRegionalRoundInput!) { planRegionalRound(input: $input) { ${PLAN_FIELDS} } }`;
const READ = `query($id: ID!) { cohortPlan(id: $id) { ${PLAN_FIELDS} } }`;
const ACCEPT = `mutation($planId: ID!, $studentIds: [ID!]) { acceptCohortPlan(planId: $planId, studentIds: $studentIds) {
  created { id studentId placementId status startDate endDate } needsReplanning { studentId code placementId reason } } }`;

/**
 * Two schools near Zierikzee, two scarce care seats near both, a retail placement with room further
 * out: school A plans its own group (a priority student, one pinned pair), a network admin runs
 * a regional round with a fairness floor, and school A accepts after a seat went meanwhile.
 */
describe('cohort planning', () => {
  let t: TestApp;
  let f: Factory;
  let schoolA: Member;
  let schoolB: Member;
  let admin: Member;
  let nameA: string;
  let nameB: string;
  const placements: Record<string, string> = {};
  const students: Record<string, { id: string; code: string }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    const orgA = await f.organisation({ region: LabourMarketRegion.ZEELAND, kind: OrganisationKind.PRO_SCHOOL });
    const orgB = await f.organisation({ region: LabourMarketRegion.ZEELAND, kind: OrganisationKind.PRO_SCHOOL });
    nameA = orgA.name;
    nameB = orgB.name;
    schoolA = await f.member(MembershipRole.COORDINATOR, orgA);
    schoolB = await f.member(MembershipRole.COORDINATOR, orgB);
    admin = await f.member(MembershipRole.NETWORK_ADMIN, await f.organisation({ kind: OrganisationKind.OTHER }));
    const place = async (name: string, km: number, sector: Sector, seats: number) => {
      const { site } = await f.employer({ sectors: [sector] as never }, { location: at(km) as never });
      placements[name] = (await f.placement(site.id, { title: name, sector, seats })).id;
    };
    await place('Zorg De Linde', 1, Sector.CARE_WELFARE, 1);
    await place('Zorg Het Anker', 1.5, Sector.CARE_WELFARE, 1);
    await place('Winkel Markt', 3, Sector.RETAIL, 6);
    const student = async (name: string, org: string, overrides = {}) => {
      const s = await f.student(org, { homeLocation: at(0) as never, maxTravelKm: 8, sectorPreferences: [Sector.CARE_WELFARE], ...overrides });
      students[name] = { id: s.id, code: s.code };
    };
    await student('a1', orgA.id, { finalYear: true });
    await student('a2', orgA.id);
    await student('a3', orgA.id);
    await student('a4', orgA.id);
    await student('b1', orgB.id, { finalYear: true });
    await student('b2', orgB.id);
  });
  afterAll(() => t.close());

  const internshipCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM internship WHERE start_date = $1`, [PERIOD.from]))[0].n);
  let schoolPlan: any;

  it("plans a school's group: priority first, the pin held, every student explained, nothing written but the plan", async () => {
    const before = await internshipCount();
    const res = await t.gql(
      PLAN,
      {
        input: {
          studentIds: ['a1', 'a2', 'a3', 'a4'].map((n) => students[n].id),
          period: PERIOD,
          priorityStudentIds: [students.a4.id],
          pins: [{ studentId: students.a3.id, placementId: placements['Winkel Markt'] }],
        },
      },
      schoolA.token,
    );
    expect(res.errors).toBeUndefined();
    schoolPlan = res.data!.planCohort;
    expect(await internshipCount()).toBe(before);
    expect(schoolPlan.objectiveEn).toMatch(
      /^First place as many students of the priority group as possible, then place as many students as possible, .*total match score/,
    );
    expect(schoolPlan.placed).toBe(4);
    expect(schoolPlan.priorityPlaced).toBe(1);
    const line = (n: string) => schoolPlan.students.find((s: any) => s.studentId === students[n].id);
    expect(line('a3')).toMatchObject({ outcome: 'PINNED', placementId: placements['Winkel Markt'], placement: { title: 'Winkel Markt' } });
    // The priority student gets one of the two care seats (their first sector); so does one of a1 and a2.
    const care = [placements['Zorg De Linde'], placements['Zorg Het Anker']];
    expect(line('a4')).toMatchObject({ outcome: 'PLACED', firstChoice: true });
    expect(care).toContain(line('a4').placementId);
    expect(['a1', 'a2'].map(line).filter((l: any) => care.includes(l.placementId))).toHaveLength(1);
    const retail = ['a1', 'a2'].map(line).find((l: any) => l.placementId === placements['Winkel Markt']);
    expect(retail.rank).toBe(3);
    // Why not higher: their number 1 went to another student of their own school, named by code.
    const holder = schoolPlan.students.find((s: any) => s.placementId === placements['Zorg De Linde']);
    expect(retail.whyNotHigher).toEqual({
      placementId: placements['Zorg De Linde'],
      rank: 1,
      reason: 'SEATS_TAKEN',
      heldByYourStudents: [holder.code],
      heldByOtherSchools: [],
    });
    expect(retail.explanationEn).toContain(`went to your student ${holder.code}`);
    expect(retail.explanationNl).toContain('Nummer 3 in de eigen lijst');
    const [figures] = schoolPlan.schools;
    expect(schoolPlan.schools).toHaveLength(1);
    const meanRank = schoolPlan.students.reduce((sum: number, s: any) => sum + s.rank, 0) / 4;
    expect(figures).toMatchObject({
      organisationName: nameA,
      students: 4,
      placed: 4,
      sharePlaced: 1,
      notPlaced: 0,
      meanRank: Math.round(meanRank * 100) / 100,
    });
    expect(meanRank).toBeGreaterThan(1);
    // The same plan can be read again, by the same school only.
    expect((await t.gql(READ, { id: schoolPlan.id }, schoolA.token)).data!.cohortPlan.students).toHaveLength(4);
    expect(onlyError(await t.gql(READ, { id: schoolPlan.id }, schoolB.token)).extensions!.code).toBe('NOT_FOUND');
  });

  it('is deterministic: the same input gives the same plan', async () => {
    const input = {
      studentIds: ['a1', 'a2', 'a3', 'a4'].map((n) => students[n].id),
      period: PERIOD,
      priorityStudentIds: [students.a4.id],
      pins: [{ studentId: students.a3.id, placementId: placements['Winkel Markt'] }],
    };
    const again = (await t.gql(PLAN, { input }, schoolA.token)).data!.planCohort;
    const pairs = (p: any) => p.students.map((s: any) => [s.code, s.placementId]);
    expect(pairs(again)).toEqual(pairs(schoolPlan));
  });

  it('saves a group of students, plans it by id, keeps it to its school, and lets an erased student leave it', async () => {
    const SAVE = `mutation($input: SaveStudentGroupInput!) { saveStudentGroup(input: $input) { id name studentIds size } }`;
    const LIST = `{ studentGroups { id name size } }`;
    const ids = ['a1', 'a2', 'a3', 'a4'].map((n) => students[n].id);
    const group = (await t.gql(SAVE, { input: { name: 'Februari-groep', studentIds: [...ids, ids[0]] } }, schoolA.token)).data!.saveStudentGroup;
    expect(group).toMatchObject({ name: 'Februari-groep', size: 4, studentIds: [...ids].sort() });
    // Planned by id, the group gives the same plan as its students named one by one.
    const input = { period: PERIOD, priorityStudentIds: [students.a4.id], pins: [{ studentId: students.a3.id, placementId: placements['Winkel Markt'] }] };
    const byGroup = (await t.gql(PLAN, { input: { ...input, groupId: group.id } }, schoolA.token)).data!.planCohort;
    const pairs = (p: any) => p.students.map((s: any) => [s.code, s.placementId]);
    expect(pairs(byGroup)).toEqual(pairs(schoolPlan));
    expect(onlyError(await t.gql(PLAN, { input: { ...input, groupId: group.id, studentIds: ids } }, schoolA.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.groupId',
    });

    // Another school neither sees nor uses it, nor puts its own students in one of A's groups.
    expect((await t.gql(LIST, {}, schoolB.token)).data!.studentGroups).toEqual([]);
    expect(onlyError(await t.gql(PLAN, { input: { period: PERIOD, groupId: group.id } }, schoolB.token)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.groupId',
    });
    expect(
      onlyError(await t.gql(SAVE, { input: { id: group.id, name: 'Overgenomen', studentIds: [students.b1.id] } }, schoolB.token)).extensions,
    ).toMatchObject({ code: 'NOT_FOUND', field: 'input.id' });
    expect(onlyError(await t.gql(SAVE, { input: { name: 'Gemengd', studentIds: [students.a1.id, students.b1.id] } }, schoolA.token)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.studentIds',
    });
    expect(onlyError(await t.gql(`mutation($id: ID!) { deleteStudentGroup(id: $id) }`, { id: group.id }, schoolB.token)).extensions!.code).toBe('NOT_FOUND');
    // Names are unique within a school; an empty one or no students is refused; nothing was written by the refusals.
    expect(onlyError(await t.gql(SAVE, { input: { name: 'Februari-groep', studentIds: [ids[0]] } }, schoolA.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    });
    expect(onlyError(await t.gql(SAVE, { input: { name: '  ', studentIds: [ids[0]] } }, schoolA.token)).extensions!.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await t.gql(SAVE, { input: { name: 'Leeg', studentIds: [] } }, schoolA.token)).extensions!.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(LIST, {}, schoolA.token)).data!.studentGroups).toEqual([{ id: group.id, name: 'Februari-groep', size: 4 }]);

    // Renamed with fewer students; a student erased from the school leaves the group with them.
    const changed = (await t.gql(SAVE, { input: { id: group.id, name: 'Groep 3', studentIds: ids.slice(0, 3) } }, schoolA.token)).data!.saveStudentGroup;
    expect(changed).toMatchObject({ id: group.id, name: 'Groep 3', size: 3 });
    const extra = await f.student(schoolA.organisationId, { homeLocation: at(0) as never });
    await t.gql(SAVE, { input: { id: group.id, name: 'Groep 3', studentIds: [...ids.slice(0, 3), extra.id] } }, schoolA.token);
    await t.gql(`mutation($id: ID!) { eraseStudent(id: $id) }`, { id: extra.id }, schoolA.token);
    expect((await t.gql(LIST, {}, schoolA.token)).data!.studentGroups).toEqual([{ id: group.id, name: 'Groep 3', size: 3 }]);
    expect((await t.gql(`mutation($id: ID!) { deleteStudentGroup(id: $id) }`, { id: group.id }, schoolA.token)).data!.deleteStudentGroup).toBe(true);
    expect((await t.gql(LIST, {}, schoolA.token)).data!.studentGroups).toEqual([]);
  });

  it('refuses what is not yours to plan, and bounds the input', async () => {
    const other = onlyError(await t.gql(PLAN, { input: { studentIds: [students.b1.id], period: PERIOD } }, schoolA.token));
    expect(other.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.studentIds' });
    const strayPin = onlyError(
      await t.gql(
        PLAN,
        { input: { studentIds: [students.a1.id], period: PERIOD, pins: [{ studentId: students.a2.id, placementId: placements['Winkel Markt'] }] } },
        schoolA.token,
      ),
    );
    expect(strayPin.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.pins' });
    expect(onlyError(await t.gql(PLAN, { input: { period: { from: '2031-06-01', to: '2031-01-01' } } }, schoolA.token)).extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(onlyError(await t.gql(PLAN, { input: { period: PERIOD, candidatesPerStudent: 500 } }, schoolA.token)).extensions!.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await t.gql(PLAN, { input: { period: PERIOD } }, admin.token)).extensions!.code).toBe('FORBIDDEN');
    expect(onlyError(await t.gql(REGIONAL, { input: { region: 'ZEELAND', period: PERIOD } }, schoolA.token)).extensions!.code).toBe('FORBIDDEN');
  });

  it('runs a regional round with a fairness floor: figures per school for the admin, each school sees only its own students', async () => {
    const res = await t.gql(REGIONAL, { input: { region: 'ZEELAND', period: PERIOD, fairness: 'SCARCE_SEAT_FLOOR', scarceSeatFloor: 1 } }, admin.token);
    expect(res.errors).toBeUndefined();
    const round = res.data!.planRegionalRound;
    expect(round.students).toEqual([]);
    expect(round.objectiveEn).toMatch(/^Every school gets at least 100% of its proportional share of the scarce seats/);
    expect(round.schools.map((s: any) => s.organisationName).sort()).toEqual([nameA, nameB].sort());
    expect(round.fairness).toMatchObject({ rule: 'SCARCE_SEAT_FLOOR', floor: 1, shortfall: 0 });
    expect(round.fairness.costInTotalScore).toBeGreaterThanOrEqual(0);
    for (const school of round.schools) expect(school.scarceSeats).toBeGreaterThanOrEqual(school.scarceSeatFloor);
    // Two care seats, two schools competing: each school gets one.
    const b = (await t.gql(READ, { id: round.id }, schoolB.token)).data!.cohortPlan;
    expect(b.students.map((s: any) => s.code).sort()).toEqual([students.b1.code, students.b2.code].sort());
    const a = (await t.gql(READ, { id: round.id }, schoolA.token)).data!.cohortPlan;
    expect(a.students.map((s: any) => s.code).sort()).toEqual(['a1', 'a2', 'a3', 'a4'].map((n) => students[n].code).sort());
    const careFor = (plan: any) => plan.students.filter((s: any) => [placements['Zorg De Linde'], placements['Zorg Het Anker']].includes(s.placementId)).length;
    expect([careFor(a), careFor(b)]).toEqual([1, 1]);
    // Another school is named, its students never.
    const codesA = new Set(['a1', 'a2', 'a3', 'a4'].map((n) => students[n].code));
    const crossed = b.students.filter((s: any) => s.whyNotHigher?.heldByOtherSchools.includes(nameA));
    for (const s of b.students) for (const code of s.whyNotHigher?.heldByYourStudents ?? []) expect(codesA.has(code)).toBe(false);
    for (const s of crossed) expect(s.explanationEn).toContain(`a student of ${nameA}`);
    expect(JSON.stringify(b)).not.toContain(students.a1.id);
  });

  it('accepts a plan in one go, naming the students whose seat went meanwhile and creating none of theirs', async () => {
    const taken = schoolPlan.students.find((s: any) => s.placementId === placements['Zorg Het Anker']);
    // Meanwhile school B takes the last care seat at Het Anker.
    await f.internship(placements['Zorg Het Anker'], students.b2.id, schoolB.organisationId, {
      startDate: PERIOD.from,
      endDate: PERIOD.to,
      status: InternshipStatus.AGREED,
    });
    const res = await t.gql(ACCEPT, { planId: schoolPlan.id }, schoolA.token);
    expect(res.errors).toBeUndefined();
    const { created, needsReplanning } = res.data!.acceptCohortPlan;
    expect(needsReplanning).toEqual([
      { studentId: taken.studentId, code: taken.code, placementId: placements['Zorg Het Anker'], reason: expect.stringContaining('taken meanwhile') },
    ]);
    expect(created).toHaveLength(3);
    for (const i of created) expect(i).toMatchObject({ status: 'PROPOSED', startDate: PERIOD.from, endDate: PERIOD.to });
    expect(created.map((i: any) => i.studentId)).not.toContain(taken.studentId);
    const read = (await t.gql(READ, { id: schoolPlan.id }, schoolA.token)).data!.cohortPlan;
    expect(read.students.filter((s: any) => s.internshipId).length).toBe(3);
    // Accepting again creates nothing twice; school B cannot accept school A's plan.
    expect((await t.gql(ACCEPT, { planId: schoolPlan.id }, schoolA.token)).data!.acceptCohortPlan.created).toEqual([]);
    expect(onlyError(await t.gql(ACCEPT, { planId: schoolPlan.id }, schoolB.token)).extensions!.code).toBe('NOT_FOUND');
    // A new plan keeps the accepted internships as they are.
    const replan = (await t.gql(PLAN, { input: { studentIds: ['a1', 'a2', 'a3', 'a4'].map((n) => students[n].id), period: PERIOD } }, schoolA.token)).data!
      .planCohort;
    expect(replan.students.filter((s: any) => s.outcome === 'EXISTING')).toHaveLength(3);
  });

  it('leaves a student whose internship is paused over the period where they are: a paused internship keeps its seat', async () => {
    const org = (await t.db.query(`SELECT organisation_id FROM student_profile WHERE id = $1`, [students.a1.id]))[0].organisation_id;
    const paused = await f.student(org, { homeLocation: at(0) as never, maxTravelKm: 8, sectorPreferences: [Sector.CARE_WELFARE] });
    await f.internship(placements['Winkel Markt'], paused.id, org, { startDate: PERIOD.from, endDate: PERIOD.to, status: InternshipStatus.PAUSED });
    const res = await t.gql(PLAN, { input: { studentIds: [paused.id, students.a2.id], period: PERIOD } }, schoolA.token);
    expect(res.errors).toBeUndefined();
    const line = res.data!.planCohort.students.find((s: any) => s.studentId === paused.id);
    expect(line).toMatchObject({ outcome: 'EXISTING', placementId: placements['Winkel Markt'] });
  });
});
