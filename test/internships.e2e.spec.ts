import { Audience, EmployerStatus, InternshipStatus, MembershipRole, OrganisationKind, addDays, todayIso } from '@stagebank/domain';
import { InternshipEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { onlyError, startTestApp, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreateInternshipInput!) { createInternship(input: $input) {
  id status startDate endDate organisationId coachUserId placement { id title } student { code } coach { displayName } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInternshipInput!) { updateInternship(id: $id, input: $input) { id status endReason startDate endDate } }`;

describe('internships: seats, periods and the lifecycle', () => {
  let t: TestApp;
  let f: Factory;
  let school: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    school = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  async function placementWithSeats(seats: number, overrides = {}) {
    const { employer, site } = await f.employer();
    return { employer, placement: await f.placement(site.id, { seats, ...overrides }) };
  }

  const input = (placementId: string, studentId: string, overrides: object = {}) => ({
    placementId,
    studentId,
    startDate: '2030-02-01',
    endDate: '2030-05-31',
    status: 'AGREED',
    ...overrides,
  });

  it("claims a seat for a student of the viewer's organisation, with the viewer as default coach", async () => {
    const { placement } = await placementWithSeats(1);
    const student = await f.student(school.organisationId);
    const res = await t.gql(CREATE, { input: input(placement.id, student.id) }, school.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createInternship).toMatchObject({
      status: 'AGREED',
      organisationId: school.organisationId,
      coachUserId: school.userId,
      placement: { id: placement.id },
      student: { code: student.code },
    });
  });

  it("sums an employer's seats: taken and free today, and the first opening", async () => {
    const { employer, site } = await f.employer();
    const a = await f.placement(site.id, { seats: 1 });
    const b = await f.placement(site.id, { seats: 2 });
    await f.placement(site.id, { seats: 5, availableUntil: addDays(todayIso(), -1) }); // over: not counted
    const student = await f.student(school.organisationId);
    const now = { startDate: addDays(todayIso(), -10), endDate: addDays(todayIso(), 20) };
    await f.internship(a.id, student.id, school.organisationId, now);
    await f.internship(b.id, student.id, school.organisationId, { ...now, endDate: addDays(todayIso(), 5) });
    await f.internship(b.id, student.id, school.organisationId, now);
    const SEATS = `query ($id: ID!) { employer(id: $id) { seats { placements seats taken free nextOpening } } }`;
    // 3 seats, all taken today; the first frees on day 6 (b's shorter internship ends on day 5).
    expect((await t.gql(SEATS, { id: employer.id }, school.token)).data!.employer.seats).toEqual({
      placements: 2,
      seats: 3,
      taken: 3,
      free: 0,
      nextOpening: addDays(todayIso(), 6),
    });
    await f.placement(site.id, { seats: 1 });
    expect((await t.gql(SEATS, { id: employer.id }, school.token)).data!.employer.seats).toEqual({
      placements: 3,
      seats: 4,
      taken: 3,
      free: 1,
      nextOpening: todayIso(),
    });
  });

  it('refuses a full placement with PLACEMENT_FULL, but allows a period after the seat frees up', async () => {
    const { placement } = await placementWithSeats(1);
    const [a, b] = [await f.student(school.organisationId), await f.student(school.organisationId)];
    expect((await t.gql(CREATE, { input: input(placement.id, a.id) }, school.token)).errors).toBeUndefined();
    const full = onlyError(await t.gql(CREATE, { input: input(placement.id, b.id, { startDate: '2030-05-31', endDate: '2030-07-01' }) }, school.token));
    expect(full.extensions).toMatchObject({ code: 'PLACEMENT_FULL', field: 'input.placementId' });
    expect(full.message).toContain('2030-05-31');
    const later = await t.gql(CREATE, { input: input(placement.id, b.id, { startDate: '2030-06-01', endDate: '2030-07-01' }) }, school.token);
    expect(later.errors).toBeUndefined();
  });

  it('frees the seat when an internship is cancelled, and re-checks it when one is moved', async () => {
    const { placement } = await placementWithSeats(1);
    const [a, b] = [await f.student(school.organisationId), await f.student(school.organisationId)];
    const first = (await t.gql(CREATE, { input: input(placement.id, a.id, { status: 'PROPOSED' }) }, school.token)).data!.createInternship;
    const second = (await t.gql(CREATE, { input: input(placement.id, b.id, { startDate: '2030-06-01', endDate: '2030-06-30' }) }, school.token)).data!
      .createInternship;
    const moved = await t.gql(UPDATE, { id: second.id, input: { startDate: '2030-05-01' } }, school.token);
    expect(onlyError(moved).extensions.code).toBe('PLACEMENT_FULL');
    expect((await t.gql(UPDATE, { id: first.id, input: { status: 'CANCELLED' } }, school.token)).data!.updateInternship.status).toBe('CANCELLED');
    expect((await t.gql(UPDATE, { id: second.id, input: { startDate: '2030-05-01' } }, school.token)).data!.updateInternship.startDate).toBe('2030-05-01');
  });

  it('never overbooks: 50 concurrent attempts on 3 free seats give 3 internships and 47 PLACEMENT_FULL', async () => {
    const { placement } = await placementWithSeats(3);
    const students = await Promise.all(Array.from({ length: 50 }, () => f.student(school.organisationId)));
    const results = await Promise.all(students.map((s) => t.gql(CREATE, { input: input(placement.id, s.id) }, school.token)));
    const codes = results.map((r) => (r.errors ? r.errors[0].extensions.code : 'OK'));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(3);
    expect(codes.filter((c) => c === 'PLACEMENT_FULL')).toHaveLength(47);
    expect(await t.db.getRepository(InternshipEntity).countBy({ placementId: placement.id })).toBe(3);
  });

  it('follows the lifecycle and asks why an internship ended early', async () => {
    const { placement } = await placementWithSeats(2);
    const student = await f.student(school.organisationId);
    const id = (await t.gql(CREATE, { input: input(placement.id, student.id, { status: 'PROPOSED' }) }, school.token)).data!.createInternship.id;
    expect(onlyError(await t.gql(UPDATE, { id, input: { status: 'COMPLETED' } }, school.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.status',
    });
    for (const status of ['AGREED', 'ACTIVE', 'PAUSED', 'ACTIVE']) {
      expect((await t.gql(UPDATE, { id, input: { status } }, school.token)).data!.updateInternship.status).toBe(status);
    }
    expect(onlyError(await t.gql(UPDATE, { id, input: { status: 'ENDED_EARLY' } }, school.token)).extensions.field).toBe('input.endReason');
    const ended = await t.gql(UPDATE, { id, input: { status: 'ENDED_EARLY', endReason: 'Begeleiding bleek te zwaar' } }, school.token);
    expect(ended.data!.updateInternship).toMatchObject({ status: 'ENDED_EARLY', endReason: 'Begeleiding bleek te zwaar' });
    expect(onlyError(await t.gql(UPDATE, { id, input: { status: 'ACTIVE' } }, school.token)).extensions.code).toBe('BAD_USER_INPUT');
  });

  it("respects the placement's window, audience and the employer's status", async () => {
    const student = await f.student(school.organisationId);
    const windowed = (await placementWithSeats(2, { availableFrom: '2030-01-01', availableUntil: '2030-03-31' })).placement;
    expect(onlyError(await t.gql(CREATE, { input: input(windowed.id, student.id) }, school.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.startDate',
    });

    const plpOnly = (await placementWithSeats(2, { audiences: [Audience.PLP] })).placement;
    expect(onlyError(await t.gql(CREATE, { input: input(plpOnly.id, student.id) }, school.token)).extensions.code).toBe('CONFLICT');

    const paused = await placementWithSeats(2);
    await t.db.query(`UPDATE employer SET status = $1, status_reason = 'Verbouwing', paused_until = '2030-03-01' WHERE id = $2`, [
      EmployerStatus.PAUSED,
      paused.employer.id,
    ]);
    const duringPause = onlyError(await t.gql(CREATE, { input: input(paused.placement.id, student.id) }, school.token));
    expect(duringPause.extensions.code).toBe('CONFLICT');
    expect(duringPause.message).toContain('Verbouwing');
    expect((await t.gql(CREATE, { input: input(paused.placement.id, student.id, { startDate: '2030-03-02' }) }, school.token)).errors).toBeUndefined();

    expect(
      onlyError(await t.gql(CREATE, { input: input(windowed.id, student.id, { startDate: '2030-02-01', endDate: '2030-01-01' }) }, school.token)).extensions
        .field,
    ).toBe('input.endDate');
    expect(onlyError(await t.gql(CREATE, { input: input(windowed.id, student.id, { status: 'COMPLETED' }) }, school.token)).extensions.field).toBe(
      'input.status',
    );
  });

  it('keeps internships private: another school cannot read or change them, nor use their students', async () => {
    const { placement } = await placementWithSeats(2);
    const student = await f.student(school.organisationId);
    const id = (await t.gql(CREATE, { input: input(placement.id, student.id) }, school.token)).data!.createInternship.id;
    const other = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.VSO_SCHOOL }));
    expect(onlyError(await t.gql(`query($id: ID!) { internship(id: $id) { id } }`, { id }, other.token)).extensions.code).toBe('NOT_FOUND');
    expect(onlyError(await t.gql(UPDATE, { id, input: { status: 'CANCELLED' } }, other.token)).extensions.code).toBe('NOT_FOUND');
    expect(onlyError(await t.gql(CREATE, { input: input(placement.id, student.id) }, other.token)).extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.studentId',
    });
    const theirList = await t.gql(`{ internships(first: 100) { edges { node { id } } } }`, {}, other.token);
    expect(theirList.data!.internships.edges).toEqual([]);
    const ours = await t.gql(
      `query($filter: InternshipFilter) { internships(filter: $filter) { edges { node { id } } } }`,
      { filter: { studentId: student.id } },
      school.token,
    );
    expect(ours.data!.internships.edges).toEqual([{ node: { id } }]);
  });

  it('checks that the coach belongs to the organisation', async () => {
    const { placement } = await placementWithSeats(2);
    const student = await f.student(school.organisationId);
    const outsider = await f.member(MembershipRole.COACH);
    const res = await t.gql(CREATE, { input: input(placement.id, student.id, { coachUserId: outsider.userId }) }, school.token);
    expect(onlyError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.coachUserId' });
  });

  it('shows a completed internship no longer holding a seat', async () => {
    const { placement } = await placementWithSeats(1);
    const student = await f.student(school.organisationId);
    await f.internship(placement.id, student.id, school.organisationId, {
      startDate: addDays(todayIso(), -5),
      endDate: addDays(todayIso(), 60),
      status: InternshipStatus.ACTIVE,
    });
    const seats = () => t.gql(`query($id: ID!) { placement(id: $id) { freeSeats occupancy { status } } }`, { id: placement.id }, school.token);
    expect((await seats()).data!.placement.freeSeats).toBe(0);
    await t.db.query(`UPDATE internship SET status = 'COMPLETED' WHERE placement_id = $1`, [placement.id]);
    expect((await seats()).data!.placement).toEqual({ freeSeats: 1, occupancy: [] });
  });
});
