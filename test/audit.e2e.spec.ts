import { ApiKeyScope, MembershipRole, OrganisationKind } from '@stagebank/domain';
import { ApiKeyEntity } from '@stagebank/persistence';
import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../apps/api/src/auth/authenticator';
import { Factory, Member } from './support/factories';
import { newPlacement } from './support/inputs';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/** Who changed what (before and after), and who read which student, for admins to look up. */
describe('audit log', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;
  let admin: Member;
  let networkAdmin: Member;

  const LOG = `query ($entity: String, $entityId: ID) { auditLog(entity: $entity, entityId: $entityId) { action entity entityId actorUserId actorOrganisationId actorApiKeyId before after } }`;
  const log = async (as: Member, entity: string, entityId: string) => (await t.gql(LOG, { entity, entityId }, as.token)).data!.auditLog;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
    admin = await f.member(MembershipRole.SCHOOL_ADMIN, { id: coordinator.organisationId } as never);
    networkAdmin = await f.member(MembershipRole.NETWORK_ADMIN, await f.organisation({ kind: OrganisationKind.OTHER }));
  });
  afterAll(() => t.close());

  it('records a change to an employer with who did it and the row before and after', async () => {
    const { employer } = await f.employer({ description: 'Oud' });
    await t.gql(`mutation ($id: ID!) { updateEmployer(id: $id, input: { description: "Nieuw" }) { id } }`, { id: employer.id }, coordinator.token);
    const entries = await log(networkAdmin, 'employer', employer.id);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['UPDATE', 'INSERT']);
    expect(entries[0]).toMatchObject({ actorUserId: coordinator.userId, actorOrganisationId: coordinator.organisationId, actorApiKeyId: null });
    expect(entries[0].before.description).toBe('Oud');
    expect(entries[0].after.description).toBe('Nieuw');
    expect(entries[1].actorUserId).toBeNull(); // made outside a request (the test factory)
  });

  it('names the API key that acted, and the SBB adviser who set a Boris flag', async () => {
    const secret = `sbk_${randomBytes(24).toString('base64url')}`;
    const key = await t.db.getRepository(ApiKeyEntity).save({
      organisationId: admin.organisationId,
      name: 'koppeling',
      scope: ApiKeyScope.READ_WRITE,
      secretHash: hashApiKey(secret),
      prefix: secret.slice(0, 10),
      createdByUserId: admin.userId,
    });
    const { employer, site } = await f.employer();
    const created = await t.gql(`mutation ($i: CreatePlacementInput!) { createPlacement(input: $i) { id } }`, { i: newPlacement(site.id) }, secret);
    const [insert] = await log(networkAdmin, 'placement', created.data!.createPlacement.id);
    expect(insert).toMatchObject({ action: 'INSERT', actorApiKeyId: key.id, actorOrganisationId: admin.organisationId });

    const adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: OrganisationKind.SBB }));
    const flag = await t.gql(`mutation ($id: ID!) { setBorisFlag(employerId: $id) { id } }`, { id: employer.id }, adviser.token);
    const [set] = await log(networkAdmin, 'boris_flag', flag.data!.setBorisFlag.id);
    expect(set).toMatchObject({ action: 'INSERT', actorUserId: adviser.userId });
  });

  it("keeps entries about a school's students for that school's admin only", async () => {
    const student = await f.student(coordinator.organisationId);
    const { site } = await f.employer();
    const placement = await f.placement(site.id);
    const created = await t.gql(
      `mutation ($i: CreateInternshipInput!) { createInternship(input: $i) { id } }`,
      { i: { placementId: placement.id, studentId: student.id, startDate: '2030-01-01', endDate: '2030-06-30' } },
      coordinator.token,
    );
    const internshipId = created.data!.createInternship.id;
    const entries = await log(admin, 'internship', internshipId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'INSERT', actorUserId: coordinator.userId });
    expect(entries[0].after.student_id).toBe(student.id);

    const otherAdmin = await f.member(MembershipRole.SCHOOL_ADMIN);
    expect(await log(otherAdmin, 'internship', internshipId)).toEqual([]);
    expect(await log(networkAdmin, 'internship', internshipId)).toEqual([]);
  });

  it('leaves the internship an experience is tied to out of the entries, except for the school that recorded it', async () => {
    const { employer, site } = await f.employer({ name: 'Ervaringbedrijf' });
    const placement = await f.placement(site.id);
    const internship = await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId);
    const recorded = await t.gql(
      `mutation ($input: ExperienceInput!) { recordExperience(input: $input) { id } }`,
      { input: { employerId: employer.id, internshipId: internship.id, supervisionQuality: 4, audienceFit: 4, wouldPlaceAgain: 5 } },
      coordinator.token,
    );
    expect(recorded.errors).toBeUndefined();
    const experienceId = recorded.data!.recordExperience.id;
    // Another school's coordinator merges the employer away: the experience moves, in an entry by that school.
    const otherCoordinator = await f.member(MembershipRole.COORDINATOR);
    const otherAdmin = await f.member(MembershipRole.SCHOOL_ADMIN, { id: otherCoordinator.organisationId } as never);
    const { employer: keep } = await f.employer({ name: 'Ervaringbedrijf BV' });
    expect(
      (await t.gql(`mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id } }`, { k: keep.id, m: employer.id }, otherCoordinator.token))
        .errors,
    ).toBeUndefined();

    const own = await log(admin, 'experience', experienceId);
    expect(own.map((e: { action: string }) => e.action)).toEqual(['INSERT']);
    expect(own[0].after.internship_id).toBe(internship.id);
    for (const [viewer, actions] of [
      [networkAdmin, ['UPDATE', 'INSERT']],
      [otherAdmin, ['UPDATE']],
    ] as const) {
      const entries = await log(viewer, 'experience', experienceId);
      expect(entries.map((e: { action: string }) => e.action)).toEqual(actions);
      expect(JSON.stringify(entries)).not.toContain(internship.id);
      expect(entries[0].after).toMatchObject({ supervision_quality: 4, employer_id: keep.id });
    }
  });

  it('records every read of a student profile', async () => {
    const student = await f.student(coordinator.organisationId);
    await t.gql(`query ($id: ID!) { studentProfile(id: $id) { code } }`, { id: student.id }, coordinator.token);
    await t.gql(`{ studentProfiles(first: 100) { edges { node { id } } } }`, {}, coordinator.token);
    const reads = await log(admin, 'student_profile', student.id);
    expect(reads.map((e: { action: string; actorUserId: string }) => [e.action, e.actorUserId])).toEqual([
      ['READ', coordinator.userId],
      ['READ', coordinator.userId],
    ]);
    const elsewhere = await f.member(MembershipRole.COORDINATOR);
    await t.gql(`query ($id: ID!) { studentProfile(id: $id) { code } }`, { id: student.id }, elsewhere.token); // NOT_FOUND: nothing read
    expect(await log(admin, 'student_profile', student.id)).toHaveLength(2);
  });

  it('is for admins only', async () => {
    expect(onlyError(await t.gql(LOG, {}, coordinator.token)).extensions.code).toBe('FORBIDDEN');
    expect(onlyError(await t.gql(`{ auditLog(entity: "app_user") { id } }`, {}, admin.token)).extensions.code).toBe('BAD_USER_INPUT');
  });
});
