import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import { StudentProfileEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { newStudent } from './support/inputs';
import { startPdok } from './support/pdok';
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

  it("creates a pseudonymous profile in the viewer's own organisation", async () => {
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

  it("never shows one organisation's students to another", async () => {
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
    const res = await t.gql(
      UPDATE,
      { id: student.id, input: { sectorPreferences: ['GREEN'], travelMode: 'PUBLIC_TRANSPORT', leftAt: '2026-07-01' } },
      school.token,
    );
    expect(res.data!.updateStudentProfile).toMatchObject({
      sectorPreferences: ['GREEN'],
      travelMode: 'PUBLIC_TRANSPORT',
      leftAt: '2026-07-01',
      code: 'LEAVER-1',
    });
    const LIST = `query($filter: StudentProfileFilter) { studentProfiles(filter: $filter) { edges { node { code } } } }`;
    expect((await t.gql(LIST, { filter: { code: 'LEAVER' } }, school.token)).data!.studentProfiles.edges).toEqual([]);
    expect((await t.gql(LIST, { filter: { code: 'LEAVER', includeLeft: true } }, school.token)).data!.studentProfiles.edges).toEqual([
      { node: { code: 'LEAVER-1' } },
    ]);
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

describe("a student's home from the postcode", () => {
  const GET = `query($id: ID!) { studentProfile(id: $id) { homePostcode homeLocation { latitude longitude } } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateStudentProfileInput!) { updateStudentProfile(id: $id, input: $input) { homePostcode homeLocation { latitude longitude } } }`;

  it('places a home at the centre of its postcode when no coordinates are given, moves it with a new postcode, and refuses a postcode nobody knows', async () => {
    const pdok = await startPdok({ 'postcode:5341AB': 'POINT(5.5189 51.7652)', 'postcode:5211AP': 'POINT(5.3036 51.6887)' });
    const t = await startTestApp({ GEOCODER_URL: pdok.url });
    try {
      const f = new Factory(t);
      const school = await f.member(MembershipRole.COORDINATOR);
      const created = await t.gql(CREATE, { input: newStudent({ code: 'POSTCODE-1', homeLocation: undefined }) }, school.token);
      expect(created.errors).toBeUndefined();
      const { id, homeLocation } = created.data!.createStudentProfile;
      expect(homeLocation).toEqual({ latitude: 51.7652, longitude: 5.5189 });
      expect(pdok.lookups).toEqual(['postcode:5341AB']);

      // A new postcode moves the home; other edits and coordinates given with the postcode do not ask the geocoder.
      expect((await t.gql(UPDATE, { id, input: { homePostcode: '5211 ap' } }, school.token)).data!.updateStudentProfile).toEqual({
        homePostcode: '5211 AP',
        homeLocation: { latitude: 51.6887, longitude: 5.3036 },
      });
      await t.gql(UPDATE, { id, input: { maxTravelKm: 12, homePostcode: '5211AP' } }, school.token);
      const given = { latitude: 51.7, longitude: 5.31 };
      expect(
        (await t.gql(UPDATE, { id, input: { homePostcode: '5341 AB', homeLocation: given } }, school.token)).data!.updateStudentProfile.homeLocation,
      ).toEqual(given);
      expect(pdok.lookups).toEqual(['postcode:5341AB', 'postcode:5211AP']);

      // A postcode the geocoder cannot place: a clear error at the postcode, and nothing changes.
      const unknown = onlyError(await t.gql(UPDATE, { id, input: { homePostcode: '9999 ZZ', maxTravelKm: 3 } }, school.token));
      expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.homePostcode' });
      expect(unknown.message).toContain('postcode 9999 ZZ not found');
      expect((await t.gql(GET, { id }, school.token)).data!.studentProfile).toEqual({ homePostcode: '5341 AB', homeLocation: given });
      const refused = onlyError(
        await t.gql(CREATE, { input: newStudent({ code: 'POSTCODE-2', homePostcode: '9999 ZZ', homeLocation: undefined }) }, school.token),
      );
      expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.homePostcode' });
      expect(await t.db.getRepository(StudentProfileEntity).countBy({ code: 'POSTCODE-2' })).toBe(0);

      // An unsaved profile for matching is placed the same way.
      const match = await t.gql(
        `query($profile: StudentProfileInput!) { matchPlacementsForProfile(profile: $profile, first: 1) { totalCount } }`,
        { profile: newStudent({ homeLocation: undefined }) },
        school.token,
      );
      expect(match.errors).toBeUndefined();
      expect(pdok.lookups.at(-1)).toBe('postcode:5341AB');
    } finally {
      await t.close();
      await pdok.close();
    }
  });

  it('says so when geocoding is off and no coordinates are given', async () => {
    const t = await startTestApp({ GEOCODER_URL: 'none' });
    try {
      const school = await new Factory(t).member(MembershipRole.COORDINATOR);
      const res = onlyError(await t.gql(CREATE, { input: newStudent({ code: 'NOGEO-1', homeLocation: undefined }) }, school.token));
      expect(res.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.homePostcode' });
      expect(res.message).toContain('GEOCODER_URL=none');
    } finally {
      await t.close();
    }
  });
});
