import { MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { MembershipEntity, NotificationEntity, WebhookDeliveryEntity } from '@stagebank/persistence';
import { Client, createClient } from 'graphql-ws';
import { createHmac } from 'node:crypto';
import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { eventually } from './support/wait';
import { Factory, Member } from './support/factories';
import { TestApp, onlyError, startTestApp } from './support/test-app';
import { SeatCalendar } from '../apps/api/src/notifications/seat-calendar';
import { WebhookSender } from '../apps/api/src/notifications/webhook-sender';

/** "Notify me": events → notifications → GraphQL subscriptions (graphql-ws) and signed webhooks. Fixtures on Terschelling. */
const TERSCHELLING = { latitude: 53.3603, longitude: 5.2155 };
const embedded = process.env.STAGEBANK_TEST_DATABASE_EMBEDDED === '1';
const site = (house: string) => ({
  place: 'West-Terschelling',
  postcode: '8881 BA',
  houseNumber: house,
  location: { type: 'Point' as const, coordinates: [TERSCHELLING.longitude, TERSCHELLING.latitude] },
});

/** A graphql-ws client on a listening app; `received` collects the notifications. */
async function subscriber(port: number, token: string, afterId?: string) {
  const received: Array<{ id: string; kind: string; placementId: string; employer: { name: string } | null }> = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('closed', (event) => reject(new Error(`closed: ${(event as { code?: number }).code}`)));
  });
  const stop = client.subscribe(
    { query: `subscription ($afterId: ID) { notificationAdded(afterId: $afterId) { id kind placementId employer { name } } }`, variables: { afterId } },
    {
      next: (result) => (result.data ? received.push((result.data as any).notificationAdded) : errors.push(result.errors)),
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  return { received, errors, close: async () => (stop(), await client.dispose()) };
}

describe('notifications', () => {
  let t: TestApp;
  let f: Factory;
  let coordinator: Member;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
  });
  afterAll(() => t.close());

  const WATCH = `mutation ($input: WatchInput!) { watch(input: $input) { id kind placementId employerId search { query sector radiusKm } } }`;
  const NOTIFICATIONS = `{ notifications(first: 200) { id kind placementId employerId watchId readAt placement { title } employer { name } } }`;
  const notificationsOf = async (member: Member) => (await t.gql(NOTIFICATIONS, {}, member.token)).data!.notifications as Array<Record<string, any>>;
  const cancel = (internshipId: string, token = coordinator.token) =>
    t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { status: CANCELLED }) { status } }`, { id: internshipId }, token);

  it('tells a watcher of a placement when a seat frees, and only them', async () => {
    const { site: at } = await f.employer({ name: 'Hotel Oepkes' }, site('1'));
    const placement = await f.placement(at.id, { seats: 1 });
    const internship = await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId);
    const bystander = await f.member(MembershipRole.COORDINATOR);
    const watch = (await t.gql(WATCH, { input: { placementId: placement.id } }, coordinator.token)).data!.watch;
    expect(watch).toMatchObject({ kind: 'PLACEMENT', placementId: placement.id });

    expect((await cancel(internship.id)).errors).toBeUndefined();
    const [notification] = await eventually(async () => {
      const rows = (await notificationsOf(coordinator)).filter((n) => n.placementId === placement.id);
      return rows.length > 0 && rows;
    }, 'the seat-freed notification');
    expect(notification).toMatchObject({
      kind: 'SEAT_FREED',
      watchId: watch.id,
      readAt: null,
      placement: { title: placement.title },
      employer: { name: 'Hotel Oepkes' },
    });
    expect(await notificationsOf(bystander)).toEqual([]);

    // Another seat added is a seat freed too.
    await t.gql(`mutation ($id: ID!) { updatePlacement(id: $id, input: { seats: 2 }) { seats } }`, { id: placement.id }, coordinator.token);
    await eventually(async () => (await notificationsOf(coordinator)).filter((n) => n.placementId === placement.id).length === 2, 'the second notification');

    expect(
      (await t.gql(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [notification.id] }, bystander.token)).data!.markNotificationsRead,
    ).toBe(0);
    expect(
      (await t.gql(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [notification.id] }, coordinator.token)).data!.markNotificationsRead,
    ).toBe(1);
  });

  it("keeps a coach's watches and notifications with the school they were made for", async () => {
    // The same coach works for a second school and signs in for it.
    const other = await f.organisation();
    await t.db.getRepository(MembershipEntity).save({ userId: coordinator.userId, organisationId: other.id, role: MembershipRole.COORDINATOR });
    const asOther = t.tokens.sign({ sub: coordinator.userId, org: other.id });
    const { site: at } = await f.employer({ name: 'Strandpaviljoen De Walvis' }, site('9'));
    const placement = await f.placement(at.id, { seats: 1 });
    const watch = (await t.gql(WATCH, { input: { placementId: placement.id } }, coordinator.token)).data!.watch;
    const watchesOf = async (token: string) => (await t.gql(`{ myWatches { id } }`, {}, token)).data!.myWatches as Array<{ id: string }>;
    expect((await watchesOf(coordinator.token)).map((w) => w.id)).toContain(watch.id);
    expect(await watchesOf(asOther)).toEqual([]);

    await t.gql(`mutation ($id: ID!) { updatePlacement(id: $id, input: { seats: 2 }) { seats } }`, { id: placement.id }, coordinator.token);
    const [notification] = await eventually(async () => {
      const rows = (await notificationsOf(coordinator)).filter((n) => n.placementId === placement.id);
      return rows.length > 0 && rows;
    }, 'the notification for the first school');
    const forOther = (await t.gql(NOTIFICATIONS, {}, asOther)).data!.notifications as Array<{ placementId: string }>;
    expect(forOther.filter((n) => n.placementId === placement.id)).toEqual([]);
    expect((await t.gql(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [notification.id] }, asOther)).data!.markNotificationsRead).toBe(
      0,
    );
    expect(onlyError(await t.gql(`mutation ($id: ID!) { unwatch(id: $id) }`, { id: watch.id }, asOther)).extensions.code).toBe('NOT_FOUND');
  });

  it("tells a watcher when a seat frees by the calendar: the daily sweep after an internship's last day", async () => {
    const { site: at } = await f.employer({ name: 'Wadloopcentrum Midsland' }, site('8'));
    const placement = await f.placement(at.id, { seats: 1 });
    await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId, {
      startDate: addDays(todayIso(), -60),
      endDate: addDays(todayIso(), -1),
      status: 'ACTIVE' as never,
    });
    const watcher = await f.member(MembershipRole.COORDINATOR);
    await t.gql(WATCH, { input: { placementId: placement.id } }, watcher.token);
    await t.db.query(`DELETE FROM notification_sweep WHERE day = $1`, [todayIso()]);
    expect(await t.app.get(SeatCalendar).sweep()).toBeGreaterThan(0);
    expect(await t.app.get(SeatCalendar).sweep()).toBe(0); // once a day, across all processes
    const [notification] = await eventually(async () => {
      const rows = (await notificationsOf(watcher)).filter((n) => n.placementId === placement.id);
      return rows.length > 0 && rows;
    }, 'the notification from the sweep');
    expect(notification.kind).toBe('SEAT_FREED');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM notification_sweep WHERE day = $1`, [todayIso()]))[0].n).toBe(1);
  });

  it('tells watchers of an employer and of a matching saved search about a new placement, not of a search that does not match', async () => {
    const { employer, site: at } = await f.employer({ name: 'Zeilschool De Waddenzee' }, site('2'));
    const watcher = await f.member(MembershipRole.COACH);
    const employerWatch = (await t.gql(WATCH, { input: { employerId: employer.id } }, watcher.token)).data!.watch;
    const near = { ...TERSCHELLING, radiusKm: 5 };
    const matching = (await t.gql(WATCH, { input: { search: { query: 'zeilboten onderhoud', sector: 'RECREATION', near } } }, watcher.token)).data!.watch;
    expect(matching.search).toEqual({ query: 'zeilboten onderhoud', sector: 'RECREATION', radiusKm: 5 });
    const otherSector = (await t.gql(WATCH, { input: { search: { query: 'zeilboten', sector: 'RETAIL' } } }, watcher.token)).data!.watch;
    const farAway = (await t.gql(WATCH, { input: { search: { query: 'zeilboten', near: { latitude: 51.44, longitude: 3.57, radiusKm: 20 } } } }, watcher.token))
      .data!.watch;
    const missingWord = (await t.gql(WATCH, { input: { search: { query: 'zeilboten kantoor' } } }, watcher.token)).data!.watch;

    const placement = await f.placement(at.id, { title: 'Onderhoud zeilboten', sector: 'RECREATION' as never, tasks: ['schuren', 'lakken'] });
    const mine = await eventually(async () => {
      const rows = (await notificationsOf(watcher)).filter((n) => n.placementId === placement.id);
      return rows.length >= 2 && rows;
    }, 'two notifications');
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything wrongly matched would have arrived by now
    const watches = (await notificationsOf(watcher)).filter((n) => n.placementId === placement.id).map((n) => n.watchId);
    expect(watches.sort()).toEqual([employerWatch.id, matching.id].sort());
    expect(watches).not.toContain(otherSector.id);
    expect(watches).not.toContain(farAway.id);
    expect(watches).not.toContain(missingWord.id);
    expect(mine.every((n) => n.kind === 'PLACEMENT_OPENED' && n.employerId === employer.id)).toBe(true);
  });

  it("refuses a watch of nothing, of two things, of a missing placement or another organisation's webhook, writing nothing", async () => {
    const { employer, site: at } = await f.employer({ name: 'Fietsverhuur Terschelling' }, site('3'));
    const placement = await f.placement(at.id);
    const admin = await f.member(MembershipRole.SCHOOL_ADMIN);
    const foreignHook = (await t.gql(`mutation { createWebhook(input: { url: "http://127.0.0.1:9/x" }) { webhook { id } } }`, {}, admin.token)).data!
      .createWebhook.webhook.id;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{}, 'BAD_USER_INPUT', 'input'],
      [{ placementId: placement.id, employerId: employer.id }, 'BAD_USER_INPUT', 'input'],
      [{ search: {} }, 'BAD_USER_INPUT', 'input.search'],
      [{ search: { near: { ...TERSCHELLING, radiusKm: 0 } } }, 'BAD_USER_INPUT', 'input.search.near.radiusKm'],
      [{ placementId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'input.placementId'],
      [{ placementId: placement.id, webhookId: foreignHook }, 'NOT_FOUND', 'input.webhookId'],
    ];
    for (const [input, code, field] of cases) {
      expect(onlyError(await t.gql(WATCH, { input }, coordinator.token)).extensions).toMatchObject({ code, field });
    }
    expect((await t.gql(`{ myWatches { placementId } }`, {}, coordinator.token)).data!.myWatches.filter((w: any) => w.placementId === placement.id)).toEqual(
      [],
    );
    expect(onlyError(await t.gql(`mutation { createWebhook(input: { url: "ftp://example.org" }) { secret } }`, {}, admin.token)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.url',
    });
    expect(onlyError(await t.gql(`mutation { createWebhook(input: { url: "https://example.org" }) { secret } }`, {}, coordinator.token)).extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('pushes notifications to a graphql-ws subscriber as they happen, and resumes after the last one seen', async () => {
    const { site: at } = await f.employer({ name: 'Strandpaviljoen West aan Zee' }, site('4'));
    const placement = await f.placement(at.id, { seats: 3 });
    await t.gql(WATCH, { input: { placementId: placement.id } }, coordinator.token);
    const student = await f.student(coordinator.organisationId);
    const internships = [];
    for (let i = 0; i < 3; i++)
      internships.push(await f.internship(placement.id, student.id, coordinator.organisationId, { startDate: `204${i}-01-01`, endDate: `204${i}-06-30` }));

    const live = await subscriber(port, coordinator.token);
    await cancel(internships[0].id);
    await eventually(async () => live.received.length === 1, 'the live notification');
    expect(live.received[0]).toMatchObject({ kind: 'SEAT_FREED', placementId: placement.id, employer: { name: 'Strandpaviljoen West aan Zee' } });
    await live.close();

    // While nobody listens, two more seats free up; resuming after the last one seen delivers both, in order.
    await cancel(internships[1].id);
    await cancel(internships[2].id);
    await eventually(async () => (await notificationsOf(coordinator)).filter((n) => n.placementId === placement.id).length === 3, 'stored notifications');
    const resumed = await subscriber(port, coordinator.token, live.received[0].id);
    await eventually(async () => resumed.received.length === 2, 'the missed notifications');
    expect(resumed.received.map((n) => BigInt(n.id) > BigInt(live.received[0].id))).toEqual([true, true]);
    expect(BigInt(resumed.received[1].id) > BigInt(resumed.received[0].id)).toBe(true);
    expect(resumed.errors).toEqual([]);
    await resumed.close();
  });

  it('refuses a graphql-ws connection without a valid token', async () => {
    await expect(subscriber(port, 'not-a-token')).rejects.toThrow(/closed: 4403/);
  });

  describe('webhooks', () => {
    let receiver: Server;
    let receiverPort: number;
    let failNext = 0;
    const deliveries: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          if (failNext > 0) {
            failNext--;
            res.statusCode = 503;
          } else deliveries.push({ headers: req.headers, body });
          res.end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverPort = (receiver.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => (receiver.closeAllConnections(), receiver.close(resolve))));

    it('delivers signed notifications, retrying a receiver that failed', async () => {
      const admin = await f.member(MembershipRole.SCHOOL_ADMIN);
      const created = (
        await t.gql(
          `mutation ($url: String!) { createWebhook(input: { url: $url, description: "roosterpakket" }) { webhook { id } secret } }`,
          { url: `http://127.0.0.1:${receiverPort}/hook` },
          admin.token,
        )
      ).data!.createWebhook;
      expect(created.secret).toMatch(/^whsec_/);
      const { site: at } = await f.employer({ name: 'Brouwerij Terschelling' }, site('5'));
      const placement = await f.placement(at.id, { seats: 1 });
      const internship = await f.internship(placement.id, (await f.student(admin.organisationId)).id, admin.organisationId);
      await t.gql(WATCH, { input: { placementId: placement.id, webhookId: created.webhook.id } }, admin.token);

      failNext = 1;
      await cancel(internship.id, admin.token);
      const delivery = await eventually(async () => deliveries.find((d) => d.body.includes(placement.id)), 'the webhook delivery');
      const body = JSON.parse(delivery.body);
      expect(body.notification).toMatchObject({ kind: 'SEAT_FREED', placementId: placement.id });
      const timestamp = delivery.headers['x-stagebank-timestamp'] as string;
      const expected = `sha256=${createHmac('sha256', created.secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
      expect(delivery.headers['x-stagebank-signature']).toBe(expected);
      expect(delivery.headers['x-stagebank-delivery']).toBe(body.deliveryId);
      // The receiver has answered; the sender records the delivery right after.
      const row = await eventually(async () => {
        const found = await t.db.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: body.deliveryId });
        return found.deliveredAt !== null && found;
      }, 'the delivery recorded');
      expect(row.attempts).toBe(2);
    });

    it('keeps pending deliveries and notifications across a restart', async () => {
      const admin = await f.member(MembershipRole.SCHOOL_ADMIN);
      // Nothing listens on this port yet: every attempt fails until the receiver is up.
      const down = createServer();
      await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
      const lateUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}/hook`;
      await new Promise((resolve) => down.close(resolve));
      const hook = (await t.gql(`mutation ($url: String!) { createWebhook(input: { url: $url }) { webhook { id } } }`, { url: lateUrl }, admin.token)).data!
        .createWebhook.webhook.id;
      const { site: at } = await f.employer({ name: 'Vuurtoren Brandaris Rondleidingen' }, site('6'));
      const placement = await f.placement(at.id, { seats: 1 });
      const internship = await f.internship(placement.id, (await f.student(admin.organisationId)).id, admin.organisationId);
      const watch = (await t.gql(WATCH, { input: { placementId: placement.id, webhookId: hook } }, admin.token)).data!.watch;
      await cancel(internship.id, admin.token);
      // This watch's notification: in a full run, other files' search watches are told of the new placement too, without a webhook.
      const notification = await eventually(
        async () => t.db.getRepository(NotificationEntity).findOneBy({ placementId: placement.id, watchId: watch.id }),
        'the notification',
      );
      // The failed first attempt is this test's starting point, not what it proves: make it here rather than wait for the job
      // (in full parallel runs on the embedded database it twice did not come within a minute; cause not found).
      const sender = t.app.get(WebhookSender);
      await eventually(async () => {
        await sender.deliverDue();
        return (await t.db.getRepository(WebhookDeliveryEntity).findOneBy({ notificationId: notification.id }))?.attempts;
      }, 'a failed attempt');

      await t.close();
      const late = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => (deliveries.push({ headers: req.headers, body }), res.end()));
      });
      await new Promise<void>((resolve) => late.listen(Number(new URL(lateUrl).port), '127.0.0.1', resolve));
      t = await startTestApp();
      f = new Factory(t);
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
      // Make the backed-off delivery due now rather than in a few seconds.
      await t.db.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE notification_id = $1`, [notification.id]);
      await eventually(async () => deliveries.find((d) => d.body.includes(placement.id)), 'the delivery after the restart');
      const resumed = await subscriber(port, admin.token, String(BigInt(notification.id) - 1n));
      await eventually(async () => resumed.received.some((n) => n.id === String(notification.id)), 'the notification after the restart');
      await resumed.close();
      await new Promise((resolve) => (late.closeAllConnections(), late.close(resolve)));
    });
  });

  (embedded ? it.skip : it)('delivers through PostgreSQL LISTEN/NOTIFY across two API instances (real PostgreSQL)', async () => {
    // Both instances poll only once a minute: what arrives in time came by LISTEN/NOTIFY.
    const listening = await startTestApp({ NOTIFICATION_POLL_MS: '60000' });
    await listening.app.listen(0, '127.0.0.1');
    const other = await startTestApp({ NOTIFICATION_POLL_MS: '60000' });
    try {
      const { site: at } = await f.employer({ name: 'Cranberrycafé Formerum' }, site('7'));
      const placement = await f.placement(at.id, { seats: 1 });
      const internship = await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId);
      await t.gql(WATCH, { input: { placementId: placement.id } }, coordinator.token);
      const live = await subscriber((listening.app.getHttpServer().address() as AddressInfo).port, coordinator.token);
      // The write goes through the other instance; this one's subscriber hears of it.
      expect(
        (
          await other.gql(
            `mutation ($id: ID!) { updateInternship(id: $id, input: { status: CANCELLED }) { status } }`,
            { id: internship.id },
            coordinator.token,
          )
        ).errors,
      ).toBeUndefined();
      await eventually(async () => live.received.some((n) => n.placementId === placement.id), 'the notification on the other instance');
      await live.close();
    } finally {
      await other.close();
      await listening.close();
    }
  });
});
