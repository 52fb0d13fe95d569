import { addDays, MembershipRole, OrganisationKind, todayIso } from '@stagebank/domain';
import { InternshipEntity, StudentProfileEntity } from '@stagebank/persistence';
import { StudentPrivacyService } from '../apps/api/src/students/student-privacy.service';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/** A student's data: exported whole to their own school, erased on request or after the retention period, seat history kept. */
describe('student data: export, erasure, retention', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;

  beforeAll(async () => {
    t = await startTestApp({ STUDENT_RETENTION_DAYS: '730' });
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  async function studentWithInternships() {
    const student = await f.student(coordinator.organisationId);
    const { employer, site } = await f.employer({ name: 'Exportbakkerij' });
    const placement = await f.placement(site.id, { title: 'Medewerker export', seats: 1 });
    const first = await f.internship(placement.id, student.id, coordinator.organisationId, {
      startDate: '2029-01-01',
      endDate: '2029-03-31',
      status: 'ENDED_EARLY' as never,
      endReason: 'Verhuisd naar Zwolle',
    });
    const second = await f.internship(placement.id, student.id, coordinator.organisationId, { startDate: '2030-01-01', endDate: '2030-06-30' });
    return { student, employer, placement, internships: [first, second] };
  }

  const EXPORT = `query ($id: ID!) { exportStudentData(id: $id) }`;
  const ERASE = `mutation ($id: ID!) { eraseStudent(id: $id) }`;

  it('exports everything held about a student, to their own organisation only', async () => {
    const { student, employer, placement, internships } = await studentWithInternships();
    const other = await f.student(coordinator.organisationId);
    const own = { internshipId: internships[0].id, organisationId: coordinator.organisationId };
    await t.db.query(
      `INSERT INTO internship_evaluation (internship_id, organisation_id, evaluated_on, text) VALUES ($1, $2, '2026-01-15', 'Werkt zelfstandig')`,
      [own.internshipId, own.organisationId],
    );
    await t.db.query(`INSERT INTO internship_outcome (internship_id, organisation_id, destination) VALUES ($1, $2, 'NEXT_PLACEMENT')`, [
      own.internshipId,
      own.organisationId,
    ]);
    await t.db.query(`INSERT INTO follow_up (student_id, organisation_id, checked_on, situation) VALUES ($1, $2, '2026-06-01', 'DAY_ACTIVITY')`, [
      student.id,
      coordinator.organisationId,
    ]);
    const data = (await t.gql(EXPORT, { id: student.id }, coordinator.token)).data!.exportStudentData;
    expect(data.internships[0]).toMatchObject({ outcome: { destination: 'NEXT_PLACEMENT' }, evaluations: [{ text: 'Werkt zelfstandig' }] });
    expect(data.followUps).toEqual([{ checkedOn: '2026-06-01', situation: 'DAY_ACTIVITY', note: null }]);
    expect(data.format).toBe('stagebank-student-export/1');
    expect(data.student).toMatchObject({ id: student.id, code: student.code, homePostcode: student.homePostcode });
    expect(data.internships.map((i: { id: string }) => i.id)).toEqual(internships.map((i) => i.id));
    expect(data.internships[0]).toMatchObject({
      endReason: 'Verhuisd naar Zwolle',
      placement: { id: placement.id, title: 'Medewerker export' },
      employer: { id: employer.id },
    });
    expect(JSON.stringify(data)).not.toContain(other.code);

    const elsewhere = await f.member(MembershipRole.COORDINATOR);
    expect(onlyError(await t.gql(EXPORT, { id: student.id }, elsewhere.token)).extensions.code).toBe('NOT_FOUND');
    const sbb = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: OrganisationKind.SBB }));
    expect(onlyError(await t.gql(EXPORT, { id: student.id }, sbb.token)).extensions.code).toBe('FORBIDDEN');
  });

  it('erases a student on request and keeps their internships as anonymous seat history', async () => {
    const { student, placement, internships } = await studentWithInternships();
    const coach = await f.member(MembershipRole.COACH, { id: coordinator.organisationId } as never);
    await t.db.query(`INSERT INTO internship_evaluation (internship_id, organisation_id, evaluated_on, text) VALUES ($1, $2, '2026-01-15', 'Persoonlijk')`, [
      internships[0].id,
      coordinator.organisationId,
    ]);
    await t.db.query(`INSERT INTO internship_outcome (internship_id, organisation_id, destination) VALUES ($1, $2, 'NEXT_PLACEMENT')`, [
      internships[0].id,
      coordinator.organisationId,
    ]);
    expect(onlyError(await t.gql(ERASE, { id: student.id }, coach.token)).extensions.code).toBe('FORBIDDEN');
    expect(await t.db.getRepository(StudentProfileEntity).countBy({ id: student.id })).toBe(1);

    expect((await t.gql(ERASE, { id: student.id }, coordinator.token)).data).toEqual({ eraseStudent: true });
    expect(onlyError(await t.gql(`query ($id: ID!) { studentProfile(id: $id) { id } }`, { id: student.id }, coordinator.token)).extensions.code).toBe(
      'NOT_FOUND',
    );
    const kept = await t.db.getRepository(InternshipEntity).findBy(internships.map((i) => ({ id: i.id })));
    expect(kept).toHaveLength(2);
    for (const internship of kept)
      expect(internship).toMatchObject({ studentId: null, endReason: null, placementId: placement.id, organisationId: coordinator.organisationId });
    // Evaluations (about the person) go; the outcome stays as an anonymous count.
    expect((await t.db.query(`SELECT count(*)::int AS n FROM internship_evaluation WHERE internship_id = $1`, [internships[0].id]))[0].n).toBe(0);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM internship_outcome WHERE internship_id = $1`, [internships[0].id]))[0].n).toBe(1);
    // The seat stays taken for the planned internship.
    const seats = await t.gql(`query ($id: ID!) { placement(id: $id) { occupancy { endDate } } }`, { id: placement.id }, coordinator.token);
    expect(seats.data!.placement.occupancy).toEqual([{ endDate: '2030-06-30' }]);
  });

  it('erases students who left longer ago than the retention period, and nobody else', async () => {
    const longGone = await f.student(coordinator.organisationId, { leftAt: addDays(todayIso(), -731) });
    const recentlyLeft = await f.student(coordinator.organisationId, { leftAt: addDays(todayIso(), -30) });
    const current = await f.student(coordinator.organisationId);
    expect(await t.app.get(StudentPrivacyService).purgeExpired()).toBeGreaterThanOrEqual(1);
    const remaining = await t.db.getRepository(StudentProfileEntity).findBy([{ id: longGone.id }, { id: recentlyLeft.id }, { id: current.id }]);
    expect(remaining.map((s) => s.id).sort()).toEqual([recentlyLeft.id, current.id].sort());
  });
});
