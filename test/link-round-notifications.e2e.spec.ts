import { LabourMarketRegion, MembershipRole } from '@stagebank/domain';
import request from 'supertest';
import { Clock } from '../apps/api/src/common/clock';
import { EmployerLinkService } from '../apps/api/src/employer-links/employer-link.service';
import { Factory, Member } from './support/factories';
import { eventually } from './support/wait';
import { WebhookReceiver, startWebhookReceiver } from './support/webhook-receiver';
import { TestApp, startTestApp } from './support/test-app';

const DAY_MS = 86_400_000;
/** No other test has employers or organisations in Drenthe. */
const REGION = LabourMarketRegion.DRENTHE;
const NOTIFICATIONS = `{ notifications(first: 200) { kind placementId employerId watchId linkRoundId
  linkRound { id region schoolYear reportReadyAt links answered unanswered entries { link { id path } } } } }`;
const REPORT = `query ($region: LabourMarketRegion!, $year: String) { employerLinkRound(region: $region, schoolYear: $year) {
  reportReadyAt links answered entries { link { id path status } } } }`;

/**
 * A school year no earlier round used (rounds are per region and school year, and a PostgreSQL test database is kept):
 * the year after the latest, counting from 3000 so no real year is taken.
 */
const freshYear = async (t: TestApp): Promise<string> => {
  const [{ latest }] = await t.db.query(`SELECT coalesce(max(split_part(school_year, '-', 1)::int), 2998) AS latest FROM employer_link_round`);
  // Even years here, odd ones in web.browser.spec.ts: two files running at once never take the same one.
  const from = Math.max(3000, Number(latest) + 1 + ((Number(latest) + 1) % 2));
  return `${from}-${from + 1}`;
};

/**
 * The yearly round of employer links tells whoever started it (in the app and at the
 * organisation's webhooks) when its links went out, and when its report of who answered is ready:
 * when no link of the round can be answered any more.
 */
describe('employer-link round notifications', () => {
  let t: TestApp;
  let f: Factory;
  let rounds: EmployerLinkService;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // Singleton jobs look for due runs this often: the yearly job's test makes it due and waits for it.
    t = await startTestApp({ JOBS_POLL_MS: '100' });
    f = new Factory(t);
    rounds = t.app.get(EmployerLinkService);
    receiver = await startWebhookReceiver();
  });
  afterEach(() => t.app.get(Clock).setOffset(0));
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const notificationsOf = async (member: Member, roundId: string) =>
    ((await t.gql(NOTIFICATIONS, {}, member.token)).data!.notifications as Array<Record<string, any>>).filter((n) => n.linkRoundId === roundId);
  const told = (member: Member, roundId: string, kind: string) =>
    eventually(async () => (await notificationsOf(member, roundId)).find((n) => n.kind === kind), `${kind} for round ${roundId}`);
  const delivered = (roundId: string, kind: string) =>
    eventually(
      async () => receiver.deliveries.map((d) => JSON.parse(d.body).notification).find((n) => n?.linkRoundId === roundId && n.kind === kind),
      `the webhook's ${kind}`,
    );

  async function school() {
    const organisation = await f.organisation({ region: REGION });
    const coordinator = await f.member(MembershipRole.COORDINATOR, organisation);
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN, organisation);
    const coach = await f.member(MembershipRole.COACH, organisation);
    return { organisation, coordinator, admin, coach };
  }
  const staleEmployer = async (name: string) => (await f.employer({ name }, { region: REGION })).employer;

  it('tells the coordinator who started it, in the app and at the webhooks, when the links went out and when the report is ready', async () => {
    const { organisation, coordinator, admin } = await school();
    const hook = await t.gql(`mutation ($url: String!) { createWebhook(input: { url: $url }) { webhook { id } } }`, { url: receiver.url }, admin.token);
    expect(hook.errors).toBeUndefined();
    await staleEmployer('Hunebedcafé De Steen');
    await staleEmployer('Turfschip Veenhuizen');
    const year = await freshYear(t);

    const { roundId, created } = await rounds.startRound(REGION, year, { userId: coordinator.userId, organisationId: organisation.id });
    expect(created).toBeGreaterThanOrEqual(2);
    const started = await told(coordinator, roundId, 'LINK_ROUND_STARTED');
    expect(started).toMatchObject({
      placementId: null,
      employerId: null,
      watchId: null,
      linkRound: { id: roundId, region: REGION, schoolYear: year, reportReadyAt: null },
    });
    expect(started.linkRound.links).toBe(created);
    expect(await delivered(roundId, 'LINK_ROUND_STARTED')).toMatchObject({ placementId: null, linkRoundId: roundId });
    // The starter alone, not the rest of the school.
    expect(await notificationsOf(admin, roundId)).toEqual([]);

    // Links can still be answered: no report yet.
    expect(await rounds.reportsReady(undefined, roundId)).toEqual([]);
    const report = (await t.gql(REPORT, { region: REGION, year }, coordinator.token)).data!.employerLinkRound;
    const [answering, ...rest] = report.entries.map((e: any) => e.link);
    const confirmed = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('x-stagebank-link', answering.path.replace('/#/listing/', ''))
      .send({ query: `mutation { confirmLinkedListing { answer } }` });
    expect(confirmed.body.data.confirmLinkedListing.answer).toBe('CONFIRMED');
    const [last, ...others] = rest;
    for (const link of others)
      expect((await t.gql(`mutation ($id: ID!) { revokeEmployerLink(id: $id) { id } }`, { id: link.id }, coordinator.token)).errors).toBeUndefined();
    expect(await rounds.reportsReady(undefined, roundId)).toEqual([]);

    // The last one revoked: every link answered or closed, the report is ready, and said so once.
    expect((await t.gql(`mutation ($id: ID!) { revokeEmployerLink(id: $id) { id } }`, { id: last.id }, coordinator.token)).errors).toBeUndefined();
    expect(await rounds.reportsReady(undefined, roundId)).toEqual([roundId]);
    expect(await rounds.reportsReady(undefined, roundId)).toEqual([]);
    const ready = await told(coordinator, roundId, 'LINK_ROUND_REPORT_READY');
    expect(ready.linkRound).toMatchObject({ id: roundId, answered: 1, unanswered: created - 1 });
    expect(ready.linkRound.reportReadyAt).not.toBeNull();
    expect(await delivered(roundId, 'LINK_ROUND_REPORT_READY')).toMatchObject({ linkRoundId: roundId, kind: 'LINK_ROUND_REPORT_READY' });

    // Starting it again for an employer that became due adds a link: the report waits for it until it expires.
    await staleEmployer('Gevangenismuseum Veenhuizen');
    expect((await rounds.startRound(REGION, year, { userId: coordinator.userId, organisationId: organisation.id })).created).toBeGreaterThanOrEqual(1);
    expect((await t.gql(REPORT, { region: REGION, year }, coordinator.token)).data!.employerLinkRound.reportReadyAt).toBeNull();
    const now = t.app.get(Clock).now().getTime();
    expect(await rounds.reportsReady(new Date(now + 41 * DAY_MS), roundId)).toEqual([]);
    expect(await rounds.reportsReady(new Date(now + 43 * DAY_MS), roundId)).toEqual([roundId]);
    await eventually(
      async () => (await notificationsOf(coordinator, roundId)).filter((n) => n.kind === 'LINK_ROUND_REPORT_READY').length === 2,
      'the second report',
    );
    expect((await notificationsOf(coordinator, roundId)).filter((n) => n.kind === 'LINK_ROUND_STARTED')).toHaveLength(2);
  });

  it("tells the region's coordinators and admins of a round the yearly job started, and nobody else", async () => {
    const { coordinator, admin, coach } = await school();
    const elsewhere = await f.member(MembershipRole.COORDINATOR);
    await staleEmployer('Schaapskooi Ellertshaar');
    const { roundId, created } = await rounds.startRound(REGION, await freshYear(t), null);
    expect(created).toBeGreaterThanOrEqual(1);
    for (const member of [coordinator, admin]) expect(await told(member, roundId, 'LINK_ROUND_STARTED')).toMatchObject({ linkRound: { id: roundId } });
    expect(await notificationsOf(coach, roundId)).toEqual([]);
    expect(await notificationsOf(elsewhere, roundId)).toEqual([]);
  });

  it('says nothing when a start sends no links', async () => {
    const { organisation, coordinator } = await school();
    // A region with no employers at all.
    const { roundId, created } = await rounds.startRound(LabourMarketRegion.GORINCHEM, await freshYear(t), {
      userId: coordinator.userId,
      organisationId: organisation.id,
    });
    expect(created).toBe(0);
    expect(await rounds.reportsReady(undefined, roundId)).toEqual([]);
    expect(await t.db.query(`SELECT kind FROM notification_event WHERE link_round_id = $1`, [roundId])).toEqual([]);
  });

  it('is started by the yearly job on its own from 1 March before the school year, telling the region', async () => {
    const { coordinator } = await school();
    const employer = await staleEmployer('Veenkoloniaal Museum');
    const year = await freshYear(t);
    const first = year.slice(0, 4);
    // Every other region has that year's round already: the job, which starts each region's missing one, starts only this.
    await t.db.query(`INSERT INTO employer_link_round (region, school_year, started_at) SELECT region, $1, now() FROM unnest($2::text[]) AS region`, [
      year,
      Object.values(LabourMarketRegion).filter((r) => r !== REGION),
    ]);
    const roundOf = async () => (await t.db.query(`SELECT id FROM employer_link_round WHERE region = $1 AND school_year = $2`, [REGION, year]))[0];
    /** Makes the job due now and waits until it has run once more, with the clock at `day`. */
    const runJobOn = async (day: string) => {
      t.app.get(Clock).setOffset(Date.parse(`${day}T09:00:00Z`) - Date.now());
      const [{ runs }] = await t.db.query(`SELECT runs::int AS runs FROM job_state WHERE name = 'employer-link-rounds'`);
      await t.db.query(`UPDATE job_state SET next_run_at = now() WHERE name = 'employer-link-rounds'`);
      await eventually(
        async () => (await t.db.query(`SELECT runs::int > $1 AS ran FROM job_state WHERE name = 'employer-link-rounds'`, [runs]))[0].ran,
        'a run of employer-link-rounds',
      );
    };

    await runJobOn(`${first}-02-27`);
    expect(await roundOf()).toBeUndefined();

    await runJobOn(`${first}-03-02`);
    const round = await roundOf();
    expect(round).toBeDefined();
    const started = await told(coordinator, round.id, 'LINK_ROUND_STARTED');
    expect(started.linkRound).toMatchObject({ region: REGION, schoolYear: year, reportReadyAt: null });
    const report = (await t.gql(REPORT, { region: REGION, year }, coordinator.token)).data!.employerLinkRound;
    const links = await t.db.query(`SELECT id FROM employer_link WHERE round_id = $1 AND employer_id = $2`, [round.id, employer.id]);
    expect(links).toHaveLength(1);
    expect(report.entries.map((e: any) => e.link.id)).toContain(links[0].id);
    expect((await t.db.query(`SELECT started_by_user_id FROM employer_link_round WHERE id = $1`, [round.id]))[0].started_by_user_id).toBeNull();
  });
});
