import { LabourMarketRegion, MembershipRole, OrganisationKind, addDays } from '@stagebank/domain';
import { OrganisationEntity } from '@stagebank/persistence';
import { Clock } from '../apps/api/src/common/clock';
import { HoldSweep } from '../apps/api/src/internships/hold-sweep';
import { eventually } from './support/wait';
import { WebhookReceiver, startWebhookReceiver } from './support/webhook-receiver';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';

const DAY_MS = 86_400_000;

/**
 * Seat holds that expire, with the clock moved: the sweep runs at the injected Clock's time, which
 * the test sets days ahead (the database's own clock is left alone).
 */
describe('seat holds', () => {
  let t: TestApp;
  let f: Factory;
  let clock: Clock;
  let sweeps: HoldSweep;
  let receiver: WebhookReceiver;
  let receiverUrl: string;
  let deliveries: WebhookReceiver['deliveries'];

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    clock = t.app.get(Clock);
    sweeps = t.app.get(HoldSweep);
    receiver = await startWebhookReceiver();
    receiverUrl = receiver.url;
    deliveries = receiver.deliveries;
  });
  afterEach(() => clock.setOffset(0));
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const PROPOSE = `mutation ($input: CreateInternshipInput!) { createInternship(input: $input) { id status holdExpiresAt } }`;
  const INTERNSHIP = `query ($id: ID!) { internship(id: $id) { status endReason holdExpiresAt } }`;
  const NOTIFICATIONS = `{ notifications(first: 200) { kind placementId internshipId watchId } }`;
  const propose = (member: Member, placementId: string, studentId: string) =>
    t.gql(PROPOSE, { input: { placementId, studentId, startDate: '2031-02-01', endDate: '2031-06-30', status: 'PROPOSED' } }, member.token);

  async function school() {
    const organisation = await f.organisation();
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN, organisation);
    const coach = await f.member(MembershipRole.COORDINATOR, organisation);
    return { organisation, admin, coach };
  }

  it('holds a proposal exactly 14 days when the organisation set nothing, and its own length once set', async () => {
    // An organisation made through the API, with no hold length set.
    const networkAdmin = await f.member(MembershipRole.NETWORK_ADMIN);
    const created = await t.gql(
      `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id holdExpiryDays } }`,
      { input: { name: `School zonder instelling ${Date.now()}`, kind: OrganisationKind.PRO_SCHOOL, region: LabourMarketRegion.ZWOLLE } },
      networkAdmin.token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createOrganisation.holdExpiryDays).toBe(14);
    const organisation = await t.db.getRepository(OrganisationEntity).findOneByOrFail({ id: created.data!.createOrganisation.id });
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN, organisation);
    const coach = await f.member(MembershipRole.COORDINATOR, organisation);
    const { site } = await f.employer();
    const placement = await f.placement(site.id, { seats: 5 });
    // Propose at noon (UTC) of a day to come, so the call cannot straddle midnight.
    const noon = new Date(`${addDays(new Date().toISOString().slice(0, 10), 1)}T12:00:00Z`).getTime();
    clock.setOffset(noon - Date.now());
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

    /** Runs a call that starts a hold; the hold's end, and the clock's reading just before and after the call. */
    async function timed(call: () => Promise<{ holdExpiresAt: string }>) {
      const before = clock.now().getTime();
      const { holdExpiresAt } = await call();
      const after = clock.now().getTime();
      return { expiresAt: new Date(holdExpiresAt).getTime(), before, after };
    }
    const proposal = async () => {
      const answer = await propose(coach, placement.id, (await f.student(organisation.id)).id);
      expect(answer.errors).toBeUndefined();
      return answer.data!.createInternship as { id: string; holdExpiresAt: string };
    };
    const expectHold = ({ expiresAt, before, after }: { expiresAt: number; before: number; after: number }, days: number) => {
      expect(expiresAt).toBeGreaterThanOrEqual(before + days * DAY_MS);
      expect(expiresAt).toBeLessThanOrEqual(after + days * DAY_MS);
      expect(day(expiresAt)).toBe(addDays(day(before), days));
    };

    let first!: { id: string; holdExpiresAt: string };
    expectHold(await timed(async () => (first = await proposal())), 14);

    // The admin sets 30 days: a new proposal holds 30, and renewing the first starts a 30-day hold.
    const set = await t.gql(
      `mutation ($id: ID!) { updateOrganisation(id: $id, input: { holdExpiryDays: 30 }) { holdExpiryDays } }`,
      { id: organisation.id },
      admin.token,
    );
    expect(set.data!.updateOrganisation.holdExpiryDays).toBe(30);
    expectHold(await timed(proposal), 30);
    // The first proposal keeps the hold it had.
    expect((await t.gql(INTERNSHIP, { id: first.id }, coach.token)).data!.internship.holdExpiresAt).toBe(first.holdExpiresAt);
    expectHold(
      await timed(
        async () =>
          (await t.gql(`mutation ($id: ID!) { renewInternshipHold(id: $id) { holdExpiresAt } }`, { id: first.id }, coach.token)).data!.renewInternshipHold,
      ),
      30,
    );
    // The setting is this organisation's own: another school's proposals still hold 14 days.
    const other = await school();
    expectHold(await timed(async () => (await propose(other.coach, placement.id, (await f.student(other.organisation.id)).id)).data!.createInternship), 14);
  });

  it('reminds the coach before a hold runs out and releases the seat when it does', async () => {
    const { organisation, admin, coach } = await school();
    const setDays = await t.gql(
      `mutation ($id: ID!) { updateOrganisation(id: $id, input: { holdExpiryDays: 10 }) { holdExpiryDays } }`,
      { id: organisation.id },
      admin.token,
    );
    expect(setDays.data!.updateOrganisation.holdExpiryDays).toBe(10);
    const hook = await t.gql(`mutation ($url: String!) { createWebhook(input: { url: $url }) { webhook { id } } }`, { url: receiverUrl }, admin.token);
    expect(hook.errors).toBeUndefined();

    const { site } = await f.employer({ name: 'Zorgboerderij De Hoeve' });
    const placement = await f.placement(site.id, { seats: 1 });
    // Another school watches the seat.
    const watcher = await f.member(MembershipRole.COORDINATOR);
    expect((await t.gql(`mutation ($id: ID!) { watch(input: { placementId: $id }) { id } }`, { id: placement.id }, watcher.token)).errors).toBeUndefined();

    const before = Date.now();
    const proposed = await propose(coach, placement.id, (await f.student(organisation.id)).id);
    expect(proposed.errors).toBeUndefined();
    const { id, holdExpiresAt } = proposed.data!.createInternship;
    const expiresAt = new Date(holdExpiresAt).getTime();
    expect(expiresAt - before).toBeGreaterThanOrEqual(10 * DAY_MS - 1000);
    expect(expiresAt - before).toBeLessThan(10 * DAY_MS + 60_000);
    // The hold blocks the seat for the watcher's school meanwhile.
    expect(onlyError(await propose(watcher, placement.id, (await f.student(watcher.organisationId)).id)).extensions.code).toBe('PLACEMENT_FULL');

    // Day 6: more than 3 days left, nothing happens.
    clock.setOffset(6 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0, expired: 0 });
    // Day 8: the coach is reminded, once.
    clock.setOffset(8 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 1, expired: 0 });
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0, expired: 0 });
    const reminder = await eventually(async () => {
      const rows = (await t.gql(NOTIFICATIONS, {}, coach.token)).data!.notifications as Array<Record<string, unknown>>;
      return rows.find((n) => n.internshipId === id);
    }, 'the reminder');
    expect(reminder).toEqual({ kind: 'HOLD_EXPIRING', placementId: placement.id, internshipId: id, watchId: null });
    // To the organisation's webhook too, and to nobody else.
    const delivery = await eventually(async () => deliveries.find((d) => d.body.includes(id)), 'the webhook delivery');
    expect(JSON.parse(delivery.body).notification).toMatchObject({ kind: 'HOLD_EXPIRING', internshipId: id });
    expect(((await t.gql(NOTIFICATIONS, {}, admin.token)).data!.notifications as unknown[]).length).toBe(0);
    expect((await t.gql(NOTIFICATIONS, {}, watcher.token)).data!.notifications).toEqual([]);
    expect((await t.gql(INTERNSHIP, { id }, coach.token)).data!.internship.status).toBe('PROPOSED');

    // Day 10 and a bit: the hold ran out, the seat is free and its watcher told.
    clock.setOffset(10 * DAY_MS + 60_000);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0, expired: 1 });
    const expired = (await t.gql(INTERNSHIP, { id }, coach.token)).data!.internship;
    expect(expired).toMatchObject({ status: 'EXPIRED', holdExpiresAt });
    expect(expired.endReason).toContain('hold on the seat ran out');
    const freed = await eventually(async () => {
      const rows = (await t.gql(NOTIFICATIONS, {}, watcher.token)).data!.notifications as Array<Record<string, unknown>>;
      return rows.find((n) => n.kind === 'SEAT_FREED' && n.placementId === placement.id);
    }, 'the seat-freed notification');
    expect(freed.internshipId).toBeNull();
    expect((await propose(watcher, placement.id, (await f.student(watcher.organisationId)).id)).errors).toBeUndefined();
    // An expired proposal stays expired.
    expect(
      onlyError(await t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { status: AGREED }) { status } }`, { id }, coach.token)).extensions.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('keeps a hold that was renewed or agreed, and refuses EXPIRED as input', async () => {
    const { organisation, coach } = await school();
    const { site } = await f.employer();
    const placement = await f.placement(site.id, { seats: 3 });
    const renewed = (await propose(coach, placement.id, (await f.student(organisation.id)).id)).data!.createInternship;
    const agreed = (await propose(coach, placement.id, (await f.student(organisation.id)).id)).data!.createInternship;

    expect(
      onlyError(await t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { status: EXPIRED }) { status } }`, { id: renewed.id }, coach.token)),
    ).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.status' },
    });
    const done = await t.gql(
      `mutation ($id: ID!) { updateInternship(id: $id, input: { status: AGREED }) { status holdExpiresAt } }`,
      { id: agreed.id },
      coach.token,
    );
    expect(done.data!.updateInternship).toEqual({ status: 'AGREED', holdExpiresAt: null });

    clock.setOffset(12 * DAY_MS);
    const again = (await t.gql(`mutation ($id: ID!) { renewInternshipHold(id: $id) { holdExpiresAt } }`, { id: renewed.id }, coach.token)).data!
      .renewInternshipHold;
    expect(new Date(again.holdExpiresAt).getTime()).toBeGreaterThan(new Date(renewed.holdExpiresAt).getTime() + 11 * DAY_MS);
    clock.setOffset(15 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0, expired: 0 });
    expect((await t.gql(INTERNSHIP, { id: renewed.id }, coach.token)).data!.internship.status).toBe('PROPOSED');
    expect((await t.gql(INTERNSHIP, { id: agreed.id }, coach.token)).data!.internship.status).toBe('AGREED');
    // Only a PROPOSED internship has a hold to renew.
    expect(onlyError(await t.gql(`mutation ($id: ID!) { renewInternshipHold(id: $id) { id } }`, { id: agreed.id }, coach.token)).extensions.code).toBe(
      'CONFLICT',
    );
  });

  it('refuses a hold length out of range, or set by someone other than the admin, changing nothing', async () => {
    const { organisation, admin, coach } = await school();
    const set = (days: number, token: string) =>
      t.gql(
        `mutation ($id: ID!, $days: Int!) { updateOrganisation(id: $id, input: { holdExpiryDays: $days }) { holdExpiryDays } }`,
        { id: organisation.id, days },
        token,
      );
    expect(onlyError(await set(0, admin.token)).extensions.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await set(91, admin.token)).extensions.code).toBe('BAD_USER_INPUT');
    expect(onlyError(await set(20, coach.token)).extensions.code).toBe('FORBIDDEN');
    const [{ hold_expiry_days }] = await t.db.query(`SELECT hold_expiry_days FROM organisation WHERE id = $1`, [organisation.id]);
    expect(hold_expiry_days).toBe(14);
  });
});
