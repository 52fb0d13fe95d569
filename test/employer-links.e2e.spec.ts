import { EmployerStatus, InternshipStatus, LabourMarketRegion, MembershipRole, SupervisorRole, SupportLevel, addDays, todayIso } from '@stagebank/domain';
import { ContactPersonEntity, EmployerEntity, PlacementEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import request from 'supertest';
import { asEmployerLink } from '../apps/api/src/auth/request-context';
import { Clock } from '../apps/api/src/common/clock';
import { EmployerLinkService } from '../apps/api/src/employer-links/employer-link.service';
import { Factory, Member } from './support/factories';
import { GraphQLResult, TestApp, onlyError, startTestApp } from './support/test-app';

const DAY_MS = 86_400_000;

const LISTING = `{ linkedListing { employerId name status pausedUntil lastVerifiedAt schoolYear answer
  sites { id name supervisors { id name maxStudents } placements { id title seats seatsTaken } }
  contactPersons { id name phone email } hostingInterest { interest reasons byEmployer } } }`;
const CONFIRM = `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer lastVerifiedAt
  sites { name supervisors { maxStudents } placements { id seats } } contactPersons { name phone } hostingInterest { interest byEmployer } } }`;
const PAUSE = `mutation ($input: PauseLinkedListingInput!) { pauseLinkedListing(input: $input) { status pausedUntil answer hostingInterest { interest reasons byEmployer } } }`;
const CREATE = `mutation ($id: ID!, $days: Int) { createEmployerLink(employerId: $id, validDays: $days) { token link { id status path expiresAt schoolYear } } }`;

/**
 * An employer keeps its own listing current through a signed, expiring link: the token is the only
 * credential and reaches that employer's listing and nothing else.
 */
describe('employer links', () => {
  let t: TestApp;
  let f: Factory;
  let clock: Clock;
  let coordinator: Member;

  /** A GraphQL request carrying only the link (and, when given, also a bearer token). */
  async function asLink<T = Record<string, any>>(query: string, variables: Record<string, unknown>, link?: string, bearer?: string): Promise<GraphQLResult<T>> {
    const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (link !== undefined) req.set('x-stagebank-link', link);
    if (bearer) req.set('authorization', `Bearer ${bearer}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body.data ?? null, errors: res.body.errors };
  }

  async function listing(name: string, region?: LabourMarketRegion) {
    const { employer, site } = await f.employer({ name }, region ? { region } : {});
    const placement = await f.placement(site.id, { seats: 2, title: `Stage bij ${name}` });
    const supervisor = await t.db.getRepository(SupervisorEntity).save({
      siteId: site.id,
      name: 'Anja de Vries',
      role: SupervisorRole.WORK_SUPERVISOR,
      maxStudents: 2,
      intensity: SupportLevel.INTENSIVE,
    });
    const contact = await t.db
      .getRepository(ContactPersonEntity)
      .save({ employerId: employer.id, name: 'Piet Jansen', role: 'eigenaar', email: 'piet@example.test' });
    return { employer, site, placement, supervisor, contact };
  }

  async function link(employerId: string, days?: number): Promise<{ token: string; id: string; path: string }> {
    const made = await t.gql(CREATE, { id: employerId, days }, coordinator.token);
    expect(made.errors).toBeUndefined();
    const { token, link: l } = made.data!.createEmployerLink;
    return { token, id: l.id, path: l.path };
  }

  const code = (result: GraphQLResult) => onlyError(result).extensions.code;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    clock = t.app.get(Clock);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterEach(() => clock.setOffset(0));
  afterAll(() => t.close());

  it('opens exactly its own employer listing, and refuses a missing, tampered or foreign token', async () => {
    const a = await listing('Bakkerij Van Dam');
    const b = await listing('Fietsenmaker De Spaak');
    const { token, path } = await link(a.employer.id);
    expect(path).toBe(`/#/listing/${token}`);

    const seen = (await asLink(LISTING, {}, token)).data!.linkedListing;
    expect(seen).toMatchObject({ employerId: a.employer.id, name: 'Bakkerij Van Dam', answer: null });
    expect(seen.sites).toEqual([
      {
        id: a.site.id,
        name: a.site.name,
        supervisors: [{ id: a.supervisor.id, name: 'Anja de Vries', maxStudents: 2 }],
        placements: [{ id: a.placement.id, title: a.placement.title, seats: 2, seatsTaken: 0 }],
      },
    ]);
    expect(JSON.stringify(seen)).not.toContain(b.employer.id);

    expect(code(await asLink(LISTING, {}))).toBe('UNAUTHENTICATED');
    const [id, expiry, signature] = token.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(code(await asLink(LISTING, {}, `${id}.${expiry}.${flip(signature)}`))).toBe('LINK_INVALID');
    // A later expiry, signed by nobody.
    expect(code(await asLink(LISTING, {}, `${id}.${Number(expiry) + 86_400 * 365}.${signature}`))).toBe('LINK_INVALID');
    // Another employer's link id with this signature.
    const other = await link(b.employer.id);
    expect(code(await asLink(LISTING, {}, `${other.id}.${expiry}.${signature}`))).toBe('LINK_INVALID');
    expect(code(await asLink(LISTING, {}, 'not-a-token'))).toBe('LINK_INVALID');
    expect(code(await asLink(LISTING, {}, `${token}x`))).toBe('LINK_INVALID');

    // The link is no sign-in: as a bearer token it is refused, and beside no bearer it opens nothing else.
    expect(code(await asLink(`{ employers(first: 5) { edges { node { id } } } }`, {}, undefined, token))).toBe('UNAUTHENTICATED');
    expect(code(await asLink(`query ($id: ID!) { employer(id: $id) { name } }`, { id: b.employer.id }, token))).toBe('UNAUTHENTICATED');
    expect(code(await asLink(`{ notifications(first: 5) { kind } }`, {}, token))).toBe('UNAUTHENTICATED');
    expect(code(await asLink(`query ($id: ID!) { employerLinks(employerId: $id) { id path } }`, { id: a.employer.id }, token))).toBe('UNAUTHENTICATED');
    expect(code(await asLink(`{ auditLog { id } }`, {}, token))).toBe('UNAUTHENTICATED');
  });

  it("refuses another employer's ids in corrections, changing nothing, and row-level security holds the line below", async () => {
    const a = await listing('Kapsalon Knip');
    const b = await listing('Tuincentrum Groen');
    const { token } = await link(a.employer.id);
    const attempts: Array<[Record<string, unknown>, string]> = [
      [
        {
          placements: [
            { id: a.placement.id, seats: 3 },
            { id: b.placement.id, seats: 9 },
          ],
        },
        'input.placements[1].id',
      ],
      [{ sites: [{ id: b.site.id, name: 'Overgenomen' }] }, 'input.sites[0].id'],
      [{ supervisors: [{ id: b.supervisor.id, remove: true }] }, 'input.supervisors[0].id'],
      [{ supervisors: [{ siteId: b.site.id, role: 'JOB_COACH', maxStudents: 1 }] }, 'input.supervisors[0].siteId'],
      [{ contactPersons: [{ id: b.contact.id, name: 'Iemand anders' }] }, 'input.contactPersons[0].id'],
    ];
    for (const [input, field] of attempts) {
      expect(onlyError(await asLink(CONFIRM, { input }, token)).extensions).toMatchObject({ code: 'NOT_FOUND', field });
    }
    expect((await t.db.getRepository(PlacementEntity).findOneByOrFail({ id: a.placement.id })).seats).toBe(2);
    expect((await t.db.getRepository(PlacementEntity).findOneByOrFail({ id: b.placement.id })).seats).toBe(2);
    expect((await t.db.getRepository(SiteEntity).findOneByOrFail({ id: b.site.id })).name).toBe(b.site.name);
    expect(await t.db.getRepository(SupervisorEntity).countBy({ siteId: b.site.id })).toBe(1);
    expect((await t.db.getRepository(EmployerEntity).findOneByOrFail({ id: a.employer.id })).lastVerifiedAt).toBeNull();

    // Below the service: a query acting as A's link cannot change B's rows, nor see a school's students.
    const organisation = await f.organisation();
    const student = await f.student(organisation.id);
    await f.internship(b.placement.id, student.id, organisation.id, { status: InternshipStatus.ACTIVE });
    const scope = { linkId: (await link(a.employer.id)).id, employerId: a.employer.id };
    await asEmployerLink(scope, () =>
      t.db.transaction(async (tx) => {
        const [, updated] = await tx.query(`UPDATE placement SET seats = 9 WHERE id = $1`, [b.placement.id]);
        expect(updated).toBe(0);
        const [, own] = await tx.query(`UPDATE placement SET seats = 2 WHERE id = $1`, [a.placement.id]);
        expect(own).toBe(1);
        expect((await tx.query(`SELECT count(*)::int AS n FROM internship`))[0].n).toBe(0);
        expect((await tx.query(`SELECT count(*)::int AS n FROM student_profile`))[0].n).toBe(0);
      }),
    );
    await expect(
      asEmployerLink(scope, () =>
        t.db.transaction((tx) => tx.query(`INSERT INTO contact_person (employer_id, name) VALUES ($1, 'Indringer')`, [b.employer.id])),
      ),
    ).rejects.toThrow(/row-level security/);
    expect((await t.db.getRepository(PlacementEntity).findOneByOrFail({ id: b.placement.id })).seats).toBe(2);
  });

  it('applies corrections as the employer, confirms it current, and the coordinator sees them', async () => {
    const a = await listing('Supermarkt De Hoek');
    const organisation = await f.organisation();
    // One seat is taken from today for a while: seats cannot go below it.
    await f.internship(a.placement.id, (await f.student(organisation.id)).id, organisation.id, {
      status: InternshipStatus.ACTIVE,
      startDate: todayIso(),
      endDate: addDays(todayIso(), 90),
    });
    const { token, id: linkId } = await link(a.employer.id);
    expect(onlyError(await asLink(CONFIRM, { input: { placements: [{ id: a.placement.id, seats: 0 }] } }, token)).extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.placements[0].seats',
    });
    const before = Date.now();
    const confirmed = await asLink(
      CONFIRM,
      {
        input: {
          sites: [{ id: a.site.id, name: 'Supermarkt De Hoek, Centrum' }],
          placements: [{ id: a.placement.id, seats: 4 }],
          supervisors: [{ id: a.supervisor.id, maxStudents: 3 }],
          contactPersons: [{ name: 'Fatima el Amrani', role: 'bedrijfsleider', phone: '06 12345678', email: 'Fatima@DeHoek.example' }],
          hostingInterest: { interest: 'ACTIVELY_LOOKING' },
        },
      },
      token,
    );
    expect(confirmed.errors).toBeUndefined();
    const answer = confirmed.data!.confirmLinkedListing;
    expect(answer).toMatchObject({
      answer: 'CORRECTED',
      sites: [{ name: 'Supermarkt De Hoek, Centrum', supervisors: [{ maxStudents: 3 }], placements: [{ id: a.placement.id, seats: 4 }] }],
      hostingInterest: { interest: 'ACTIVELY_LOOKING', byEmployer: true },
    });
    expect(answer.contactPersons).toEqual(
      expect.arrayContaining([
        { name: 'Fatima el Amrani', phone: '+31612345678' },
        { name: 'Piet Jansen', phone: null },
      ]),
    );
    expect(new Date(answer.lastVerifiedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    // The coordinator sees the employer's own changes.
    const shown = await t.gql(
      `query ($id: ID!) { employer(id: $id) { lastVerifiedAt sites { name placements { seats } } hostingInterests { interest byEmployer } } }`,
      { id: a.employer.id },
      coordinator.token,
    );
    expect(shown.data!.employer).toMatchObject({
      lastVerifiedAt: answer.lastVerifiedAt,
      sites: [{ name: 'Supermarkt De Hoek, Centrum', placements: [{ seats: 4 }] }],
      hostingInterests: [{ interest: 'ACTIVELY_LOOKING', byEmployer: true }],
    });
    const links = await t.gql(`query ($id: ID!) { employerLinks(employerId: $id) { id status answer } }`, { id: a.employer.id }, coordinator.token);
    expect(links.data!.employerLinks).toEqual([{ id: linkId, status: 'ANSWERED', answer: 'CORRECTED' }]);

    // Recorded as the employer's own, in the audit log.
    const admin = await f.member(MembershipRole.NETWORK_ADMIN);
    const audit = await t.gql(
      `query ($id: ID!) { auditLog(entity: "placement", entityId: $id) { action actorUserId actorOrganisationId actorEmployerId actorEmployerLinkId before after } }`,
      { id: a.placement.id },
      admin.token,
    );
    const change = (audit.data!.auditLog as Array<Record<string, any>>).find((e) => e.action === 'UPDATE' && e.after.seats === 4 && e.before.seats === 2)!;
    expect(change).toMatchObject({ actorUserId: null, actorOrganisationId: null, actorEmployerId: a.employer.id, actorEmployerLinkId: linkId });
    const [{ entities }] = await t.db.query(
      `SELECT array_agg(DISTINCT entity ORDER BY entity) AS entities FROM audit_entry WHERE actor_employer_link_id = $1`,
      [linkId],
    );
    expect(entities).toEqual(['contact_person', 'employer', 'employer_hosting_interest', 'placement', 'site', 'supervisor']);

    // A link stays usable for a later correction until it expires; then it is refused.
    expect((await asLink(CONFIRM, {}, token)).data!.confirmLinkedListing.answer).toBe('CORRECTED');
    clock.setOffset(43 * DAY_MS);
    expect(code(await asLink(LISTING, {}, token))).toBe('LINK_EXPIRED');
    expect(code(await asLink(CONFIRM, {}, token))).toBe('LINK_EXPIRED');
  });

  it('refuses a revoked link, and a link replaced by a newer one', async () => {
    const a = await listing('Garage Wiel');
    const first = await link(a.employer.id);
    const second = await link(a.employer.id);
    expect(code(await asLink(LISTING, {}, first.token))).toBe('LINK_REVOKED');
    expect((await asLink(LISTING, {}, second.token)).errors).toBeUndefined();
    const revoked = await t.gql(`mutation ($id: ID!) { revokeEmployerLink(id: $id) { status path } }`, { id: second.id }, coordinator.token);
    expect(revoked.data!.revokeEmployerLink).toEqual({ status: 'REVOKED', path: null });
    expect(code(await asLink(LISTING, {}, second.token))).toBe('LINK_REVOKED');
    expect(code(await asLink(CONFIRM, {}, second.token))).toBe('LINK_REVOKED');
    expect((await t.db.getRepository(EmployerEntity).findOneByOrFail({ id: a.employer.id })).lastVerifiedAt).toBeNull();
  });

  it('pauses for "not this year, ask again in …", recording why', async () => {
    const a = await listing('Hotel De Linde');
    const { token } = await link(a.employer.id);
    const paused = await asLink(PAUSE, { input: { askAgainInMonths: 6, reasons: ['REORGANISATION'], reason: 'Verbouwing' } }, token);
    expect(paused.errors).toBeUndefined();
    expect(paused.data!.pauseLinkedListing).toMatchObject({
      status: 'PAUSED',
      answer: 'PAUSED',
      hostingInterest: { interest: 'NOT_THIS_YEAR', reasons: ['REORGANISATION'], byEmployer: true },
    });
    const employer = await t.db.getRepository(EmployerEntity).findOneByOrFail({ id: a.employer.id });
    expect(employer).toMatchObject({ status: EmployerStatus.PAUSED, statusReason: 'Verbouwing' });
    expect(employer.pausedUntil! > addDays(todayIso(), 170)).toBe(true);
    expect(employer.lastVerifiedAt).not.toBeNull();
  });

  it('runs a yearly round per region for employers nobody confirmed in a year, and reports who answered', async () => {
    const region = LabourMarketRegion.ZEELAND;
    const year = '2041-2042';
    const stale = await listing('Viskraam Zeezicht', region);
    const answering = await listing('Mosselkwekerij Oosterschelde', region);
    const fresh = await listing('Strandpaviljoen Zon', region);
    await t.db.getRepository(EmployerEntity).update(fresh.employer.id, { lastVerifiedAt: new Date() });
    const stopped = await listing('Oude Drukkerij', region);
    await t.db.getRepository(EmployerEntity).update(stopped.employer.id, { status: EmployerStatus.STOPPED, statusReason: 'gesloten' });
    const elsewhere = await listing('Bakkerij Elders');
    const rounds = t.app.get(EmployerLinkService);

    // Before 1 March the coming year's round is not due.
    expect(await rounds.dueRounds(new Date('2040-12-01T12:00:00Z'))).toBe(0);
    const { created } = await rounds.startRound(region, year, null);
    expect(created).toBeGreaterThanOrEqual(2);
    const REPORT = `query ($region: LabourMarketRegion!, $year: String) { employerLinkRound(region: $region, schoolYear: $year) {
      links answered confirmed corrected paused unanswered entries { employer { id } link { status answer path } } } }`;
    const report = async () => (await t.gql(REPORT, { region, year }, coordinator.token)).data!.employerLinkRound;
    const entry = (r: { entries: Array<{ employer: { id: string }; link: { path: string } }> }, id: string) => r.entries.find((e) => e.employer.id === id);
    const first = await report();
    expect(entry(first, stale.employer.id)).toMatchObject({ link: { status: 'OPEN', answer: null } });
    expect(entry(first, answering.employer.id)).toBeDefined();
    for (const skipped of [fresh, stopped, elsewhere]) expect(entry(first, skipped.employer.id)).toBeUndefined();
    // Starting it again adds nobody who already has a working link.
    expect((await rounds.startRound(region, year, null)).created).toBe(0);

    const token = entry(first, answering.employer.id)!.link.path.replace('/#/listing/', '');
    expect((await asLink(CONFIRM, {}, token)).data!.confirmLinkedListing.answer).toBe('CONFIRMED');
    const after = await report();
    expect(after.answered - first.answered).toBe(1);
    expect(after.confirmed - first.confirmed).toBe(1);
    expect(after.unanswered).toBe(first.unanswered - 1);
    expect(entry(after, answering.employer.id)).toMatchObject({ link: { status: 'ANSWERED', answer: 'CONFIRMED' } });
    expect(entry(after, stale.employer.id)).toMatchObject({ link: { status: 'OPEN' } });
  });
});
