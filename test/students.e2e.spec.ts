import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import { StudentProfileEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { newStudent } from './support/inputs';
import { onlyError, startTestApp, TestApp } from './support/test-app';


const FIELDS = `id organisationId code homePostcode homePlace homeLocation { latitude longitude } travelMode maxTravelKm maxTravelMinutes
  sectorPreferences interests supportNeed constraints certificates exitProfile finalYear targetCrebo targetWerkprocessen availableDays availableFrom leftAt`;
const CREATE = `mutation($input: StudentProfileInput!) { createStudentProfile(input: $input) { ${FIELDS} } }`;

describe('student profiles: private to the enrolling organisation', () => {
  let t: TestApp;
  let f: Factory;
  let school: Member;
  let otherSchool: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    school = await f.member(MembershipRole.COORDINATOR);
    otherSchool = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.VSO_SCHOOL }));
  });
  afterAll(() => t.close());
  const students = () => t.db.getRepository(StudentProfileEntity);

  it('creates a pseudonymous profile in the viewer\'s own organisation', async () => {
    const res = await t.gql(CREATE, { input: newStudent() }, school.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createStudentProfile).toMatchObject({
      organisationId: school.organisationId,
      code: 'PRO-2026-017',
      homePostcode: '5341 AB',
      sectorPreferences: ['CARE_WELFARE', 'HOSPITALITY'],
      maxTravelKm: 8,
      leftAt: null,
    });
    const duplicate = await t.gql(CREATE, { input: newStudent() }, school.token);
    expect(onlyError(duplicate).extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    // The same pseudonym is free in another organisation.
    expect((await t.gql(CREATE, { input: newStudent() }, otherSchool.token)).errors).toBeUndefined();
  });

  it('never shows one organisation\'s students to another', async () => {
    const mine = await f.student(school.organisationId, { code: 'MINE-1' });
    const theirs = await f.student(otherSchool.organisationId, { code: 'THEIRS-1' });
    const GET = `query($id: ID!) { studentProfile(id: $id) { code } }`;
    expect((await t.gql(GET, { id: mine.id }, school.token)).data!.studentProfile.code).toBe('MINE-1');
    expect(onlyError(await t.gql(GET, { id: theirs.id }, school.token)).extensions.code).toBe('NOT_FOUND');

    const list = await t.gql(`{ studentProfiles(first: 100) { totalCount edges { node { organisationId code } } } }`, {}, school.token);
    const codes = list.data!.studentProfiles.edges.map((e: any) => e.node.code);
    expect(codes).toContain('MINE-1');
    expect(codes).not.toContain('THEIRS-1');
    for (const edge of list.data!.studentProfiles.edges) expect(edge.node.organisationId).toBe(school.organisationId);

    const UPDATE = `mutation($id: ID!, $input: UpdateStudentProfileInput!) { updateStudentProfile(id: $id, input: $input) { code } }`;
    expect(onlyError(await t.gql(UPDATE, { id: theirs.id, input: { finalYear: true } }, school.token)).extensions.code).toBe('NOT_FOUND');
    expect(await students().findOneByOrFail({ id: theirs.id })).toMatchObject({ finalYear: false });
  });

  it('updates a profile and hides students who left unless asked', async () => {
    const student = await f.student(school.organisationId, { code: 'LEAVER-1' });
    const UPDATE = `mutation($id: ID!, $input: UpdateStudentProfileInput!) { updateStudentProfile(id: $id, input: $input) { ${FIELDS} } }`;
    const res = await t.gql(UPDATE, { id: student.id, input: { sectorPreferences: ['GREEN'], travelMode: 'PUBLIC_TRANSPORT', leftAt: '2026-07-01' } }, school.token);
    expect(res.data!.updateStudentProfile).toMatchObject({ sectorPreferences: ['GREEN'], travelMode: 'PUBLIC_TRANSPORT', leftAt: '2026-07-01', code: 'LEAVER-1' });
    const LIST = `query($filter: StudentProfileFilter) { studentProfiles(filter: $filter) { edges { node { code } } } }`;
    expect((await t.gql(LIST, { filter: { code: 'LEAVER' } }, school.token)).data!.studentProfiles.edges).toEqual([]);
    expect((await t.gql(LIST, { filter: { code: 'LEAVER', includeLeft: true } }, school.token)).data!.studentProfiles.edges).toEqual([{ node: { code: 'LEAVER-1' } }]);
    const nulled = await t.gql(UPDATE, { id: student.id, input: { code: null } }, school.token);
    expect(onlyError(nulled).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
  });

  it('lets only schools and PLP initiatives keep students', async () => {
    const wsp = await f.member(MembershipRole.COORDINATOR, await f.organisation({ kind: OrganisationKind.MUNICIPALITY }));
    const before = await students().count();
    expect(onlyError(await t.gql(CREATE, { input: newStudent({ code: 'WSP-1' }) }, wsp.token)).extensions.code).toBe('FORBIDDEN');
    expect(await students().count()).toBe(before);
    const empty = await t.gql(`{ studentProfiles { totalCount } }`, {}, wsp.token);
    expect(empty.data!.studentProfiles.totalCount).toBe(0);
  });
});
