import { Audience, MembershipRole, StudentConstraint, SupervisorRole, SupportLevel } from '@stagebank/domain';
import { SupervisorEntity } from '@stagebank/persistence';
import request from 'supertest';
import { Factory, Member } from './support/factories';
import { eventually } from './support/wait';
import { GraphQLResult, TestApp, onlyError, startTestApp } from './support/test-app';

const VERIFICATION = `source verifiedAt verifiedBy { id displayName }`;
const SITE = `query ($id: ID!) { site(id: $id) { wheelchairAccessible wheelchairAccess { ${VERIFICATION} }
  supervisors { id trained trainingVerification { ${VERIFICATION} } } } }`;
const PLACEMENT = `query ($id: ID!) { placement(id: $id) { audiences audienceSuitability { ${VERIFICATION} } } }`;
const VERIFY_WHEELCHAIR = `mutation ($id: ID!, $ok: Boolean!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: $ok }) {
  wheelchairAccessible wheelchairAccess { ${VERIFICATION} } } }`;
const VERIFY_TRAINING = `mutation ($id: ID!) { verifySupervisorTraining(id: $id, input: { trained: true, training: "Leermeestertraining SBB 2024" }) {
  trained training trainingVerification { ${VERIFICATION} } } }`;
const VERIFY_AUDIENCES = `mutation ($id: ID!, $a: [Audience!]!) { verifyAudienceSuitability(id: $id, input: { audiences: $a }) {
  audiences audienceSuitability { ${VERIFICATION} } } }`;
const MATCH = `query ($id: ID!, $filter: MatchFilter) { matchPlacements(studentId: $id, first: 20, filter: $filter) {
  totalCount edges { node { placementId flagNotes { flag source explanationNl explanationEn } } } } }`;

/** Far from the demo network and from the matching tests' spots (Friesland): this file's placements are alone in reach. */
const TEXEL = { latitude: 53.05, longitude: 4.8 };
const at = (km: number) => ({ type: 'Point' as const, coordinates: [TEXEL.longitude + km / 67, TEXEL.latitude] });

/**
 * Wheelchair access, suitability for the audiences and supervision training are only declared (by
 * the employer or an import) until a coach who visited verifies them; a later change of the value
 * by anyone else makes them declared again. Matching says which, and can ask for verified only.
 */
describe('verified and declared flags', () => {
  let t: TestApp;
  let f: Factory;
  let coach: Member;
  let coachName: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coach = await f.member(MembershipRole.COACH);
    [{ display_name: coachName }] = await t.db.query(`SELECT display_name FROM app_user WHERE id = $1`, [coach.userId]);
  });
  afterAll(() => t.close());

  async function listing(km = 0) {
    const { employer, site } = await f.employer({}, { location: at(km), wheelchairAccessible: true });
    const placement = await f.placement(site.id, { audiences: [Audience.PRO, Audience.VSO] });
    const supervisor = await t.db
      .getRepository(SupervisorEntity)
      .save({ siteId: site.id, role: SupervisorRole.WORKPLACE_TRAINER, trained: true, maxStudents: 2, intensity: SupportLevel.MODERATE });
    return { employer, site, placement, supervisor };
  }

  const ok = <T>(result: GraphQLResult<T>): T => {
    expect(result.errors).toBeUndefined();
    return result.data!;
  };

  it('starts declared, and a coach verification records who and when, in the audit log too', async () => {
    const { site, placement, supervisor } = await listing();
    const before = ok(await t.gql(SITE, { id: site.id }, coach.token)).site;
    expect(before.wheelchairAccess).toEqual({ source: 'DECLARED', verifiedAt: null, verifiedBy: null });
    expect(before.supervisors[0].trainingVerification.source).toBe('DECLARED');
    expect(ok(await t.gql(PLACEMENT, { id: placement.id }, coach.token)).placement.audienceSuitability.source).toBe('DECLARED');

    const started = Date.now();
    const wheelchair = ok(await t.gql(VERIFY_WHEELCHAIR, { id: site.id, ok: true }, coach.token)).verifyWheelchairAccess;
    expect(wheelchair).toMatchObject({
      wheelchairAccessible: true,
      wheelchairAccess: { source: 'VERIFIED', verifiedBy: { id: coach.userId, displayName: coachName } },
    });
    expect(new Date(wheelchair.wheelchairAccess.verifiedAt).getTime()).toBeGreaterThanOrEqual(started - 5_000);
    const training = ok(await t.gql(VERIFY_TRAINING, { id: supervisor.id }, coach.token)).verifySupervisorTraining;
    expect(training).toMatchObject({ trained: true, training: 'Leermeestertraining SBB 2024', trainingVerification: { source: 'VERIFIED' } });
    const audiences = ok(await t.gql(VERIFY_AUDIENCES, { id: placement.id, a: ['VSO'] }, coach.token)).verifyAudienceSuitability;
    expect(audiences).toMatchObject({ audiences: ['VSO'], audienceSuitability: { source: 'VERIFIED', verifiedBy: { id: coach.userId } } });

    const [entry] = await t.db.query(
      `SELECT actor_user_id, before->>'wheelchair_verified_at' AS before_at, after->>'wheelchair_verified_by_user_id' AS after_by
         FROM audit_entry WHERE entity = 'site' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1`,
      [site.id],
    );
    expect(entry).toEqual({ actor_user_id: coach.userId, before_at: null, after_by: coach.userId });
  });

  it('turns declared again when the employer changes the value through its link, and stays verified when it only confirms', async () => {
    const { employer, site, supervisor } = await listing();
    ok(await t.gql(VERIFY_WHEELCHAIR, { id: site.id, ok: true }, coach.token));
    ok(await t.gql(VERIFY_TRAINING, { id: supervisor.id }, coach.token));
    const coordinator = await f.member(MembershipRole.COORDINATOR);
    const made = ok(await t.gql(`mutation ($id: ID!) { createEmployerLink(employerId: $id) { token } }`, { id: employer.id }, coordinator.token));
    const asLink = async (input: Record<string, unknown>) => {
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-stagebank-link', made.createEmployerLink.token)
        .send({
          query: `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer sites { wheelchairAccessible } } }`,
          variables: { input },
        });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.confirmLinkedListing;
    };

    expect((await asLink({ sites: [{ id: site.id, name: site.name, wheelchairAccessible: true }] })).answer).toBe('CONFIRMED');
    let seen = ok(await t.gql(SITE, { id: site.id }, coach.token)).site;
    expect(seen.wheelchairAccess.source).toBe('VERIFIED');

    const corrected = await asLink({
      sites: [{ id: site.id, name: site.name, wheelchairAccessible: false }],
      supervisors: [{ id: supervisor.id, trained: false }],
    });
    expect(corrected).toEqual({ answer: 'CORRECTED', sites: [{ wheelchairAccessible: false }] });
    seen = ok(await t.gql(SITE, { id: site.id }, coach.token)).site;
    expect(seen.wheelchairAccess).toEqual({ source: 'DECLARED', verifiedAt: null, verifiedBy: null });
    expect(seen.supervisors[0]).toMatchObject({ trained: false, trainingVerification: { source: 'DECLARED', verifiedBy: null } });

    const [entry] = await t.db.query(
      `SELECT actor_employer_link_id IS NOT NULL AS by_link, before->>'wheelchair_verified_at' IS NOT NULL AS was_verified, after->>'wheelchair_verified_at' AS now_verified
         FROM audit_entry WHERE entity = 'site' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1`,
      [site.id],
    );
    expect(entry).toEqual({ by_link: true, was_verified: true, now_verified: null });
  });

  it('turns declared again on any other change of the value, and the mutation answers with it', async () => {
    const { site, placement } = await listing();
    ok(await t.gql(VERIFY_WHEELCHAIR, { id: site.id, ok: true }, coach.token));
    ok(await t.gql(VERIFY_AUDIENCES, { id: placement.id, a: ['PRO', 'VSO'] }, coach.token));
    const renamed = ok(
      await t.gql(`mutation ($id: ID!) { updateSite(id: $id, input: { name: "Achteringang" }) { wheelchairAccess { source } } }`, { id: site.id }, coach.token),
    );
    expect(renamed.updateSite.wheelchairAccess.source).toBe('VERIFIED');
    const changed = ok(
      await t.gql(
        `mutation ($id: ID!) { updatePlacement(id: $id, input: { audiences: [PRO, VSO, PLP] }) { audienceSuitability { source verifiedBy { id } } } }`,
        { id: placement.id },
        coach.token,
      ),
    );
    expect(changed.updatePlacement.audienceSuitability).toEqual({ source: 'DECLARED', verifiedBy: null });
  });

  it('is not for API keys: verifying says a person saw it', async () => {
    const { site } = await listing();
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN);
    const key = ok(
      await t.gql(
        `mutation ($o: ID!) { createApiKey(input: { name: "tool", scope: READ_WRITE, organisationId: $o }) { secret } }`,
        { o: admin.organisationId },
        admin.token,
      ),
    ).createApiKey.secret;
    expect(onlyError(await t.gql(VERIFY_WHEELCHAIR, { id: site.id, ok: true }, key)).extensions.code).toBe('FORBIDDEN');
    expect(onlyError(await t.gql(VERIFY_WHEELCHAIR, { id: site.id, ok: true })).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('tells in a match which flags were verified, and can match on verified flags only', async () => {
    const school = await f.member(MembershipRole.COORDINATOR);
    const student = await f.student(school.organisationId, { homeLocation: at(30), maxTravelKm: 3, constraints: [StudentConstraint.WHEELCHAIR] });
    // 30 km from the other tests' listings: only these two are in reach.
    const checked = await listing(30.5);
    const declared = await listing(31);
    ok(await t.gql(VERIFY_WHEELCHAIR, { id: checked.site.id, ok: true }, coach.token));
    ok(await t.gql(VERIFY_AUDIENCES, { id: checked.placement.id, a: ['PRO', 'VSO'] }, coach.token));
    ok(await t.gql(VERIFY_TRAINING, { id: checked.supervisor.id }, coach.token));

    const all = ok(await t.gql(MATCH, { id: student.id }, school.token)).matchPlacements;
    const notes = Object.fromEntries(all.edges.map((e: any) => [e.node.placementId, e.node.flagNotes]));
    expect(notes[checked.placement.id].map((n: any) => [n.flag, n.source])).toEqual([
      ['AUDIENCE_SUITABILITY', 'VERIFIED'],
      ['WHEELCHAIR_ACCESS', 'VERIFIED'],
      ['SUPERVISION_TRAINING', 'VERIFIED'],
    ]);
    expect(notes[checked.placement.id][1].explanationNl).toMatch(/^Rolstoeltoegankelijk: gecontroleerd bij een bezoek op \d+ \w+ \d{4}\.$/);
    expect(notes[declared.placement.id].map((n: any) => n.source)).toEqual(['DECLARED', 'DECLARED', 'DECLARED']);
    expect(notes[declared.placement.id][1].explanationNl).toBe(
      'Rolstoeltoegankelijk volgens opgave (werkgever of import), nog niet gecontroleerd bij een bezoek.',
    );

    const verifiedOnly = ok(
      await t.gql(MATCH, { id: student.id, filter: { verified: ['WHEELCHAIR_ACCESS', 'AUDIENCE_SUITABILITY'] } }, school.token),
    ).matchPlacements;
    expect(verifiedOnly.edges.map((e: any) => e.node.placementId)).toEqual([checked.placement.id]);
    expect(verifiedOnly.totalCount).toBe(1);

    // The employer changes it afterwards: the next match request sees it declared, and the filter drops it.
    await t.db.query(`UPDATE site SET wheelchair_accessible = false WHERE id = $1`, [checked.site.id]);
    await t.db.query(`UPDATE site SET wheelchair_accessible = true WHERE id = $1`, [checked.site.id]);
    // Written beside the API, not through it: the index follows the change stream within moments.
    const after = await eventually(async () => {
      const page = ok(await t.gql(MATCH, { id: student.id, filter: { verified: ['WHEELCHAIR_ACCESS'] } }, school.token)).matchPlacements;
      return page.totalCount === 0 && page;
    }, 'the match to see the flag declared again');
    expect(after.edges).toEqual([]);
  });
});
