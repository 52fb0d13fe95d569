import { MembershipRole, Sector, SupervisorRole, SupportLevel } from '@stagebank/domain';
import { ContactPersonEntity, PlacementEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import request from 'supertest';
import { asEmployerLink } from '../apps/api/src/auth/request-context';
import { Factory, Member } from './support/factories';
import { PdokStandIn, startPdok } from './support/pdok';
import { GraphQLResult, TestApp, onlyError, startTestApp } from './support/test-app';

const CONFIRM = `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer
  sites { id street houseNumber postcode place placements { id title seats } } } }`;
const CREATE = `mutation ($id: ID!) { createEmployerLink(employerId: $id) { token link { id } } }`;

/**
 * Through its own link an employer corrects a site's address (placed again by PDOK, a local
 * stand-in here behind the real adapter) and adds a placement at one of its sites: both written as
 * the employer's own, and never to another employer's rows.
 */
describe("employer link: a site's address and a new placement", () => {
  let t: TestApp;
  let f: Factory;
  let pdok: PdokStandIn;
  let coordinator: Member;

  async function asLink<T = Record<string, any>>(query: string, variables: Record<string, unknown>, link: string): Promise<GraphQLResult<T>> {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-stagebank-link', link)
      .send({ query, variables });
    return { status: res.status, data: res.body.data ?? null, errors: res.body.errors };
  }

  async function listing(name: string) {
    const { employer, site } = await f.employer({ name });
    const supervisor = await t.db
      .getRepository(SupervisorEntity)
      .save({ siteId: site.id, name: 'Anja de Vries', role: SupervisorRole.WORK_SUPERVISOR, maxStudents: 2, intensity: SupportLevel.MODERATE });
    const made = await t.gql(CREATE, { id: employer.id }, coordinator.token);
    expect(made.errors).toBeUndefined();
    return { employer, site, supervisor, token: made.data!.createEmployerLink.token as string, linkId: made.data!.createEmployerLink.link.id as string };
  }

  const auditOf = (entity: string, id: string) =>
    t.db.query(
      `SELECT action, actor_user_id, actor_organisation_id, actor_employer_id, actor_employer_link_id FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id`,
      [entity, id],
    );

  beforeAll(async () => {
    pdok = await startPdok({
      'postcode:5341AB and huisnummer:7': 'POINT(5.5204 51.7651)',
      'postcode:5341AC and huisnummer:9': 'POINT(5.5221 51.7662)',
      // The factory's site, for a renamed street.
      'postcode:5211AP and huisnummer:1': 'POINT(5.293 51.69)',
    });
    t = await startTestApp({ GEOCODER_URL: pdok.url });
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(async () => {
    await t.close();
    await pdok.close();
  });

  it("corrects a site's address, placed again through the geocoder, audited as the employer's own", async () => {
    const a = await listing('Bakkerij Van Dijk');
    const unknown = await asLink(CONFIRM, { input: { sites: [{ id: a.site.id, name: a.site.name, postcode: '9999 ZZ', houseNumber: '1' }] } }, a.token);
    expect(onlyError(unknown).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sites[0].postcode' });
    expect((await t.db.getRepository(SiteEntity).findOneByOrFail({ id: a.site.id })).postcode).toBe(a.site.postcode);

    const moved = await asLink(
      CONFIRM,
      { input: { sites: [{ id: a.site.id, name: a.site.name, street: 'Marktstraat', houseNumber: '7', postcode: '5341ab', place: 'Oss' }] } },
      a.token,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.confirmLinkedListing).toMatchObject({
      answer: 'CORRECTED',
      sites: [{ id: a.site.id, street: 'Marktstraat', houseNumber: '7', postcode: '5341 AB', place: 'Oss' }],
    });
    const [row] = await t.db.query(`SELECT ST_X(location::geometry) AS lon, ST_Y(location::geometry) AS lat, region FROM site WHERE id = $1`, [a.site.id]);
    expect({ lon: Number(row.lon), lat: Number(row.lat), region: row.region }).toEqual({ lon: 5.5204, lat: 51.7651, region: 'NOORDOOST_BRABANT' });
    expect(pdok.lookups).toEqual(['postcode:9999ZZ and huisnummer:1', 'postcode:5341AB and huisnummer:7']);
    expect((await auditOf('site', a.site.id)).filter((e: any) => e.action === 'UPDATE')).toEqual([
      { action: 'UPDATE', actor_user_id: null, actor_organisation_id: null, actor_employer_id: a.employer.id, actor_employer_link_id: a.linkId },
    ]);
    // The same address again asks the geocoder nothing.
    await asLink(CONFIRM, { input: { sites: [{ id: a.site.id, name: a.site.name, postcode: '5341 AB', houseNumber: '7' }] } }, a.token);
    expect(pdok.lookups).toHaveLength(2);
  });

  it('adds a placement at its own site, audited as its own; never at another employer’s site', async () => {
    const a = await listing('Kwekerij De Hof');
    const b = await listing('Garage Smit');
    const newPlacement = (siteId: string, extra: Record<string, unknown> = {}) => ({
      siteId,
      title: 'Medewerker kas',
      tasks: ['planten oppotten'],
      sector: Sector.GREEN,
      seats: 2,
      audiences: ['PRO', 'VSO'],
      ...extra,
    });
    const foreign = await asLink(CONFIRM, { input: { newPlacements: [newPlacement(b.site.id)] } }, a.token);
    expect(onlyError(foreign).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.newPlacements[0].siteId' });
    const tooMuch = await asLink(CONFIRM, { input: { newPlacements: [newPlacement(a.site.id, { supervisionLevel: 'INTENSIVE' })] } }, a.token);
    expect(onlyError(tooMuch).extensions).toMatchObject({ code: 'CONFLICT', field: 'input.newPlacements[0].supervisionLevel' });
    expect(await t.db.getRepository(PlacementEntity).countBy({ siteId: b.site.id })).toBe(0);
    expect(await t.db.getRepository(PlacementEntity).countBy({ siteId: a.site.id })).toBe(0);

    const added = await asLink(CONFIRM, { input: { newPlacements: [newPlacement(a.site.id)] } }, a.token);
    expect(added.errors).toBeUndefined();
    const [placement] = added.data!.confirmLinkedListing.sites[0].placements;
    expect(placement).toMatchObject({ title: 'Medewerker kas', seats: 2 });
    const stored = await t.db.getRepository(PlacementEntity).findOneByOrFail({ id: placement.id });
    expect(stored).toMatchObject({ sector: Sector.GREEN, type: 'STAGE', supervisionLevel: SupportLevel.MODERATE, audiences: ['PRO', 'VSO'] });
    // Inserted, then confirmed current with the rest of the listing: both the employer's own doing.
    const audit = await auditOf('placement', placement.id);
    expect(audit.map((e: any) => e.action)).toEqual(['INSERT', 'UPDATE']);
    for (const entry of audit)
      expect(entry).toMatchObject({ actor_user_id: null, actor_organisation_id: null, actor_employer_id: a.employer.id, actor_employer_link_id: a.linkId });

    // Below the service: acting as A's link, no placement can be added at B's site, nor B's site moved.
    const scope = { linkId: a.linkId, employerId: a.employer.id };
    await expect(
      asEmployerLink(scope, () =>
        t.db.transaction((tx) =>
          tx.query(
            `INSERT INTO placement (site_id, title, sector, type, seats, hours_per_week, audiences, supervision_level, available_from)
             VALUES ($1, 'Indringer', 'GREEN', 'STAGE', 1, 16, '{PRO}', 'LIGHT', CURRENT_DATE)`,
            [b.site.id],
          ),
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    await asEmployerLink(scope, () =>
      t.db.transaction(async (tx) => {
        const [, moved] = await tx.query(`UPDATE site SET postcode = '5341 AB' WHERE id = $1`, [b.site.id]);
        expect(moved).toBe(0);
      }),
    );
    expect(await t.db.getRepository(PlacementEntity).countBy({ siteId: b.site.id })).toBe(0);
  });

  it('holds its supervisors to the rule a placement meets: none recorded is let through, too little support is not', async () => {
    const a = await listing('Kwekerij De Vertrekkende');
    const placement = await f.placement(a.site.id, { title: 'Medewerker kwekerij', supervisionLevel: SupportLevel.MODERATE });
    const group = await f.placement(a.site.id, { title: 'Groepsstage', supervisionLevel: SupportLevel.INTENSIVE, schoolSupervisorRequired: true });
    // The only supervisor giving less than the placement promises: refused.
    const lighter = await asLink(CONFIRM, { input: { supervisors: [{ id: a.supervisor.id, intensity: 'LIGHT' }] } }, a.token);
    expect(onlyError(lighter).extensions).toMatchObject({ code: 'CONFLICT', field: 'input.supervisors' });
    expect(onlyError(lighter).message).toContain(placement.title);
    // The only supervisor left: the employer may say so, as a coordinator may (removeSupervisor); the
    // site then records none, as one that never did, and matching says so. The group placement
    // brings its own school supervisor and never leaned on the site's.
    const left = await asLink(CONFIRM, { input: { supervisors: [{ id: a.supervisor.id, remove: true }] } }, a.token);
    expect(left.errors).toBeUndefined();
    expect(await t.db.getRepository(SupervisorEntity).countBy({ siteId: a.site.id })).toBe(0);
    expect(await t.db.getRepository(PlacementEntity).countBy({ id: group.id })).toBe(1);
  });

  it("declares a site's wheelchair access again when the employer changes it or the site moves, and keeps a coach's check when it only confirms", async () => {
    const a = await listing('Drukkerij Wiersma');
    const ACCESS = `query ($id: ID!) { site(id: $id) { wheelchairAccessible wheelchairAccess { source verifiedBy { id } } } }`;
    const VERIFY = `mutation ($id: ID!, $ok: Boolean!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: $ok }) { id } }`;
    const access = async () => (await t.gql(ACCESS, { id: a.site.id }, coordinator.token)).data!.site;
    const verify = async (ok: boolean) => expect((await t.gql(VERIFY, { id: a.site.id, ok }, coordinator.token)).errors).toBeUndefined();
    const confirm = async (site: Record<string, unknown>) => {
      const res = await asLink(CONFIRM, { input: { sites: [{ id: a.site.id, name: a.site.name, ...site }] } }, a.token);
      expect(res.errors).toBeUndefined();
    };
    const checked = { source: 'VERIFIED', verifiedBy: { id: coordinator.userId } };
    const declared = { source: 'DECLARED', verifiedBy: null };

    await verify(true);
    // The same answer, a renamed street or place: the same building, still checked.
    await confirm({ wheelchairAccessible: true, street: 'Stationsplein Noord', place: 'Den Bosch' });
    expect(await access()).toEqual({ wheelchairAccessible: true, wheelchairAccess: checked });
    // The employer unticks it: its own word, declared.
    await confirm({ wheelchairAccessible: false });
    expect(await access()).toEqual({ wheelchairAccessible: false, wheelchairAccess: declared });

    // Checked again, then the site moves to another building with the same answer: what was checked was the old one.
    await verify(true);
    await confirm({ street: 'Marktstraat', houseNumber: '9', postcode: '5341 AC', place: 'Oss' });
    expect(await access()).toEqual({ wheelchairAccessible: true, wheelchairAccess: declared });
    const [entry] = await t.db.query(
      `SELECT actor_employer_link_id, before->>'wheelchair_verified_at' IS NOT NULL AS was_checked, after->>'wheelchair_verified_at' AS checked_at
         FROM audit_entry WHERE entity = 'site' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1`,
      [a.site.id],
    );
    expect(entry).toEqual({ actor_employer_link_id: a.linkId, was_checked: true, checked_at: null });
  });

  it('corrects an existing contact person in place, as its own, and leaves the others as they were', async () => {
    const a = await listing('Tegelzetter Bos');
    const contacts = t.db.getRepository(ContactPersonEntity);
    const owner = await contacts.save({ employerId: a.employer.id, name: 'Piet Bos', role: 'eigenaar', email: 'piet@bos.example' });
    const other = await contacts.save({ employerId: a.employer.id, name: 'Joke Bos', role: 'administratie', phone: '+31301234567' });
    const CONTACTS = `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer contactPersons { id name role phone email } } }`;

    // Neither a phone nor an e-mail left: refused at the field, nothing changed.
    const bare = await asLink(CONTACTS, { input: { contactPersons: [{ id: owner.id, name: 'Piet Bos' }] } }, a.token);
    expect(onlyError(bare).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.contactPersons[0].phone' });
    expect(await contacts.findOneByOrFail({ id: owner.id })).toMatchObject({ email: 'piet@bos.example', phone: null });

    const corrected = await asLink(
      CONTACTS,
      { input: { contactPersons: [{ id: owner.id, name: ' Fatima Bos ', role: 'bedrijfsleider', phone: '06 12345678', email: 'Fatima@Bos.example' }] } },
      a.token,
    );
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.confirmLinkedListing.answer).toBe('CORRECTED');
    expect(corrected.data!.confirmLinkedListing.contactPersons).toEqual([
      { id: owner.id, name: 'Fatima Bos', role: 'bedrijfsleider', phone: '+31612345678', email: 'fatima@bos.example' },
      { id: other.id, name: 'Joke Bos', role: 'administratie', phone: '+31301234567', email: null },
    ]);
    expect(await contacts.countBy({ employerId: a.employer.id })).toBe(2);
    expect((await auditOf('contact_person', owner.id)).filter((e: any) => e.action === 'UPDATE')).toEqual([
      { action: 'UPDATE', actor_user_id: null, actor_organisation_id: null, actor_employer_id: a.employer.id, actor_employer_link_id: a.linkId },
    ]);
    expect((await auditOf('contact_person', other.id)).filter((e: any) => e.action === 'UPDATE')).toEqual([]);
  });

  it("edits a supervisor in full and adds one with its training, as its own; a coach's check of the training no longer holds", async () => {
    const a = await listing('Houtbewerking Smit');
    await f.placement(a.site.id, { title: 'Medewerker werkplaats', supervisionLevel: SupportLevel.MODERATE });
    const VERIFY = `mutation ($id: ID!) { verifySupervisorTraining(id: $id, input: { trained: true, training: "Leermeestertraining SBB 2024" }) { id } }`;
    expect((await t.gql(VERIFY, { id: a.supervisor.id }, coordinator.token)).errors).toBeUndefined();
    const SUPERVISORS = `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer
      sites { supervisors { id name role trained training maxStudents intensity } } } }`;
    const edited = await asLink(
      SUPERVISORS,
      {
        input: {
          supervisors: [
            {
              id: a.supervisor.id,
              name: 'Anja Smit-de Vries',
              role: 'WORKPLACE_TRAINER',
              trained: true,
              training: 'Leermeestertraining SBB 2026',
              maxStudents: 3,
              intensity: 'INTENSIVE',
            },
            { siteId: a.site.id, name: 'Kees Smit', role: 'JOB_COACH', trained: true, training: ' Jobcoach-opleiding ', maxStudents: 1, intensity: 'LIGHT' },
          ],
        },
      },
      a.token,
    );
    expect(edited.errors).toBeUndefined();
    const [site] = edited.data!.confirmLinkedListing.sites;
    expect(edited.data!.confirmLinkedListing.answer).toBe('CORRECTED');
    expect(site.supervisors).toEqual([
      {
        id: a.supervisor.id,
        name: 'Anja Smit-de Vries',
        role: 'WORKPLACE_TRAINER',
        trained: true,
        training: 'Leermeestertraining SBB 2026',
        maxStudents: 3,
        intensity: 'INTENSIVE',
      },
      { id: expect.any(String), name: 'Kees Smit', role: 'JOB_COACH', trained: true, training: 'Jobcoach-opleiding', maxStudents: 1, intensity: 'LIGHT' },
    ]);
    // Another training than the coach saw: the employer's word, declared again.
    const stored = await t.db.getRepository(SupervisorEntity).findOneByOrFail({ id: a.supervisor.id });
    expect({ verifiedAt: stored.trainingVerifiedAt, by: stored.trainingVerifiedByUserId }).toEqual({ verifiedAt: null, by: null });
    const byLink = { actor_user_id: null, actor_organisation_id: null, actor_employer_id: a.employer.id, actor_employer_link_id: a.linkId };
    // The coach's check, then the employer's correction.
    expect((await auditOf('supervisor', a.supervisor.id)).filter((e: any) => e.action === 'UPDATE')).toEqual([
      {
        action: 'UPDATE',
        actor_user_id: coordinator.userId,
        actor_organisation_id: coordinator.organisationId,
        actor_employer_id: null,
        actor_employer_link_id: null,
      },
      { action: 'UPDATE', ...byLink },
    ]);
    expect(await auditOf('supervisor', site.supervisors[1].id)).toEqual([{ action: 'INSERT', ...byLink }]);

    // An empty training clears it.
    const cleared = await asLink(SUPERVISORS, { input: { supervisors: [{ id: site.supervisors[1].id, training: '' }] } }, a.token);
    expect(cleared.errors).toBeUndefined();
    expect((await t.db.getRepository(SupervisorEntity).findOneByOrFail({ id: site.supervisors[1].id })).training).toBeNull();
  });
});
