import { EmployerKind, InternshipStatus, MembershipRole, PaidJobChance, SupervisorRole, SupportLevel } from '@stagebank/domain';
import { SupervisorEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { newPlacement, newStudent } from './support/inputs';
import { onlyError, startTestApp, TestApp } from './support/test-app';

const EXPLAIN = `query($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) {
  excluded exclusions { limit explanationNl explanationEn } match { score breakdown { criterion raw explanationNl explanationEn } } } }`;
const CREATE_PLACEMENT = `mutation($input: CreatePlacementInput!) { createPlacement(input: $input) { id requiredQualifications { crebo level name } } }`;
const UPDATE_PLACEMENT = `mutation($id: ID!, $input: UpdatePlacementInput!) { updatePlacement(id: $id, input: $input) { id days weekendWork } }`;
const CREATE_STUDENT = `mutation($input: StudentProfileInput!) { createStudentProfile(input: $input) { id qualifications { crebo level name } } }`;
const UPDATE_STUDENT = `mutation($id: ID!, $input: UpdateStudentProfileInput!) { updateStudentProfile(id: $id, input: $input) { id qualifications { crebo level name } } }`;

/** Each test its own spot in Groningen, far from the demo network and from matching.e2e's spots in Friesland. */
let spot = { latitude: 53.3, longitude: 6.3 };
const nextSpot = () => (spot = { latitude: spot.latitude, longitude: spot.longitude + 0.2 });
const at = (km: number) => ({ latitude: spot.latitude, longitude: spot.longitude + km / 67 });
const geo = (km: number) => ({ type: 'Point' as const, coordinates: [at(km).longitude, at(km).latitude] });

describe('match quality: the model (issue 14)', () => {
  let t: TestApp;
  let f: Factory;
  let school: Member;
  let network: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    school = await f.member(MembershipRole.COORDINATOR);
    network = school;
  });
  beforeEach(nextSpot);
  afterAll(() => t.close());

  const siteHere = async (employer: Parameters<Factory['employer']>[0] = {}) => (await f.employer(employer, { location: geo(1) })).site;
  const supervisor = (siteId: string, intensity: SupportLevel, maxStudents: number) =>
    t.db.getRepository(SupervisorEntity).save({ siteId, role: SupervisorRole.WORK_SUPERVISOR, intensity, maxStudents, trained: false });
  const studentInput = (overrides: Record<string, unknown> = {}) =>
    newStudent({
      code: `Q-${Math.random().toString(36).slice(2, 10)}`,
      homeLocation: at(0),
      maxTravelKm: 5,
      constraints: [],
      targetCrebo: null,
      exitProfile: null,
      ...overrides,
    });
  const explain = async (studentId: string, placementId: string) => {
    const res = await t.gql(EXPLAIN, { s: studentId, p: placementId }, school.token);
    expect(res.errors).toBeUndefined();
    return res.data!.explainMatch;
  };

  it('rules a placement out for a student without its required diploma, and in once they hold it', async () => {
    const site = await siteHere();
    const created = await t.gql(
      CREATE_PLACEMENT,
      { input: newPlacement(site.id, { requiredQualifications: [{ crebo: '25498', level: 2, name: 'Helpende Zorg en Welzijn' }] }) },
      network.token,
    );
    expect(created.errors).toBeUndefined();
    const placement = created.data!.createPlacement;
    expect(placement.requiredQualifications).toEqual([{ crebo: '25498', level: 2, name: 'Helpende Zorg en Welzijn' }]);

    const student = (await t.gql(CREATE_STUDENT, { input: studentInput({ certificates: ['BHV', 'EHBO', 'HACCP'] }) }, school.token)).data!.createStudentProfile;
    const before = await explain(student.id, placement.id);
    expect(before.excluded).toBe(true);
    expect(before.exclusions).toEqual([
      {
        limit: 'QUALIFICATIONS',
        explanationNl: 'De plek vraagt het diploma Helpende Zorg en Welzijn (crebo 25498, niveau 2); dat heeft de leerling niet.',
        explanationEn: 'The placement requires the diploma Helpende Zorg en Welzijn (crebo 25498, level 2), which the student does not hold.',
      },
    ]);

    const updated = await t.gql(UPDATE_STUDENT, { id: student.id, input: { qualifications: [{ crebo: '25498', level: 3 }] } }, school.token);
    expect(updated.data!.updateStudentProfile.qualifications).toEqual([{ crebo: '25498', level: 3, name: null }]);
    expect((await explain(student.id, placement.id)).excluded).toBe(false);
  });

  it('refuses a qualification with neither crebo nor name, naming the field', async () => {
    const site = await siteHere();
    const bad = await t.gql(CREATE_PLACEMENT, { input: newPlacement(site.id, { requiredQualifications: [{ level: 2 }] }) }, network.token);
    expect(onlyError(bad).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.requiredQualifications[0].name' });
  });

  it('refuses contradictory placement and student data, naming the fields, and writes nothing', async () => {
    const site = await siteHere();
    const weekend = await t.gql(CREATE_PLACEMENT, { input: newPlacement(site.id, { days: ['FRI', 'SAT', 'SUN'], weekendWork: false }) }, network.token);
    const error = onlyError(weekend);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.days' });
    expect(error.message).toContain('SAT and SUN');
    expect((error.extensions!.problems as Array<{ field: string }>).map((p) => p.field)).toEqual(['input.days', 'input.weekendWork']);
    expect(await t.db.query('SELECT 1 FROM placement WHERE site_id = $1', [site.id])).toHaveLength(0);

    const hours = await t.gql(CREATE_PLACEMENT, { input: newPlacement(site.id, { days: ['MON'], hoursPerWeek: 32 }) }, network.token);
    expect(onlyError(hours).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.hoursPerWeek' });
    const praktijk = await t.gql(CREATE_PLACEMENT, { input: newPlacement(site.id, { type: 'PRAKTIJKLEREN', crebo: null, werkprocessen: [] }) }, network.token);
    expect(onlyError(praktijk).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.type' });

    // An update is judged with what is stored: weekend work off, then Saturday added.
    const ok = (await t.gql(CREATE_PLACEMENT, { input: newPlacement(site.id) }, network.token)).data!.createPlacement;
    const later = await t.gql(UPDATE_PLACEMENT, { id: ok.id, input: { days: ['MON', 'SAT'] } }, network.token);
    expect(onlyError(later).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.days' });
    expect((await t.db.query('SELECT days FROM placement WHERE id = $1', [ok.id]))[0].days).toEqual(['MON', 'TUE']);

    const noWeekends = await t.gql(CREATE_STUDENT, { input: studentInput({ constraints: ['NO_WEEKENDS'], availableDays: ['SAT'] }) }, school.token);
    expect(onlyError(noWeekends).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.availableDays' });
    const werkprocessen = await t.gql(CREATE_STUDENT, { input: studentInput({ targetWerkprocessen: ['B1-K1-W1'] }) }, school.token);
    expect(onlyError(werkprocessen).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.targetWerkprocessen' });
  });

  it('refuses a claimed supervision level no supervisor on the site can give', async () => {
    const site = await siteHere();
    await supervisor(site.id, SupportLevel.LIGHT, 2);
    const res = await t.gql(CREATE_PLACEMENT, { input: newPlacement(site.id, { supervisionLevel: 'INTENSIVE' }) }, network.token);
    const error = onlyError(res);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.supervisionLevel' });
    expect(error.message).toContain('at most LIGHT');
    const group = await t.gql(
      CREATE_PLACEMENT,
      { input: newPlacement(site.id, { supervisionLevel: 'INTENSIVE', schoolSupervisorRequired: true }) },
      network.token,
    );
    expect(group.errors).toBeUndefined();
  });

  it("counts students at the site's other placements against its supervisors, live through the index", async () => {
    const site = await siteHere();
    await supervisor(site.id, SupportLevel.MODERATE, 1);
    const kitchen = await f.placement(site.id, { title: 'Keuken', seats: 2, supervisionLevel: SupportLevel.MODERATE });
    const counter = await f.placement(site.id, { title: 'Balie', seats: 2, supervisionLevel: SupportLevel.MODERATE });
    const student = await f.student(school.organisationId, {
      homeLocation: geo(0),
      maxTravelKm: 5,
      supportNeed: SupportLevel.MODERATE,
      availableFrom: '2030-01-01',
    });
    const free = await explain(student.id, counter.id);
    expect(free.excluded).toBe(false);
    expect(free.match.breakdown.find((l: { criterion: string }) => l.criterion === 'SUPERVISION').explanationNl).toContain('ruimte voor nog 1 leerling');

    const other = await f.student(school.organisationId);
    await f.internship(kitchen.id, other.id, school.organisationId, { startDate: '2030-01-01', endDate: '2030-06-30', status: InternshipStatus.ACTIVE });
    const full = await explain(student.id, counter.id);
    expect(full.excluded).toBe(true);
    expect(full.exclusions.map((e: { limit: string }) => e.limit)).toEqual(['SUPERVISION']);
    expect(full.exclusions[0].explanationNl).toContain('begeleiden in deze periode al zoveel leerlingen als ze kunnen');
  });

  it('weighs the exit profile and explains it', async () => {
    const centre = await f.placement((await siteHere({ kind: EmployerKind.DAY_ACTIVITY_CENTRE })).id, { title: 'Dagbesteding' });
    const shop = await f.placement((await siteHere({ kind: EmployerKind.REGULAR })).id, { title: 'Winkel', paidJobChance: PaidJobChance.LIKELY });
    const line = async (exitProfile: string, placementId: string) => {
      const s = (await t.gql(CREATE_STUDENT, { input: studentInput({ exitProfile, finalYear: false }) }, school.token)).data!.createStudentProfile;
      return (await explain(s.id, placementId)).match.breakdown.find((l: { criterion: string }) => l.criterion === 'EXIT_PROFILE');
    };
    const day = await line('DAY_ACTIVITY', centre.id);
    expect(day).toMatchObject({ raw: 1, explanationNl: 'Uitstroomprofiel dagbesteding: een dagbestedingslocatie past goed bij dit profiel.' });
    expect((await line('DAY_ACTIVITY', shop.id)).raw).toBeLessThan(0.5);
    expect((await line('LABOUR_MARKET', shop.id)).raw).toBe(1);
  });

  it('lets the track record with similar students count only from 5 cases, and says so', async () => {
    const site = await siteHere();
    const placement = await f.placement(site.id, { title: 'Magazijn' });
    const student = await f.student(school.organisationId, { homeLocation: geo(0), maxTravelKm: 5, supportNeed: SupportLevel.MODERATE });
    const trackLine = async () => (await explain(student.id, placement.id)).match.breakdown.find((l: { criterion: string }) => l.criterion === 'TRACK_RECORD');
    const finish = async (status: InternshipStatus, supportNeed = SupportLevel.MODERATE) => {
      const s = await f.student(school.organisationId, { supportNeed });
      return f.internship(placement.id, s.id, school.organisationId, { startDate: '2024-01-01', endDate: '2024-06-30', status });
    };
    const done = [];
    for (let i = 0; i < 4; i++) done.push(await finish(InternshipStatus.COMPLETED));
    await finish(InternshipStatus.COMPLETED, SupportLevel.INTENSIVE); // not like this student
    expect(await trackLine()).toMatchObject({
      raw: 0.5,
      explanationNl: 'Nog te weinig stages van PrO-leerlingen met gemiddelde begeleiding hier: 4 afgeronde stages, minstens 5 nodig; telt neutraal.',
    });
    await finish(InternshipStatus.ENDED_EARLY);
    const counted = await trackLine();
    expect(counted.raw).toBeCloseTo(0.8 * (4 / 5), 2);
    expect(counted.explanationNl).toBe('Van de 5 PrO-leerlingen met gemiddelde begeleiding maakten er 4 hier hun stage af; niemand vond daarna betaald werk.');

    // A paid job recorded afterwards reaches the running index through the change stream: the very next match counts it.
    const OUTCOME = `mutation ($id: ID!, $input: InternshipOutcomeInput!) { recordInternshipOutcome(internshipId: $id, input: $input) { destination } }`;
    const recorded = await t.gql(OUTCOME, { id: done[0].id, input: { destination: 'PAID_JOB_AT_EMPLOYER' } }, school.token);
    expect(recorded.errors).toBeUndefined();
    const [{ entity }] = await t.db.query(`SELECT entity FROM change_log WHERE entity_id = $1 ORDER BY position DESC LIMIT 1`, [done[0].id]);
    expect(entity).toBe('internship_outcome');
    const withJob = await trackLine();
    expect(withJob.raw).toBeCloseTo(0.8 * (4 / 5) + 0.2 * (1 / 5), 2);
    expect(withJob.explanationNl).toBe('Van de 5 PrO-leerlingen met gemiddelde begeleiding maakten er 4 hier hun stage af; 1 vond daarna betaald werk.');
  });

  it("counts schools' experiences about students like this one from 3 on, and a new one moves the very next match", async () => {
    const site = await siteHere();
    const placement = await f.placement(site.id, { title: 'Keuken' });
    const employerId = (await t.db.query(`SELECT employer_id FROM site WHERE id = $1`, [site.id]))[0].employer_id as string;
    const student = await f.student(school.organisationId, { homeLocation: geo(0), maxTravelKm: 5, supportNeed: SupportLevel.MODERATE });
    const line = async () => (await explain(student.id, placement.id)).match.breakdown.find((l: { criterion: string }) => l.criterion === 'EXPERIENCE');
    const EXPERIENCE = `mutation ($input: ExperienceInput!) { recordExperience(input: $input) { id } }`;
    const share = async (marks: number, internshipId?: string) => {
      const res = await t.gql(
        EXPERIENCE,
        { input: { employerId, internshipId, supervisionQuality: marks, audienceFit: marks, wouldPlaceAgain: marks } },
        school.token,
      );
      expect(res.errors).toBeUndefined();
    };
    // About a student needing intensive support: does not count for this one.
    const other = await f.student(school.organisationId, { supportNeed: SupportLevel.INTENSIVE });
    await share(
      1,
      (
        await f.internship(placement.id, other.id, school.organisationId, {
          startDate: '2024-01-01',
          endDate: '2024-06-30',
          status: InternshipStatus.COMPLETED,
        })
      ).id,
    );
    await share(5);
    await share(4);
    expect(await line()).toMatchObject({
      raw: 0.5,
      explanationNl:
        'Nog te weinig ervaringen van scholen over PrO-leerlingen met gemiddelde begeleiding: 2 ervaringen, minstens 3 nodig; telt neutraal. 1 ervaring met andere leerlingen telt niet mee.',
    });
    const like = await f.student(school.organisationId, { supportNeed: SupportLevel.MODERATE });
    await share(
      3,
      (await f.internship(placement.id, like.id, school.organisationId, { startDate: '2024-01-01', endDate: '2024-06-30', status: InternshipStatus.COMPLETED }))
        .id,
    );
    expect(await line()).toMatchObject({
      raw: 0.75,
      explanationNl:
        'Gemiddeld 4 van 5 uit 3 ervaringen van scholen over PrO-leerlingen met gemiddelde begeleiding. 1 ervaring met andere leerlingen telt niet mee.',
    });
  });
});
