import { ApiKeyScope, InternshipStatus, MembershipRole, OrganisationKind, SupervisorRole, SupportLevel, addDays, todayIso } from '@stagebank/domain';
import {
  ApiKeyEntity,
  BorisFlagEntity,
  ContactPersonEntity,
  EmployerApproachEntity,
  EmployerNoteEntity,
  PlacementEntity,
  RecognitionEntity,
  SupervisorEntity,
} from '@stagebank/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashApiKey } from '../apps/api/src/auth/authenticator';
import { Factory } from './support/factories';
import { newEmployer, newPlacement, newStudent } from './support/inputs';
import { GraphQLResult, TestApp, startTestApp } from './support/test-app';

/**
 * Every query and every mutation, tried by every kind of caller: allowed ones succeed, the rest
 * get FORBIDDEN (or NOT_FOUND where the answer must not confirm that a record exists). The
 * expected table is the permission matrix in the README. A field of the schema without a row
 * here fails the coverage tests.
 */

type Caller =
  'COORDINATOR' | 'COACH' | 'SCHOOL_ADMIN' | 'SBB_ADVISER' | 'NETWORK_ADMIN' | 'KEY_READ' | 'KEY_READ_WRITE' | 'KEY_READ_STUDENTS' | 'KEY_READ_WRITE_STUDENTS';
const CALLERS: Caller[] = [
  'COORDINATOR',
  'COACH',
  'SCHOOL_ADMIN',
  'SBB_ADVISER',
  'NETWORK_ADMIN',
  'KEY_READ',
  'KEY_READ_WRITE',
  'KEY_READ_STUDENTS',
  'KEY_READ_WRITE_STUDENTS',
];
const MEMBERS: Caller[] = ['COORDINATOR', 'COACH', 'SCHOOL_ADMIN', 'SBB_ADVISER', 'NETWORK_ADMIN'];
const KEYS: Caller[] = ['KEY_READ', 'KEY_READ_WRITE', 'KEY_READ_STUDENTS', 'KEY_READ_WRITE_STUDENTS'];
const EVERYONE: Caller[] = [...MEMBERS, ...KEYS];
const SCHOOL: Caller[] = ['COORDINATOR', 'COACH', 'SCHOOL_ADMIN'];
/** The school's keys that were granted student access (`createApiKey(studentAccess: true)`): read only. */
const STUDENT_KEYS: Caller[] = ['KEY_READ_STUDENTS', 'KEY_READ_WRITE_STUDENTS'];
const WRITE_KEYS: Caller[] = ['KEY_READ_WRITE', 'KEY_READ_WRITE_STUDENTS'];
const NETWORK_EDITORS: Caller[] = [...MEMBERS, ...WRITE_KEYS];
const ADMINS: Caller[] = ['SCHOOL_ADMIN', 'NETWORK_ADMIN'];
/** What the school wrote itself (a note, an approach): its members, its read-write keys, and network admins. */
const OWN_ORGANISATION: Caller[] = [...SCHOOL, 'NETWORK_ADMIN', ...WRITE_KEYS];
/** Members of other organisations, for whom row-level security hides the school's students. */
const OUTSIDERS: Caller[] = ['SBB_ADVISER', 'NETWORK_ADMIN'];

interface World {
  t: TestApp;
  f: Factory;
  school: string;
  adminUser: string;
  sbbUser: string;
  credentials: Record<Caller, string>;
  /** Records of the school (a student, its internship on a placement, a plan) and of the network. */
  employerId: string;
  siteId: string;
  placementId: string;
  studentId: string;
  internshipId: string;
  planId: string;
}

type Case = [string, Caller[], (w: World, as: string) => Promise<GraphQLResult>];

const employerOf = async (w: World) => (await w.f.employer()).employer.id;
const studentOf = async (w: World) => (await w.f.student(w.school)).id;
const supervisorOf = async (w: World): Promise<string> =>
  (
    await w.t.db
      .getRepository(SupervisorEntity)
      .save({ siteId: (await w.f.employer()).site.id, role: SupervisorRole.JOB_COACH, maxStudents: 1, intensity: SupportLevel.LIGHT })
  ).id;

const contactOf = async (w: World): Promise<string> =>
  (await w.t.db.getRepository(ContactPersonEntity).save({ employerId: await employerOf(w), name: 'Piet', phone: '+31612345678' })).id;

const CASES: Case[] = [
  [
    'createEmployer',
    NETWORK_EDITORS,
    (w, as) => w.t.gql(`mutation ($i: CreateEmployerInput!) { createEmployer(input: $i) { id } }`, { i: newEmployer({ kvkNumber: null }) }, as),
  ],
  [
    'updateEmployer',
    NETWORK_EDITORS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { updateEmployer(id: $id, input: { description: "Bijgewerkt" }) { id } }`, { id: await employerOf(w) }, as),
  ],
  [
    'confirmEmployerCurrent',
    NETWORK_EDITORS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { confirmEmployerCurrent(id: $id) { id } }`, { id: await employerOf(w) }, as),
  ],
  [
    'mergeEmployers',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(`mutation ($k: ID!, $m: ID!) { mergeEmployers(keepId: $k, mergeId: $m) { id } }`, { k: await employerOf(w), m: await employerOf(w) }, as),
  ],
  [
    'setEmployerStatus',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { setEmployerStatus(id: $id, input: { status: PAUSED, pausedUntil: "2099-01-01", reason: "verbouwing" }) { id } }`,
        { id: await employerOf(w) },
        as,
      ),
  ],
  [
    'addSite',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(`mutation ($id: ID!, $i: SiteInput!) { addSite(employerId: $id, input: $i) { id } }`, { id: await employerOf(w), i: newEmployer().sites[0] }, as),
  ],
  [
    'updateSite',
    NETWORK_EDITORS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { updateSite(id: $id, input: { name: "Nieuwe naam" }) { id } }`, { id: (await w.f.employer()).site.id }, as),
  ],
  [
    'removeSite',
    NETWORK_EDITORS,
    async (w, as) => {
      const { employer } = await w.f.employer();
      const extra = await w.f.site(employer.id);
      return w.t.gql(`mutation ($id: ID!) { removeSite(id: $id) }`, { id: extra.id }, as);
    },
  ],
  [
    'addSupervisor',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { addSupervisor(siteId: $id, input: { role: JOB_COACH, maxStudents: 1, intensity: LIGHT }) { id } }`,
        { id: (await w.f.employer()).site.id },
        as,
      ),
  ],
  [
    'updateSupervisor',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { updateSupervisor(id: $id, input: { role: JOB_COACH, maxStudents: 2, intensity: LIGHT }) { id } }`,
        { id: await supervisorOf(w) },
        as,
      ),
  ],
  [
    'verifyWheelchairAccess',
    MEMBERS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: true }) { id } }`,
        { id: (await w.f.employer()).site.id },
        as,
      ),
  ],
  [
    'verifySupervisorTraining',
    MEMBERS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { verifySupervisorTraining(id: $id, input: { trained: true }) { id } }`, { id: await supervisorOf(w) }, as),
  ],
  [
    'verifyAudienceSuitability',
    MEMBERS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { verifyAudienceSuitability(id: $id, input: { audiences: [PRO, VSO] }) { id } }`,
        { id: (await w.f.placement((await w.f.employer()).site.id)).id },
        as,
      ),
  ],
  ['removeSupervisor', NETWORK_EDITORS, async (w, as) => w.t.gql(`mutation ($id: ID!) { removeSupervisor(id: $id) }`, { id: await supervisorOf(w) }, as)],
  [
    'createPlacement',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(`mutation ($i: CreatePlacementInput!) { createPlacement(input: $i) { id } }`, { i: newPlacement((await w.f.employer()).site.id) }, as),
  ],
  [
    'updatePlacement',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { updatePlacement(id: $id, input: { seats: 3 }) { id } }`,
        { id: (await w.f.placement((await w.f.employer()).site.id)).id },
        as,
      ),
  ],
  [
    'reservePlacement',
    OWN_ORGANISATION,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!, $org: ID!, $until: LocalDate!) { reservePlacement(id: $id, input: { organisationId: $org, until: $until }) { id } }`,
        { id: (await w.f.placement((await w.f.employer({ createdByOrganisationId: w.school })).site.id)).id, org: w.school, until: addDays(todayIso(), 30) },
        as,
      ),
  ],
  [
    'releasePlacementReservation',
    OWN_ORGANISATION,
    async (w, as) => {
      const { id } = await w.f.placement((await w.f.employer()).site.id);
      await w.t.db.getRepository(PlacementEntity).update(id, { reservedForOrganisationId: w.school, reservedUntil: addDays(todayIso(), 30) });
      return w.t.gql(`mutation ($id: ID!) { releasePlacementReservation(id: $id) { id } }`, { id }, as);
    },
  ],
  [
    'addRecognition',
    ['SBB_ADVISER'],
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { addRecognition(employerId: $id, input: { leerbedrijfId: "100200300", creboCodes: ["25251"], validFrom: "2026-01-01" }) { id } }`,
        { id: await employerOf(w) },
        as,
      ),
  ],
  [
    'withdrawRecognition',
    ['SBB_ADVISER'],
    async (w, as) => {
      const recognition = await w.t.db
        .getRepository(RecognitionEntity)
        .save({ employerId: await employerOf(w), leerbedrijfId: '1', creboCodes: [], validFrom: '2026-01-01', setByUserId: w.sbbUser });
      return w.t.gql(`mutation ($id: ID!) { withdrawRecognition(id: $id, reason: "gestopt") { id } }`, { id: recognition.id }, as);
    },
  ],
  ['setBorisFlag', ['SBB_ADVISER'], async (w, as) => w.t.gql(`mutation ($id: ID!) { setBorisFlag(employerId: $id) { id } }`, { id: await employerOf(w) }, as)],
  [
    'clearBorisFlag',
    ['SBB_ADVISER'],
    async (w, as) => {
      const employerId = await employerOf(w);
      await w.t.db.getRepository(BorisFlagEntity).save({ employerId, setByUserId: w.sbbUser });
      return w.t.gql(`mutation ($id: ID!) { clearBorisFlag(employerId: $id) { id } }`, { id: employerId }, as);
    },
  ],
  [
    'addContactPerson',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { addContactPerson(employerId: $id, input: { name: "Piet", email: "piet@bedrijf.nl" }) { id } }`,
        { id: await employerOf(w) },
        as,
      ),
  ],
  [
    'updateContactPerson',
    NETWORK_EDITORS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { updateContactPerson(id: $id, input: { role: "HR" }) { id } }`, { id: await contactOf(w) }, as),
  ],
  ['removeContactPerson', NETWORK_EDITORS, async (w, as) => w.t.gql(`mutation ($id: ID!) { removeContactPerson(id: $id) }`, { id: await contactOf(w) }, as)],
  [
    'addEmployerNote',
    NETWORK_EDITORS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { addEmployerNote(employerId: $id, text: "Bel eerst") { id } }`, { id: await employerOf(w) }, as),
  ],
  [
    'removeEmployerNote',
    OWN_ORGANISATION,
    async (w, as) => {
      const note = await w.t.db
        .getRepository(EmployerNoteEntity)
        .save({ employerId: await employerOf(w), organisationId: w.school, userId: w.adminUser, text: 'n' });
      return w.t.gql(`mutation ($id: ID!) { removeEmployerNote(id: $id) }`, { id: note.id }, as);
    },
  ],
  [
    'recordExperience',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { recordExperience(input: { employerId: $id, supervisionQuality: 4, audienceFit: 4, wouldPlaceAgain: 4 }) { id } }`,
        { id: await employerOf(w) },
        as,
      ),
  ],
  [
    'startEmployerApproach',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { startEmployerApproach(input: { employerId: $id, purpose: "plek", until: "2099-01-01", since: "2098-12-01" }) { approach { id } } }`,
        { id: await employerOf(w) },
        as,
      ),
  ],
  [
    'endEmployerApproach',
    OWN_ORGANISATION,
    async (w, as) => {
      const approach = await w.t.db
        .getRepository(EmployerApproachEntity)
        .save({ employerId: await employerOf(w), organisationId: w.school, userId: w.adminUser, purpose: 'p', since: '2030-01-01', until: '2030-02-01' });
      return w.t.gql(`mutation ($id: ID!) { endEmployerApproach(id: $id) { id } }`, { id: approach.id }, as);
    },
  ],
  [
    'importEmployers',
    NETWORK_EDITORS,
    (w, as) =>
      w.t.gql(
        `mutation ($f: String!) { importEmployers(file: $f, dryRun: true) { rowCount } }`,
        { f: Buffer.from('naam;sectoren;straat;huisnummer;postcode;plaats\nA;Horeca;B;1;5211 AP;C').toString('base64') },
        as,
      ),
  ],
  [
    'importRecognitions',
    ['SBB_ADVISER'],
    (w, as) =>
      w.t.gql(
        `mutation ($f: String!) { importRecognitions(file: $f, dryRun: true) { rowCount } }`,
        { f: Buffer.from('kvk;leerbedrijf-id;crebo;geldig vanaf\n12345678;1;25250;2026-01-01').toString('base64') },
        as,
      ),
  ],
  ['watch', NETWORK_EDITORS, async (w, as) => w.t.gql(`mutation ($id: ID!) { watch(input: { employerId: $id }) { id } }`, { id: await employerOf(w) }, as)],
  [
    'unwatch',
    NETWORK_EDITORS,
    async (w, as) => {
      const made = await w.t.gql(`mutation ($id: ID!) { watch(input: { employerId: $id }) { id } }`, { id: await employerOf(w) }, as);
      return w.t.gql(`mutation ($id: ID!) { unwatch(id: $id) }`, { id: made.data?.watch.id ?? randomUUID() }, as);
    },
  ],
  ['markNotificationsRead', NETWORK_EDITORS, (w, as) => w.t.gql(`mutation { markNotificationsRead(ids: []) }`, {}, as)],
  ['createWebhook', ADMINS, (w, as) => w.t.gql(`mutation { createWebhook(input: { url: "https://hooks.example.org/stagebank" }) { secret } }`, {}, as)],
  [
    'setWebhookChanges',
    ADMINS,
    async (w, as) => {
      const made = await w.t.gql(`mutation { createWebhook(input: { url: "https://hooks.example.org/stagebank" }) { webhook { id } } }`, {}, as);
      return w.t.gql(
        `mutation ($id: ID!) { setWebhookChanges(input: { webhookId: $id, kinds: [PLACEMENT, SEAT] }) { id changeKinds } }`,
        {
          id: made.data?.createWebhook.webhook.id ?? randomUUID(),
        },
        as,
      );
    },
  ],
  [
    'removeWebhook',
    ADMINS,
    async (w, as) => {
      const made = await w.t.gql(`mutation { createWebhook(input: { url: "https://hooks.example.org/stagebank" }) { webhook { id } } }`, {}, as);
      return w.t.gql(`mutation ($id: ID!) { removeWebhook(id: $id) }`, { id: made.data?.createWebhook.webhook.id ?? randomUUID() }, as);
    },
  ],
  [
    'createStudentProfile',
    SCHOOL,
    (w, as) =>
      w.t.gql(
        `mutation ($i: StudentProfileInput!) { createStudentProfile(input: $i) { id } }`,
        { i: newStudent({ code: `M-${randomBytes(4).toString('hex')}` }) },
        as,
      ),
  ],
  [
    'updateStudentProfile',
    SCHOOL,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { updateStudentProfile(id: $id, input: { maxTravelKm: 12 }) { id } }`, { id: await studentOf(w) }, as),
  ],
  ['eraseStudent', ['COORDINATOR', 'SCHOOL_ADMIN'], async (w, as) => w.t.gql(`mutation ($id: ID!) { eraseStudent(id: $id) }`, { id: await studentOf(w) }, as)],
  [
    'createInternship',
    SCHOOL,
    async (w, as) =>
      w.t.gql(
        `mutation ($i: CreateInternshipInput!) { createInternship(input: $i) { id } }`,
        {
          i: {
            placementId: (await w.f.placement((await w.f.employer()).site.id)).id,
            studentId: await studentOf(w),
            startDate: '2030-01-01',
            endDate: '2030-06-30',
          },
        },
        as,
      ),
  ],
  [
    'renewInternshipHold',
    SCHOOL,
    async (w, as) => {
      const internship = await w.f.internship((await w.f.placement((await w.f.employer()).site.id)).id, await studentOf(w), w.school, {
        status: InternshipStatus.PROPOSED,
      });
      return w.t.gql(`mutation ($id: ID!) { renewInternshipHold(id: $id) { id } }`, { id: internship.id }, as);
    },
  ],
  [
    'setEmployerApproachCap',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(`mutation ($id: ID!) { setEmployerApproachCap(employerId: $id, perMonth: 4) { maxApproachesPerMonth } }`, { id: await employerOf(w) }, as),
  ],
  [
    'updateInternship',
    SCHOOL,
    async (w, as) => {
      const internship = await w.f.internship((await w.f.placement((await w.f.employer()).site.id)).id, await studentOf(w), w.school);
      return w.t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { endDate: "2030-07-31" }) { id } }`, { id: internship.id }, as);
    },
  ],
  [
    'recordEvaluation',
    SCHOOL,
    async (w, as) => {
      const internship = await w.f.internship((await w.f.placement((await w.f.employer()).site.id)).id, await studentOf(w), w.school, {
        startDate: '2025-01-01',
        endDate: '2025-06-30',
      });
      return w.t.gql(`mutation ($id: ID!) { recordEvaluation(internshipId: $id, input: { evaluatedOn: "2025-02-01" }) { id } }`, { id: internship.id }, as);
    },
  ],
  [
    'recordInternshipOutcome',
    SCHOOL,
    async (w, as) => {
      const internship = await w.f.internship((await w.f.placement((await w.f.employer()).site.id)).id, await studentOf(w), w.school, {
        status: 'COMPLETED' as never,
      });
      return w.t.gql(
        `mutation ($id: ID!) { recordInternshipOutcome(internshipId: $id, input: { destination: UNKNOWN }) { destination } }`,
        { id: internship.id },
        as,
      );
    },
  ],
  [
    'recordFollowUp',
    SCHOOL,
    async (w, as) => {
      const student = await w.f.student(w.school, { leftAt: '2025-01-01' });
      return w.t.gql(
        `mutation ($id: ID!) { recordFollowUp(studentId: $id, input: { checkedOn: "2025-06-01", situation: UNKNOWN }) { id } }`,
        { id: student.id },
        as,
      );
    },
  ],
  [
    'planCohort',
    ['COORDINATOR', 'SCHOOL_ADMIN'],
    async (w, as) =>
      w.t.gql(
        `mutation ($i: PlanCohortInput!) { planCohort(input: $i) { id } }`,
        { i: { studentIds: [await studentOf(w)], period: { from: '2031-02-01', to: '2031-03-01' } } },
        as,
      ),
  ],
  [
    'planRegionalRound',
    ['NETWORK_ADMIN'],
    (w, as) => w.t.gql(`mutation { planRegionalRound(input: { region: ACHTERHOEK, period: { from: "2031-02-01", to: "2031-03-01" } }) { id } }`, {}, as),
  ],
  [
    'acceptCohortPlan',
    ['COORDINATOR', 'SCHOOL_ADMIN'],
    async (w, as) => {
      // Only a caller who may plan has a plan of their own to accept; the others are refused before the plan is looked up.
      const plan = await w.t.gql(
        `mutation ($i: PlanCohortInput!) { planCohort(input: $i) { id } }`,
        { i: { studentIds: [await studentOf(w)], period: { from: '2031-02-01', to: '2031-03-01' } } },
        as,
      );
      return w.t.gql(`mutation ($id: ID!) { acceptCohortPlan(planId: $id) { created { id } } }`, { id: plan.data?.planCohort?.id ?? randomUUID() }, as);
    },
  ],
  ['updateMatchingWeights', ['COORDINATOR', 'SCHOOL_ADMIN'], (w, as) => w.t.gql(`mutation { updateMatchingWeights(input: { travel: 2 }) { travel } }`, {}, as)],
  [
    'createOrganisation',
    ['NETWORK_ADMIN'],
    (w, as) => w.t.gql(`mutation { createOrganisation(input: { name: "Nieuwe school", kind: PRO_SCHOOL, region: NOORDOOST_BRABANT }) { id } }`, {}, as),
  ],
  [
    'updateOrganisation',
    ADMINS,
    (w, as) => w.t.gql(`mutation ($id: ID!) { updateOrganisation(id: $id, input: { region: NOORDOOST_BRABANT }) { id } }`, { id: w.school }, as),
  ],
  [
    'addMember',
    ADMINS,
    (w, as) =>
      w.t.gql(
        `mutation ($i: AddMemberInput!) { addMember(input: $i) { id } }`,
        {
          i: { organisationId: w.school, email: `nieuw-${randomBytes(4).toString('hex')}@school.example`, displayName: 'Nieuwe coach', role: 'COACH' },
        },
        as,
      ),
  ],
  [
    'removeMember',
    ADMINS,
    async (w, as) => {
      const member = await w.f.member(MembershipRole.COACH, { id: w.school } as never);
      const [membership] = await w.t.db.query(`SELECT id FROM membership WHERE user_id = $1`, [member.userId]);
      return w.t.gql(`mutation ($id: ID!) { removeMember(membershipId: $id) }`, { id: membership.id }, as);
    },
  ],
  [
    'createApiKey',
    ADMINS,
    (w, as) => w.t.gql(`mutation ($o: ID!) { createApiKey(input: { name: "k", scope: READ, organisationId: $o }) { secret } }`, { o: w.school }, as),
  ],
  [
    'revokeApiKey',
    ADMINS,
    async (w, as) => {
      const key = await issueKey(w, ApiKeyScope.READ);
      return w.t.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.id }, as);
    },
  ],
  ['rebuildSearchIndex', ['NETWORK_ADMIN'], (w, as) => w.t.gql(`mutation { rebuildSearchIndex(index: EMPLOYERS) }`, {}, as)],
  [
    'createEmployerLink',
    NETWORK_EDITORS,
    async (w, as) => w.t.gql(`mutation ($id: ID!) { createEmployerLink(employerId: $id) { token } }`, { id: await employerOf(w) }, as),
  ],
  [
    'revokeEmployerLink',
    NETWORK_EDITORS,
    async (w, as) => {
      // Made by the school's coordinator; revoked (or refused) by the caller.
      const made = await w.t.gql(
        `mutation ($id: ID!) { createEmployerLink(employerId: $id) { link { id } } }`,
        { id: await employerOf(w) },
        w.credentials.COORDINATOR,
      );
      return w.t.gql(`mutation ($id: ID!) { revokeEmployerLink(id: $id) { id } }`, { id: made.data!.createEmployerLink.link.id }, as);
    },
  ],
  ['startEmployerLinkRound', NETWORK_EDITORS, (w, as) => w.t.gql(`mutation { startEmployerLinkRound(region: ACHTERHOEK) { region } }`, {}, as)],
  [
    'setEmployerHostingInterest',
    NETWORK_EDITORS,
    async (w, as) =>
      w.t.gql(
        `mutation ($id: ID!) { setEmployerHostingInterest(employerId: $id, input: { schoolYear: "2027-2028", interest: INTERESTED }) { interest } }`,
        { id: await employerOf(w) },
        as,
      ),
  ],
  [
    'saveStudentGroup',
    ['COORDINATOR', 'SCHOOL_ADMIN'],
    async (w, as) =>
      w.t.gql(
        `mutation ($i: SaveStudentGroupInput!) { saveStudentGroup(input: $i) { id } }`,
        { i: { name: `Groep ${randomBytes(4).toString('hex')}`, studentIds: [await studentOf(w)] } },
        as,
      ),
  ],
  [
    'deleteStudentGroup',
    ['COORDINATOR', 'SCHOOL_ADMIN'],
    async (w, as) => {
      // Only a caller who may plan has a group of their own to delete; the others are refused before it is looked up.
      const saved = await w.t.gql(
        `mutation ($i: SaveStudentGroupInput!) { saveStudentGroup(input: $i) { id } }`,
        { i: { name: `Groep ${randomBytes(4).toString('hex')}`, studentIds: [await studentOf(w)] } },
        as,
      );
      return w.t.gql(`mutation ($id: ID!) { deleteStudentGroup(id: $id) }`, { id: saved.data?.saveStudentGroup?.id ?? randomUUID() }, as);
    },
  ],
];

const q =
  (document: string, variables: (w: World) => Record<string, unknown> = () => ({})) =>
  (w: World, as: string) =>
    w.t.gql(document, variables(w), as);
const PERIOD = '{ from: "2026-01-01", to: "2030-12-31" }';

const QUERIES: Case[] = [
  ['apiKeys', ADMINS, q(`{ apiKeys { id } }`)],
  ['auditLog', ADMINS, q(`{ auditLog(first: 5) { id } }`)],
  ['borisEmployers', EVERYONE, q(`{ borisEmployers(first: 5) { totalCount } }`)],
  // Network admins read every plan (regional rounds), with none of the school's students in it.
  ['cohortPlan', [...SCHOOL, 'NETWORK_ADMIN', ...STUDENT_KEYS], q(`query ($id: ID!) { cohortPlan(id: $id) { id } }`, (w) => ({ id: w.planId }))],
  ['duplicateCandidates', EVERYONE, q(`{ duplicateCandidates(first: 5) { nameSimilarity } }`)],
  ['employer', EVERYONE, q(`query ($id: ID!) { employer(id: $id) { id name } }`, (w) => ({ id: w.employerId }))],
  ['employers', EVERYONE, q(`{ employers(first: 5) { totalCount } }`)],
  [
    'explainMatch',
    [...SCHOOL, ...STUDENT_KEYS],
    q(`query ($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { excluded } }`, (w) => ({ s: w.studentId, p: w.placementId })),
  ],
  ['exportEmployersCsv', EVERYONE, q(`{ exportEmployersCsv(filter: {}) }`)],
  ['exportPlacementsCsv', EVERYONE, q(`{ exportPlacementsCsv(filter: {}) }`)],
  // Everything about a student, for the school that keeps it: never for a key, which only reads.
  ['exportStudentData', SCHOOL, q(`query ($id: ID!) { exportStudentData(id: $id) }`, (w) => ({ id: w.studentId }))],
  ['internship', [...SCHOOL, ...STUDENT_KEYS], q(`query ($id: ID!) { internship(id: $id) { id } }`, (w) => ({ id: w.internshipId }))],
  // Other organisations' members may ask, and row-level security gives them none of the school's.
  ['internships', [...MEMBERS, ...STUDENT_KEYS], q(`{ internships(first: 5) { totalCount } }`)],
  ['labourMarketRegions', EVERYONE, q(`{ labourMarketRegions { code } }`)],
  [
    'matchPlacements',
    [...SCHOOL, ...STUDENT_KEYS],
    q(`query ($s: ID!) { matchPlacements(studentId: $s, first: 5) { totalCount } }`, (w) => ({ s: w.studentId })),
  ],
  [
    // A profile the caller sends and nobody stores: no student data is read.
    'matchPlacementsForProfile',
    EVERYONE,
    q(`query ($p: StudentProfileInput!) { matchPlacementsForProfile(profile: $p, first: 5, filter: { audience: PRO }) { totalCount } }`, () => ({
      p: newStudent(),
    })),
  ],
  ['matchStudents', [...SCHOOL, ...STUDENT_KEYS], q(`query ($p: ID!) { matchStudents(placementId: $p, first: 5) { score } }`, (w) => ({ p: w.placementId }))],
  ['matchingWeights', EVERYONE, q(`{ matchingWeights { travel } }`)],
  ['me', EVERYONE, q(`{ me { organisation { id } } }`)],
  ['myWatches', EVERYONE, q(`{ myWatches { id } }`)],
  ['notifications', EVERYONE, q(`{ notifications(first: 5, unreadOnly: false) { id } }`)],
  ['organisation', EVERYONE, q(`query ($id: ID!) { organisation(id: $id) { id name } }`, (w) => ({ id: w.school }))],
  ['organisations', EVERYONE, q(`{ organisations(first: 5) { totalCount } }`)],
  ['placement', EVERYONE, q(`query ($id: ID!) { placement(id: $id) { id title } }`, (w) => ({ id: w.placementId }))],
  ['placementStatistics', EVERYONE, q(`{ placementStatistics(scope: { kind: NETWORK }, period: ${PERIOD}, groupBy: [SECTOR]) { totals { started } } }`)],
  ['placementStatisticsCsv', EVERYONE, q(`{ placementStatisticsCsv(scope: { kind: NETWORK }, period: ${PERIOD}, groupBy: [SECTOR]) }`)],
  ['placements', EVERYONE, q(`{ placements(first: 5) { totalCount } }`)],
  ['searchEmployers', EVERYONE, q(`{ searchEmployers(query: "bedrijf", first: 5, sort: RELEVANCE) { totalCount } }`)],
  ['searchPlacements', EVERYONE, q(`{ searchPlacements(query: "stage", first: 5, sort: RELEVANCE) { totalCount } }`)],
  ['searchStatus', EVERYONE, q(`{ searchStatus { engine } }`)],
  ['sectors', EVERYONE, q(`{ sectors { code } }`)],
  ['site', EVERYONE, q(`query ($id: ID!) { site(id: $id) { id } }`, (w) => ({ id: w.siteId }))],
  ['staleEmployers', EVERYONE, q(`{ staleEmployers(first: 5, olderThanDays: 30) { totalCount } }`)],
  ['studentProfile', [...SCHOOL, ...STUDENT_KEYS], q(`query ($id: ID!) { studentProfile(id: $id) { id code } }`, (w) => ({ id: w.studentId }))],
  ['studentProfiles', [...MEMBERS, ...STUDENT_KEYS], q(`{ studentProfiles(first: 5) { totalCount } }`)],
  ['webApp', EVERYONE, q(`{ webApp { mapTilesUrl } }`)],
  ['employerLinks', NETWORK_EDITORS, q(`query ($id: ID!) { employerLinks(employerId: $id) { id } }`, (w) => ({ id: w.employerId }))],
  [
    'employerLinkRound',
    NETWORK_EDITORS,
    async (w, as) => {
      // A round to report on, started by the school's coordinator.
      await w.t.gql(`mutation { startEmployerLinkRound(region: ACHTERHOEK) { region } }`, {}, w.credentials.COORDINATOR);
      return w.t.gql(`{ employerLinkRound(region: ACHTERHOEK) { region } }`, {}, as);
    },
  ],
  ['studentGroups', ['COORDINATOR', 'SCHOOL_ADMIN'], q(`{ studentGroups { id } }`)],
  // Listed for everyone of the organisation (a watch names the webhook it feeds); made and removed by admins.
  ['webhooks', EVERYONE, q(`{ webhooks { id } }`)],
  // The change feed is the shared network (never students), for every member and every API key: an integrator's key mirrors the network with it.
  ['changes', EVERYONE, q(`{ changes(first: 5) { nodes { cursor kind operation entityId } pageInfo { endCursor hasNextPage } } }`)],
  ['changesHead', EVERYONE, q(`{ changesHead }`)],
];

/**
 * The employer's own page: its operations take no caller at all, only the link in X-Stagebank-Link
 * (test/employer-links.e2e.spec.ts). A caller's own credentials open nothing here: UNAUTHENTICATED without a link (a read-only key's mutation is FORBIDDEN at the gate first).
 */
const LINK_ONLY: Array<[string, (w: World, as: string) => Promise<{ errors?: Array<{ extensions: { code: string } }> }>]> = [
  ['linkedListing', q(`{ linkedListing { name } }`)],
  ['confirmLinkedListing', q(`mutation { confirmLinkedListing { name } }`)],
  ['pauseLinkedListing', q(`mutation { pauseLinkedListing(input: { askAgainInMonths: 6 }) { name } }`)],
];

/** Refused as if it did not exist, so the answer does not confirm another organisation's record. */
const AS_MISSING: Record<string, Caller[]> = {
  revokeApiKey: ['SBB_ADVISER'],
  // Row-level security hides the school's student, internship and plan from other organisations.
  cohortPlan: ['SBB_ADVISER'],
  explainMatch: OUTSIDERS,
  internship: OUTSIDERS,
  matchPlacements: OUTSIDERS,
  studentProfile: OUTSIDERS,
};

async function issueKey(w: World, scope: ApiKeyScope, studentAccess = false): Promise<{ id: string; secret: string }> {
  const secret = `sbk_${randomBytes(24).toString('base64url')}`;
  const key = await w.t.db.getRepository(ApiKeyEntity).save({
    organisationId: w.school,
    name: scope,
    scope,
    studentAccess,
    secretHash: hashApiKey(secret),
    prefix: secret.slice(0, 10),
    createdByUserId: w.adminUser,
  });
  return { id: key.id, secret };
}

describe('role matrix: every query and mutation × every kind of caller', () => {
  const world = {} as World;

  beforeAll(async () => {
    world.t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    world.f = new Factory(world.t);
    const school = await world.f.organisation({ kind: OrganisationKind.PRO_SCHOOL });
    const sbb = await world.f.organisation({ kind: OrganisationKind.SBB });
    const network = await world.f.organisation({ kind: OrganisationKind.OTHER });
    world.school = school.id;
    const member = (role: MembershipRole, org: { id: string }) => world.f.member(role, org as never);
    const admin = await member(MembershipRole.SCHOOL_ADMIN, school);
    const adviser = await member(MembershipRole.SBB_ADVISER, sbb);
    world.adminUser = admin.userId;
    world.sbbUser = adviser.userId;
    world.credentials = {
      COORDINATOR: (await member(MembershipRole.COORDINATOR, school)).token,
      COACH: (await member(MembershipRole.COACH, school)).token,
      SCHOOL_ADMIN: admin.token,
      SBB_ADVISER: adviser.token,
      NETWORK_ADMIN: (await member(MembershipRole.NETWORK_ADMIN, network)).token,
      KEY_READ: (await issueKey(world, ApiKeyScope.READ)).secret,
      KEY_READ_WRITE: (await issueKey(world, ApiKeyScope.READ_WRITE)).secret,
      KEY_READ_STUDENTS: (await issueKey(world, ApiKeyScope.READ, true)).secret,
      KEY_READ_WRITE_STUDENTS: (await issueKey(world, ApiKeyScope.READ_WRITE, true)).secret,
    };
    const { employer, site } = await world.f.employer();
    const placement = await world.f.placement(site.id);
    const student = await world.f.student(school.id);
    world.employerId = employer.id;
    world.siteId = site.id;
    world.placementId = placement.id;
    world.studentId = student.id;
    world.internshipId = (await world.f.internship(placement.id, student.id, school.id)).id;
    const plan = await world.t.gql(
      `mutation ($i: PlanCohortInput!) { planCohort(input: $i) { id } }`,
      { i: { studentIds: [student.id], period: { from: '2031-02-01', to: '2031-03-01' } } },
      world.credentials.COORDINATOR,
    );
    world.planId = plan.data!.planCohort.id;
  });
  afterAll(() => world.t.close());

  it('covers every mutation in the schema', async () => {
    const { data } = await world.t.gql(`{ __schema { mutationType { fields { name } } } }`, {}, world.credentials.COORDINATOR);
    const names = data!.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort();
    expect([...CASES, ...LINK_ONLY.filter(([name]) => name !== 'linkedListing')].map(([name]) => name).sort()).toEqual(names);
  });

  it('covers every query in the schema', async () => {
    const { data } = await world.t.gql(`{ __schema { queryType { fields { name } } } }`, {}, world.credentials.COORDINATOR);
    const names = data!.__schema.queryType.fields.map((f: { name: string }) => f.name).sort();
    expect([...QUERIES, ...LINK_ONLY.filter(([name]) => name === 'linkedListing')].map(([name]) => name).sort()).toEqual(names);
  });

  describe.each(LINK_ONLY)('%s (the link is the only credential)', (name, run) => {
    it.each(CALLERS)('by %s without a link', async (caller) => {
      const result = (await run(world, world.credentials[caller])) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> };
      // Refused, with nothing in the answer: a read-only key's mutation already at the gate (FORBIDDEN).
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.map((e) => e.extensions.code)).toEqual([
        caller.startsWith('KEY_READ') && !caller.startsWith('KEY_READ_WRITE') && name !== 'linkedListing' ? 'FORBIDDEN' : 'UNAUTHENTICATED',
      ]);
    });
  });

  describe.each([...QUERIES, ...CASES])('%s', (name, allowed, run) => {
    it.each(CALLERS)('by %s', async (caller) => {
      const result = await run(world, world.credentials[caller]);
      if (allowed.includes(caller)) {
        expect(result.errors).toBeUndefined();
      } else {
        expect(result.errors?.map((e) => e.extensions.code)).toEqual([AS_MISSING[name]?.includes(caller) ? 'NOT_FOUND' : 'FORBIDDEN']);
      }
    });
  });
});
