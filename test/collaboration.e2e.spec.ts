import { MembershipRole, OrganisationKind } from '@stagebank/domain';
import { ContactPersonEntity, EmployerApproachEntity, EmployerNoteEntity, ExperienceEntity } from '@stagebank/persistence';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/** Working together on employers: contacts, notes, experiences (and matching), approaches, regions. Fixtures on Schiermonnikoog. */
const SCHIER = { latitude: 53.4811, longitude: 6.1606 };
const schier = (house: string) => ({
  place: 'Schiermonnikoog',
  postcode: '9166 LA',
  houseNumber: house,
  location: { type: 'Point' as const, coordinates: [SCHIER.longitude, SCHIER.latitude] },
});

describe('working together on employers', () => {
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

  describe('contact persons', () => {
    const ADD = `mutation ($e: ID!, $input: ContactPersonInput!) { addContactPerson(employerId: $e, input: $input) { id siteId name role phone email } }`;

    it('adds, lists, updates and removes a contact, normalising phone and e-mail', async () => {
      const { employer, site } = await f.employer({ name: 'Hotel Van der Werff' }, schier('2'));
      const added = await t.gql(
        ADD,
        { e: employer.id, input: { name: 'Jan de Vries', role: 'bedrijfsleider', phone: '06-12345678', email: 'Jan@VanDerWerff.NL', siteId: site.id } },
        school.token,
      );
      expect(added.errors).toBeUndefined();
      expect(added.data!.addContactPerson).toMatchObject({
        name: 'Jan de Vries',
        role: 'bedrijfsleider',
        phone: '+31612345678',
        email: 'jan@vanderwerff.nl',
        siteId: site.id,
      });
      const id = added.data!.addContactPerson.id;

      const updated = await t.gql(
        `mutation ($id: ID!) { updateContactPerson(id: $id, input: { phone: "0519 531 203" }) { phone email } }`,
        { id },
        otherSchool.token,
      );
      expect(updated.data!.updateContactPerson).toEqual({ phone: '+31519531203', email: 'jan@vanderwerff.nl' });
      const listed = await t.gql(`query ($id: ID!) { employer(id: $id) { contactPersons { id name phone } } }`, { id: employer.id }, otherSchool.token);
      expect(listed.data!.employer.contactPersons).toEqual([{ id, name: 'Jan de Vries', phone: '+31519531203' }]);

      expect((await t.gql(`mutation ($id: ID!) { removeContactPerson(id: $id) }`, { id }, school.token)).data!.removeContactPerson).toBe(true);
      expect(await t.db.getRepository(ContactPersonEntity).countBy({ id })).toBe(0);
    });

    it("refuses bad phone numbers and e-mail addresses, no way to reach someone, and another employer's site, writing nothing", async () => {
      const { employer } = await f.employer({ name: 'Fietsverhuur Schier' }, schier('4'));
      const { site: foreignSite } = await f.employer({ name: 'Strandtent De Marlijn' }, schier('6'));
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ name: 'A', phone: '12' }, 'BAD_USER_INPUT', 'input.phone'],
        [{ name: 'A', email: 'not-an-address' }, 'BAD_USER_INPUT', 'input.email'],
        [{ name: 'A' }, 'BAD_USER_INPUT', 'phone'],
        [{ name: '', email: 'a@b.nl' }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: 'A', email: 'a@b.nl', siteId: foreignSite.id }, 'BAD_USER_INPUT', 'siteId'],
      ];
      for (const [input, code, field] of cases) {
        expect(onlyError(await t.gql(ADD, { e: employer.id, input }, school.token)).extensions).toMatchObject({ code, field });
      }
      expect(
        onlyError(await t.gql(ADD, { e: '00000000-0000-4000-8000-000000000000', input: { name: 'A', email: 'a@b.nl' } }, school.token)).extensions,
      ).toMatchObject({
        code: 'NOT_FOUND',
        field: 'employerId',
      });
      expect(await t.db.getRepository(ContactPersonEntity).countBy({ employerId: employer.id })).toBe(0);
    });
  });

  describe('notes', () => {
    it('are shared with their author, newest first, and removed only by their own organisation', async () => {
      const { employer } = await f.employer({ name: 'Bakkerij Schier' }, schier('8'));
      const ADD = `mutation ($e: ID!, $text: String!) { addEmployerNote(employerId: $e, text: $text) { id text author { organisationId organisationName userId userName } } }`;
      const first = (await t.gql(ADD, { e: employer.id, text: 'Bel na 14.00 uur, dan is de bakker klaar.' }, school.token)).data!.addEmployerNote;
      const second = (await t.gql(ADD, { e: employer.id, text: '  Zomer is druk: geen nieuwe stagiairs in juli.  ' }, otherSchool.token)).data!.addEmployerNote;
      expect(first.author).toMatchObject({ organisationId: school.organisationId, userId: school.userId });
      expect(first.author.organisationName).toMatch(/^Test organisation/);
      expect(first.author.userName).toMatch(/^Test user/);
      expect(second.text).toBe('Zomer is druk: geen nieuwe stagiairs in juli.');

      const notes = (await t.gql(`query ($id: ID!) { employer(id: $id) { notes { id } } }`, { id: employer.id }, school.token)).data!.employer.notes;
      expect(notes.map((n: { id: string }) => n.id)).toEqual([second.id, first.id]);

      const REMOVE = `mutation ($id: ID!) { removeEmployerNote(id: $id) }`;
      expect(onlyError(await t.gql(REMOVE, { id: first.id }, otherSchool.token)).extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect((await t.gql(REMOVE, { id: first.id }, school.token)).data!.removeEmployerNote).toBe(true);
      expect(await t.db.getRepository(EmployerNoteEntity).countBy({ employerId: employer.id })).toBe(1);
      expect(onlyError(await t.gql(ADD, { e: employer.id, text: '   ' }, school.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    });
  });

  describe('experiences', () => {
    const RECORD = `mutation ($input: ExperienceInput!) { recordExperience(input: $input) { id internshipId supervisionQuality audienceFit wouldPlaceAgain author { organisationId } } }`;

    it('are recorded per internship, averaged per employer, and hide the internship from other schools', async () => {
      const { employer, site } = await f.employer({ name: 'Zorgboerderij De Kwelder' }, schier('10'));
      const placement = await f.placement(site.id, { seats: 3 });
      const student = await f.student(school.organisationId);
      const internship = await f.internship(placement.id, student.id, school.organisationId);
      const input = {
        employerId: employer.id,
        internshipId: internship.id,
        supervisionQuality: 5,
        audienceFit: 4,
        wouldPlaceAgain: 5,
        text: 'Geduldige begeleider.',
      };
      const recorded = await t.gql(RECORD, { input }, school.token);
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data!.recordExperience).toMatchObject({ internshipId: internship.id, supervisionQuality: 5, audienceFit: 4, wouldPlaceAgain: 5 });
      expect(
        (await t.gql(RECORD, { input: { employerId: employer.id, supervisionQuality: 2, audienceFit: 3, wouldPlaceAgain: 2 } }, otherSchool.token)).errors,
      ).toBeUndefined();

      const VIEW = `query ($id: ID!) { employer(id: $id) { experienceSummary { count supervisionQuality audienceFit wouldPlaceAgain overall } experiences { internshipId author { organisationId } } } }`;
      const seenByOther = (await t.gql(VIEW, { id: employer.id }, otherSchool.token)).data!.employer;
      // (5+2)/2 = 3.5, (4+3)/2 = 3.5, (5+2)/2 = 3.5; overall 3.5
      expect(seenByOther.experienceSummary).toEqual({ count: 2, supervisionQuality: 3.5, audienceFit: 3.5, wouldPlaceAgain: 3.5, overall: 3.5 });
      expect(seenByOther.experiences.map((e: { internshipId: string | null }) => e.internshipId)).toEqual([null, null]);
      const seenBySchool = (await t.gql(VIEW, { id: employer.id }, school.token)).data!.employer;
      expect(seenBySchool.experiences.find((e: any) => e.author.organisationId === school.organisationId).internshipId).toBe(internship.id);
    });

    it("refuses a second experience for one internship, another school's internship, another employer's internship and scores outside 1–5", async () => {
      const { employer, site } = await f.employer({ name: 'Camping Seedune' }, schier('12'));
      const { employer: elsewhere } = await f.employer({ name: 'Veerdienst Schier' }, schier('14'));
      const placement = await f.placement(site.id, { seats: 3 });
      const mine = await f.internship(placement.id, (await f.student(school.organisationId)).id, school.organisationId);
      const theirs = await f.internship(placement.id, (await f.student(otherSchool.organisationId)).id, otherSchool.organisationId);
      const base = { employerId: employer.id, supervisionQuality: 4, audienceFit: 4, wouldPlaceAgain: 4 };
      expect((await t.gql(RECORD, { input: { ...base, internshipId: mine.id } }, school.token)).errors).toBeUndefined();
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ ...base, internshipId: mine.id }, 'CONFLICT', 'internshipId'],
        [{ ...base, internshipId: theirs.id }, 'NOT_FOUND', 'internshipId'],
        [
          {
            ...base,
            employerId: elsewhere.id,
            internshipId: (await f.internship(placement.id, (await f.student(school.organisationId)).id, school.organisationId)).id,
          },
          'BAD_USER_INPUT',
          'internshipId',
        ],
        [{ ...base, supervisionQuality: 6 }, 'BAD_USER_INPUT', 'input.supervisionQuality'],
        [{ ...base, wouldPlaceAgain: 0 }, 'BAD_USER_INPUT', 'input.wouldPlaceAgain'],
      ];
      for (const [input, code, field] of cases) {
        expect(onlyError(await t.gql(RECORD, { input }, school.token)).extensions).toMatchObject({ code, field });
      }
      expect(await t.db.getRepository(ExperienceEntity).countBy({ employerId: employer.id })).toBe(1);
      expect(await t.db.getRepository(ExperienceEntity).countBy({ employerId: elsewhere.id })).toBe(0);
    });

    it('count in matching: the EXPERIENCE criterion follows the average of schools of the same audience, from 3 on', async () => {
      const { employer, site } = await f.employer({ name: `Kringloop De Tweede Kans ${Date.now()}` });
      const placement = await f.placement(site.id);
      const student = await f.student(school.organisationId);
      const EXPLAIN = `query ($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { excluded match { breakdown { criterion raw explanationEn } } } }`;
      const experienceLine = async () => {
        const res = await t.gql(EXPLAIN, { s: student.id, p: placement.id }, school.token);
        expect(res.data!.explainMatch.excluded).toBe(false);
        return res.data!.explainMatch.match.breakdown.find((l: { criterion: string }) => l.criterion === 'EXPERIENCE');
      };
      const rate = (score: number, token: string) =>
        t.gql(RECORD, { input: { employerId: employer.id, supervisionQuality: score, audienceFit: score, wouldPlaceAgain: score } }, token);
      expect(await experienceLine()).toMatchObject({ raw: 0.5, explanationEn: 'No experiences from schools yet.' });
      // One from this PrO school and one from a VSO school: too few about students like this one, so neutral.
      await rate(5, school.token);
      await rate(1, otherSchool.token);
      expect(await experienceLine()).toMatchObject({
        raw: 0.5,
        explanationEn:
          'Too few experiences from schools about PrO students needing light support yet: 1 experience, at least 3 needed; counts as neutral. 1 experience with other students does not count.',
      });
      // Two more PrO schools: the mean of the three (5, 4, 3 → 4 of 5 → (4 − 1) / 4 = 0.75), the VSO one left out.
      await rate(4, (await f.member(MembershipRole.COORDINATOR)).token);
      await rate(3, (await f.member(MembershipRole.COORDINATOR)).token);
      expect(await experienceLine()).toMatchObject({
        raw: 0.75,
        explanationEn:
          'On average 4 of 5 from 3 experiences of schools about PrO students needing light support. 1 experience with other students does not count.',
      });
    });
  });

  describe('approaching an employer', () => {
    const START = `mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) {
      approach { id since until author { organisationId userName } } warnings { code message approach { id author { organisationId organisationName userName } } } } }`;

    it('warns a second coach, naming who is already in contact; not outside the window or after the first is done', async () => {
      const { employer } = await f.employer({ name: 'Supermarkt Schier' }, schier('16'));
      const first = await t.gql(
        START,
        { input: { employerId: employer.id, purpose: 'Plek voor een leerling vakkenvullen', since: '2031-03-01', until: '2031-03-31' } },
        school.token,
      );
      expect(first.data!.startEmployerApproach.warnings).toEqual([]);
      const firstId = first.data!.startEmployerApproach.approach.id;
      const firstCoach = first.data!.startEmployerApproach.approach.author.userName;

      const second = await t.gql(
        START,
        { input: { employerId: employer.id, purpose: 'Werkervaringsplek', since: '2031-03-20', until: '2031-04-10' } },
        otherSchool.token,
      );
      const [warning] = second.data!.startEmployerApproach.warnings;
      expect(second.data!.startEmployerApproach.warnings).toHaveLength(1);
      expect(warning.code).toBe('ALREADY_IN_CONTACT');
      expect(warning.approach).toMatchObject({ id: firstId, author: { organisationId: school.organisationId, userName: firstCoach } });
      expect(warning.message).toContain(firstCoach);
      expect(warning.message).toContain(warning.approach.author.organisationName);
      expect(warning.message).toContain('2031-03-31');

      const later = await t.gql(START, { input: { employerId: employer.id, purpose: 'Nazorg', since: '2031-05-01', until: '2031-05-15' } }, otherSchool.token);
      expect(later.data!.startEmployerApproach.warnings).toEqual([]);

      const END = `mutation ($id: ID!) { endEmployerApproach(id: $id) { endedAt } }`;
      expect(onlyError(await t.gql(END, { id: firstId }, otherSchool.token)).extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect((await t.gql(END, { id: firstId }, school.token)).data!.endEmployerApproach.endedAt).not.toBeNull();
      const third = await t.gql(
        START,
        { input: { employerId: employer.id, purpose: 'Stage keuken', since: '2031-03-10', until: '2031-03-15' } },
        await f.member(MembershipRole.COORDINATOR).then((m) => m.token),
      );
      expect(third.data!.startEmployerApproach.warnings).toEqual([]);

      const current = (await t.gql(`query ($id: ID!) { employer(id: $id) { currentApproaches { purpose } } }`, { id: employer.id }, school.token)).data!
        .employer.currentApproaches;
      expect(current.map((a: { purpose: string }) => a.purpose)).toEqual(['Stage keuken', 'Werkervaringsplek', 'Nazorg']);
    });

    it('refuses a period that ends before it starts or lasts over 180 days, writing nothing', async () => {
      const { employer } = await f.employer({ name: 'Apotheek Schier' }, schier('18'));
      for (const [since, until] of [
        ['2031-03-10', '2031-03-01'],
        ['2031-01-01', '2031-07-01'],
      ]) {
        expect(onlyError(await t.gql(START, { input: { employerId: employer.id, purpose: 'x', since, until } }, school.token)).extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'until',
        });
      }
      expect(await t.db.getRepository(EmployerApproachEntity).countBy({ employerId: employer.id })).toBe(0);
    });
  });

  describe('regions', () => {
    it("derive a site's region from its postcode, unless set, and filter the stale list and the Boris list by it", async () => {
      const CREATE = `mutation ($input: CreateEmployerInput!) { createEmployer(input: $input) { id sites { id region } } }`;
      const siteInput = (postcode: string, region?: string) => ({
        name: 'Hoofdvestiging',
        street: 'Reeweg',
        houseNumber: '1',
        postcode,
        place: 'Schiermonnikoog',
        location: SCHIER,
        ...(region && { region }),
      });
      const employerInput = (name: string, site: object) => ({ name, kind: 'REGULAR', sizeClass: 'SMALL', sectors: ['HOSPITALITY'], sites: [site] });
      const derived = (await t.gql(CREATE, { input: employerInput(`Hotel Noderstraun ${Date.now()}`, siteInput('9166 LA')) }, school.token)).data!
        .createEmployer;
      expect(derived.sites[0].region).toBe('FRIESLAND');
      const chosen = (await t.gql(CREATE, { input: employerInput(`Wadlopen Noord ${Date.now()}`, siteInput('9166LB', 'GRONINGEN')) }, school.token)).data!
        .createEmployer;
      expect(chosen.sites[0].region).toBe('GRONINGEN');
      const moved = await t.gql(
        `mutation ($id: ID!) { updateSite(id: $id, input: { postcode: "4331 AA" }) { region postcode } }`,
        { id: derived.sites[0].id },
        school.token,
      );
      expect(moved.data!.updateSite).toEqual({ region: 'ZEELAND', postcode: '4331 AA' });

      // New employers count as just confirmed; these two were last confirmed two days ago.
      await t.db.query(`UPDATE employer SET last_verified_at = now() - interval '2 days' WHERE id = ANY($1)`, [[derived.id, chosen.id]]);
      const STALE = `query ($region: LabourMarketRegion) { staleEmployers(olderThanDays: 1, region: $region, first: 100) { edges { node { id } } } }`;
      const staleIn = async (region: string) => (await t.gql(STALE, { region }, school.token)).data!.staleEmployers.edges.map((e: any) => e.node.id);
      expect(await staleIn('GRONINGEN')).toContain(chosen.id);
      expect(await staleIn('GRONINGEN')).not.toContain(derived.id);
      expect(await staleIn('ZEELAND')).toContain(derived.id);

      const adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: OrganisationKind.SBB }));
      await t.gql(`mutation ($e: ID!) { setBorisFlag(employerId: $e) { id } }`, { e: chosen.id }, adviser.token);
      const BORIS = `query ($region: LabourMarketRegion) { borisEmployers(region: $region, first: 100) { edges { node { id } } } }`;
      const borisIn = async (region?: string) => (await t.gql(BORIS, { region }, adviser.token)).data!.borisEmployers.edges.map((e: any) => e.node.id);
      expect(await borisIn('GRONINGEN')).toContain(chosen.id);
      expect(await borisIn('ZEELAND')).not.toContain(chosen.id);
      expect(await borisIn()).toContain(chosen.id);
      expect(onlyError(await t.gql(BORIS, { region: 'ATLANTIS' }, adviser.token)).extensions.code).toBe('BAD_USER_INPUT');
    });
  });
});
