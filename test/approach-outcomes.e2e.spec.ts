import { ApproachOutcome, LabourMarketRegion, MembershipRole, addDays, addMonths, todayIso } from '@stagebank/domain';
import { EmployerApproachEntity } from '@stagebank/persistence';
import request from 'supertest';
import { Factory, Member } from './support/factories';
import { GraphQLResult, TestApp, onlyError, startTestApp } from './support/test-app';

/** Approaches that end with an outcome, the signals coordinators see from them, and the employer's monthly cap. */
describe('approach outcomes', () => {
  let t: TestApp;
  let f: Factory;
  let coach: Member;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    coach = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  const START = `mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { approach { id } warnings { code message approach { id } } } }`;
  const END = `mutation ($id: ID!, $outcome: ApproachOutcomeInput) { endEmployerApproach(id: $id, outcome: $outcome) { endedAt outcome busyUntil outcomeNote } }`;
  const SIGNALS = `query ($id: ID!) { employer(id: $id) { approachSignals { unansweredInSixMonths doesNotRespond pauseSuggestion { until reason } maxApproachesPerMonth approachesThisMonth } } }`;
  const start = (employerId: string, member = coach) =>
    t.gql(START, { input: { employerId, purpose: 'plek voor een leerling', until: addDays(todayIso(), 14) } }, member.token);
  const signals = async (employerId: string) => (await t.gql(SIGNALS, { id: employerId }, coach.token)).data!.employer.approachSignals;

  it('records outcomes; three unanswered approaches in six months flag the employer, a busy period proposes a pause', async () => {
    const { employer } = await f.employer({ name: 'Tuincentrum De Wilg' });
    for (let i = 0; i < 3; i++) {
      const id = (await start(employer.id)).data!.startEmployerApproach.approach.id;
      const ended = await t.gql(END, { id, outcome: { outcome: 'NO_ANSWER' } }, coach.token);
      expect(ended.data!.endEmployerApproach).toMatchObject({ outcome: 'NO_ANSWER', busyUntil: null });
      expect(ended.data!.endEmployerApproach.endedAt).not.toBeNull();
      if (i === 1) expect(await signals(employer.id)).toMatchObject({ unansweredInSixMonths: 2, doesNotRespond: false });
    }
    expect(await signals(employer.id)).toMatchObject({ unansweredInSixMonths: 3, doesNotRespond: true, pauseSuggestion: null });

    const busyUntil = addDays(todayIso(), 60);
    const id = (await start(employer.id)).data!.startEmployerApproach.approach.id;
    const busy = await t.gql(END, { id, outcome: { outcome: 'BUSY_UNTIL', busyUntil, note: 'drukte rond de verbouwing' } }, coach.token);
    expect(busy.data!.endEmployerApproach).toMatchObject({ outcome: 'BUSY_UNTIL', busyUntil, outcomeNote: 'drukte rond de verbouwing' });
    const { pauseSuggestion } = await signals(employer.id);
    expect(pauseSuggestion.until).toBe(busyUntil);
    expect(pauseSuggestion.reason).toContain('drukte rond de verbouwing');
  });

  it('refuses an outcome that does not add up, changing nothing', async () => {
    const { employer } = await f.employer();
    const id = (await start(employer.id)).data!.startEmployerApproach.approach.id;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ outcome: 'BUSY_UNTIL' }, 'outcome.busyUntil'],
      [{ outcome: 'BUSY_UNTIL', busyUntil: todayIso() }, 'outcome.busyUntil'],
      [{ outcome: 'NO_ANSWER', busyUntil: addDays(todayIso(), 5) }, 'outcome.busyUntil'],
      [{ outcome: 'OTHER' }, 'outcome.note'],
    ];
    for (const [outcome, field] of cases) {
      expect(onlyError(await t.gql(END, { id, outcome }, coach.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(onlyError(await t.gql(END, { id, outcome: { outcome: 'MAYBE' } }, coach.token)).extensions.code).toBe('BAD_USER_INPUT');
    const row = await t.db.getRepository(EmployerApproachEntity).findOneByOrFail({ id });
    expect(row).toMatchObject({ endedAt: null, outcome: null, busyUntil: null });
    // Another school's coach may not end it.
    const other = await f.member(MembershipRole.COORDINATOR);
    expect(onlyError(await t.gql(END, { id, outcome: { outcome: 'NO_ANSWER' } }, other.token)).extensions.code).toBe('FORBIDDEN');
  });

  it("warns a coach who approaches beyond the employer's monthly cap, naming it", async () => {
    const { employer } = await f.employer({ name: 'Bakkerij Van Dam' });
    const cap = await t.gql(
      `mutation ($id: ID!) { setEmployerApproachCap(employerId: $id, perMonth: 2) { maxApproachesPerMonth } }`,
      { id: employer.id },
      coach.token,
    );
    expect(cap.data!.setEmployerApproachCap.maxApproachesPerMonth).toBe(2);
    expect(
      onlyError(
        await t.gql(`mutation ($id: ID!) { setEmployerApproachCap(employerId: $id, perMonth: 0) { maxApproachesPerMonth } }`, { id: employer.id }, coach.token),
      ).extensions.code,
    ).toBe('BAD_USER_INPUT');

    const others = [await f.member(MembershipRole.COORDINATOR), await f.member(MembershipRole.COORDINATOR)];
    expect((await start(employer.id, others[0])).data!.startEmployerApproach.warnings).toEqual([]);
    const second = (await start(employer.id, others[1])).data!.startEmployerApproach.warnings;
    expect(second.map((w: { code: string }) => w.code)).toEqual(['ALREADY_IN_CONTACT']);
    const third = (await start(employer.id)).data!.startEmployerApproach.warnings;
    const capWarning = third.find((w: { code: string }) => w.code === 'APPROACH_CAP_EXCEEDED');
    expect(capWarning.message).toContain('at most 2 approaches a month');
    expect(capWarning.approach).toBeNull();
    expect(await signals(employer.id)).toMatchObject({ maxApproachesPerMonth: 2, approachesThisMonth: 3 });
  });

  it('counts only approaches that started in the last six months toward "does not respond"', async () => {
    const { employer } = await f.employer({ name: 'Garage Het Anker' });
    const unanswered = (since: string) =>
      t.db.getRepository(EmployerApproachEntity).save({
        employerId: employer.id,
        organisationId: coach.organisationId,
        userId: coach.userId,
        purpose: 'plek voor een leerling',
        since,
        until: addDays(since, 14),
        endedAt: new Date(`${addDays(since, 14)}T12:00:00Z`),
        outcome: ApproachOutcome.NO_ANSWER,
      });
    const today = todayIso();
    // Two in the window (one just inside it), and one that started seven months ago.
    await unanswered(addDays(today, -20));
    await unanswered(addDays(addMonths(today, -6), 1));
    await unanswered(addMonths(today, -7));
    expect(await signals(employer.id)).toMatchObject({ unansweredInSixMonths: 2, doesNotRespond: false });
    // A third recent one tips it.
    const id = (await start(employer.id)).data!.startEmployerApproach.approach.id;
    await t.gql(END, { id, outcome: { outcome: 'NO_ANSWER' } }, coach.token);
    expect(await signals(employer.id)).toMatchObject({ unansweredInSixMonths: 3, doesNotRespond: true });
  });

  it("lets the employer set its own cap through its link, recorded as the employer's own", async () => {
    const { employer } = await f.employer({ name: 'Drukkerij De Letter' });
    const made = await t.gql(`mutation ($id: ID!) { createEmployerLink(employerId: $id) { token link { id } } }`, { id: employer.id }, coach.token);
    const { token, link } = made.data!.createEmployerLink;
    const asLink = async (query: string, variables: Record<string, unknown>): Promise<GraphQLResult> => {
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-stagebank-link', token)
        .send({ query, variables });
      return { status: res.status, data: res.body.data ?? null, errors: res.body.errors };
    };
    const CONFIRM = `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer maxApproachesPerMonth } }`;

    expect((await asLink(`{ linkedListing { maxApproachesPerMonth } }`, {})).data!.linkedListing.maxApproachesPerMonth).toBeNull();
    expect(onlyError(await asLink(CONFIRM, { input: { maxApproachesPerMonth: 0 } })).extensions.code).toBe('BAD_USER_INPUT');
    const set = await asLink(CONFIRM, { input: { maxApproachesPerMonth: 1 } });
    expect(set.data!.confirmLinkedListing).toEqual({ answer: 'CORRECTED', maxApproachesPerMonth: 1 });
    // Leaving it out keeps it.
    expect((await asLink(CONFIRM, { input: {} })).data!.confirmLinkedListing.maxApproachesPerMonth).toBe(1);
    expect(await signals(employer.id)).toMatchObject({ maxApproachesPerMonth: 1 });

    // Coaches are warned from the second approach this month.
    expect((await start(employer.id)).data!.startEmployerApproach.warnings).toEqual([]);
    const other = await f.member(MembershipRole.COORDINATOR);
    const warned = (await start(employer.id, other)).data!.startEmployerApproach.warnings.map((w: { code: string }) => w.code);
    expect(warned).toContain('APPROACH_CAP_EXCEEDED');

    // The audit log shows the employer (through its link) as the one who set it.
    const admin = await f.member(MembershipRole.NETWORK_ADMIN);
    const audit = await t.gql(
      `query ($id: ID!) { auditLog(entity: "employer", entityId: $id) { action actorUserId actorOrganisationId actorEmployerId actorEmployerLinkId before after } }`,
      { id: employer.id },
      admin.token,
    );
    const entries = audit.data!.auditLog as Array<Record<string, any>>;
    const change = entries.find((e) => e.action === 'UPDATE' && e.after.max_approaches_per_month === 1 && e.before.max_approaches_per_month === null);
    expect(change).toMatchObject({ actorUserId: null, actorOrganisationId: null, actorEmployerId: employer.id, actorEmployerLinkId: link.id });

    // Null removes the cap.
    expect((await asLink(CONFIRM, { input: { maxApproachesPerMonth: null } })).data!.confirmLinkedListing.maxApproachesPerMonth).toBeNull();
    expect(await signals(employer.id)).toMatchObject({ maxApproachesPerMonth: null });
  });

  it('counts ended approaches by outcome in the statistics, for the organisation, a region and the network', async () => {
    const today = todayIso();
    const REPORT = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!) { placementStatistics(scope: $scope, period: $period) { approachOutcomes { label count } } }`;
    const REGION = LabourMarketRegion.ZUID_LIMBURG;
    const counts = async (member: Member, scope: Record<string, unknown>, period = { from: today, to: today }) => {
      const result = await t.gql(REPORT, { scope, period }, member.token);
      expect(result.errors).toBeUndefined();
      return Object.fromEntries(
        (result.data!.placementStatistics.approachOutcomes as Array<{ label: string; count: number }>).map((c) => [c.label, c.count]),
      ) as Record<string, number>;
    };
    const school = await f.member(MembershipRole.COORDINATOR);
    const other = await f.member(MembershipRole.COORDINATOR);
    const network0 = await counts(school, { kind: 'NETWORK' });
    const region0 = await counts(school, { kind: 'REGION', region: REGION });

    const { employer: near } = await f.employer({}, { region: REGION });
    const { employer: far } = await f.employer({}, { region: LabourMarketRegion.GRONINGEN });
    const end = async (member: Member, employerId: string, outcome?: Record<string, unknown>) => {
      const id = (await start(employerId, member)).data!.startEmployerApproach.approach.id;
      const ended = await t.gql(END, { id, outcome }, member.token);
      expect(ended.errors).toBeUndefined();
      return id as string;
    };
    await end(school, near.id, { outcome: 'NO_ANSWER' });
    await end(school, far.id, { outcome: 'NO_ANSWER' });
    await end(school, far.id, { outcome: 'PLACEMENT_AGREED' });
    await end(school, near.id);
    await end(other, near.id, { outcome: 'NOT_SUITABLE' });
    // Ended two years ago: outside the period.
    const old = await end(school, far.id, { outcome: 'NO_CAPACITY_NOW' });
    await t.db.query(`UPDATE employer_approach SET ended_at = now() - interval '2 years' WHERE id = $1`, [old]);
    // Still going: not ended, not counted.
    await start(near.id, school);

    expect(await counts(school, { kind: 'ORGANISATION' })).toEqual({ PLACEMENT_AGREED: 1, NO_ANSWER: 2, UNKNOWN: 1 });
    expect(await counts(other, { kind: 'ORGANISATION' })).toEqual({ NOT_SUITABLE: 1 });
    expect(await counts(school, { kind: 'ORGANISATION' }, { from: addDays(today, -800), to: addDays(today, -1) })).toEqual({ NO_CAPACITY_NOW: 1 });

    const delta = (after: Record<string, number>, before: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(after)
          .map(([k, v]) => [k, v - (before[k] ?? 0)])
          .filter(([, v]) => v !== 0),
      );
    expect(delta(await counts(school, { kind: 'REGION', region: REGION }), region0)).toEqual({ NO_ANSWER: 1, UNKNOWN: 1, NOT_SUITABLE: 1 });
    expect(delta(await counts(school, { kind: 'NETWORK' }), network0)).toEqual({ PLACEMENT_AGREED: 1, NO_ANSWER: 2, UNKNOWN: 1, NOT_SUITABLE: 1 });
  });

  it('notes in a match that the employer did not answer, without changing the score or the order', async () => {
    // Rottumeroog: no other test places anything within reach of this student (5 km).
    const at = (km: number) => ({ type: 'Point' as const, coordinates: [6.57 + km / 67, 53.54] });
    const quiet = await f.employer({ name: 'Visserij De Stilte' }, { location: at(1) as never });
    const other = await f.employer({ name: 'Visserij De Praatgraag' }, { location: at(2) as never });
    const quietPlacement = await f.placement(quiet.site.id, { title: 'Netten boeten', availableFrom: todayIso() });
    const otherPlacement = await f.placement(other.site.id, { title: 'Vis schoonmaken', availableFrom: todayIso() });
    const student = await f.student(coach.organisationId, { homeLocation: at(0) as never, maxTravelKm: 5, availableFrom: null });
    const MATCH = `query ($id: ID!) { matchPlacements(studentId: $id, first: 10) { edges { node { placementId score notes { explanationNl explanationEn } } } } }`;
    const matches = async () => {
      const res = await t.gql(MATCH, { id: student.id }, coach.token);
      expect(res.errors).toBeUndefined();
      return res.data!.matchPlacements.edges.map((e: { node: Record<string, any> }) => e.node) as Array<Record<string, any>>;
    };
    const before = await matches();
    expect(before.map((m) => m.placementId).sort()).toEqual([quietPlacement.id, otherPlacement.id].sort());
    expect(before.every((m) => m.notes.length === 0)).toBe(true);

    for (let i = 0; i < 3; i++) {
      const id = (await start(quiet.employer.id)).data!.startEmployerApproach.approach.id;
      await t.gql(END, { id, outcome: { outcome: 'NO_ANSWER' } }, coach.token);
    }
    const after = await matches();
    expect(after.map((m) => [m.placementId, m.score])).toEqual(before.map((m) => [m.placementId, m.score]));
    expect(after.find((m) => m.placementId === quietPlacement.id)!.notes).toEqual([
      {
        explanationNl: 'Deze werkgever reageerde niet op 3 benaderingen in de afgelopen zes maanden (telt niet mee in de score).',
        explanationEn: 'This employer did not answer 3 approaches in the last six months (not counted in the score).',
      },
    ]);
    expect(after.find((m) => m.placementId === otherPlacement.id)!.notes).toEqual([]);
    const why = await t.gql(
      `query ($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { match { notes { explanationNl } } } }`,
      { s: student.id, p: quietPlacement.id },
      coach.token,
    );
    expect(why.data!.explainMatch.match.notes).toEqual([{ explanationNl: expect.stringContaining('reageerde niet op 3 benaderingen') }]);
  });
});
