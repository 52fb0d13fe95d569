import { InternshipStatus, MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { Clock } from '../apps/api/src/common/clock';
import { EndSweep } from '../apps/api/src/internships/end-sweep';
import { eventually } from './support/wait';
import { WebhookReceiver, startWebhookReceiver } from './support/webhook-receiver';
import { Factory } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const DAY_MS = 86_400_000;

/**
 * The school lists its internships past their planned end with no outcome ("unaccounted for"),
 * and the coach is reminded to record the outcome and an evaluation on the day one joins the
 * list: one rule for both. The sweep and the list read the injected Clock, which the test moves
 * days ahead.
 */
describe('internships at their planned end', () => {
  let t: TestApp;
  let f: Factory;
  let clock: Clock;
  let sweeps: EndSweep;
  let receiver: WebhookReceiver;
  let receiverUrl: string;
  let deliveries: WebhookReceiver['deliveries'];

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    clock = t.app.get(Clock);
    sweeps = t.app.get(EndSweep);
    receiver = await startWebhookReceiver();
    receiverUrl = receiver.url;
    deliveries = receiver.deliveries;
  });
  afterEach(() => clock.setOffset(0));
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const UNACCOUNTED = `{ internships(filter: { unaccountedFor: true }, first: 50) { totalCount edges { node { id status endDate outcome { destination } } } } }`;
  const NOTIFICATIONS = `{ notifications(first: 200) { kind placementId internshipId watchId } }`;
  const unaccounted = async (token: string) => {
    const answer = await t.gql(UNACCOUNTED, {}, token);
    expect(answer.errors).toBeUndefined();
    return (answer.data!.internships.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
  };

  it('reminds the coach once the day after the planned end and lists the internship until its outcome is recorded', async () => {
    const organisation = await f.organisation();
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN, organisation);
    const coach = await f.member(MembershipRole.COORDINATOR, organisation);
    const other = await f.member(MembershipRole.COORDINATOR);
    expect(
      (await t.gql(`mutation ($url: String!) { createWebhook(input: { url: $url }) { webhook { id } } }`, { url: receiverUrl }, admin.token)).errors,
    ).toBeUndefined();

    const { site } = await f.employer({ name: 'Kwekerij Het Groene Blad' });
    const placement = await f.placement(site.id, { seats: 5 });
    const start = addDays(todayIso(), -60);
    const ends = addDays(todayIso(), 5);
    const make = async (status: InternshipStatus, endDate = ends) =>
      f.internship(placement.id, (await f.student(organisation.id)).id, organisation.id, { status, startDate: start, endDate, coachUserId: coach.userId });
    const running = await make(InternshipStatus.ACTIVE);
    const recorded = await make(InternshipStatus.ACTIVE);
    const cancelled = await make(InternshipStatus.CANCELLED);
    const later = await make(InternshipStatus.AGREED, addDays(todayIso(), 30));
    // One whose outcome the coach already recorded, ahead of its end: nothing to remind of.
    expect(
      (await t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { status: COMPLETED }) { status } }`, { id: recorded.id }, coach.token)).errors,
    ).toBeUndefined();
    const outcome = await t.gql(
      `mutation ($id: ID!) { recordInternshipOutcome(internshipId: $id, input: { destination: PAID_JOB_AT_EMPLOYER }) { destination } }`,
      { id: recorded.id },
      coach.token,
    );
    expect(outcome.errors).toBeUndefined();

    // Day 4: before the end, nothing.
    clock.setOffset(4 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0 });
    expect(await unaccounted(coach.token)).toEqual([]);
    // Day 5, the planned end, is the internship's last day: not over yet, so neither listed nor reminded of.
    clock.setOffset(5 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0 });
    expect(await unaccounted(coach.token)).toEqual([]);
    // Day 6, past the end with nothing recorded: listed, and the coach is reminded of the running one, once.
    clock.setOffset(6 * DAY_MS);
    expect(await unaccounted(coach.token)).toEqual([running.id]);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 1 });
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0 });
    const reminder = await eventually(async () => {
      const rows = (await t.gql(NOTIFICATIONS, {}, coach.token)).data!.notifications as Array<Record<string, unknown>>;
      return rows.find((n) => n.internshipId === running.id);
    }, 'the reminder');
    expect(reminder).toEqual({ kind: 'OUTCOME_DUE', placementId: placement.id, internshipId: running.id, watchId: null });
    const delivery = await eventually(async () => deliveries.find((d) => d.body.includes(running.id)), 'the webhook delivery');
    expect(JSON.parse(delivery.body).notification).toMatchObject({ kind: 'OUTCOME_DUE', internshipId: running.id });
    const told = ((await t.gql(NOTIFICATIONS, {}, coach.token)).data!.notifications as Array<{ internshipId: string | null }>).map((n) => n.internshipId);
    expect(told).not.toContain(recorded.id);
    expect(told).not.toContain(cancelled.id);
    expect(told).not.toContain(later.id);
    expect((await t.gql(NOTIFICATIONS, {}, other.token)).data!.notifications).toEqual([]);

    // An evaluation alone does not account for it.
    expect(await unaccounted(admin.token)).toEqual([running.id]);
    expect(await unaccounted(other.token)).toEqual([]);
    const evaluation = await t.gql(
      `mutation ($id: ID!, $on: LocalDate!) { recordEvaluation(internshipId: $id, input: { evaluatedOn: $on, text: "goed bezig" }) { id } }`,
      { id: running.id, on: start },
      coach.token,
    );
    expect(evaluation.errors).toBeUndefined();
    expect(await unaccounted(coach.token)).toEqual([running.id]);

    // Recording the outcome takes it off the list.
    expect(
      (await t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { status: COMPLETED }) { status } }`, { id: running.id }, coach.token)).errors,
    ).toBeUndefined();
    expect(await unaccounted(coach.token)).toEqual([running.id]);
    await t.gql(
      `mutation ($id: ID!) { recordInternshipOutcome(internshipId: $id, input: { destination: NEXT_PLACEMENT }) { destination } }`,
      { id: running.id },
      coach.token,
    );
    expect(await unaccounted(coach.token)).toEqual([]);

    // Day 30, the later one's last day: nothing yet; day 31, listed and reminded of the same day.
    clock.setOffset(30 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 0 });
    clock.setOffset(31 * DAY_MS);
    expect(await sweeps.sweep(undefined, organisation.id)).toEqual({ reminded: 1 });
    expect(await unaccounted(coach.token)).toEqual([later.id]);
  });
});
