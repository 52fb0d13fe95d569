import { InternshipStatus, MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { OrganisationEntity } from '@stagebank/persistence';
import { Browser } from 'playwright-core';
import { describeInChromium, ensureWebAppBuilt, freePort, launchChromium, openPage } from './support/browser';
import { Factory, Member } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Seat holds and internship ends in a real browser (Debian's Chromium through playwright-core):
 * the dashboard lists an internship past its end with no outcome, the school's admin sets how long
 * a proposal holds its seat, and the student's page shows when a proposal's hold expires,
 * highlighted near the end, with "Verlengen" moving that day.
 */
const DAY_MS = 86_400_000;
const TIME_ZONE = 'Europe/Amsterdam';
/** A day as the app writes it in Dutch ("1 mrt. 2027"). */
const shown = (day: string) =>
  new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
/** The day of a moment in the browser's time zone, as the app shows a hold's end. */
const shownMoment = (iso: string) => shown(new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(iso)));

describeInChromium('seat holds and internship ends in Chromium', () => {
  let t: TestApp;
  let f: Factory;
  let browser: Browser;
  let base: string;
  let school: OrganisationEntity;
  let coach: Member;
  let admin: Member;
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  beforeAll(async () => {
    ensureWebAppBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp();
    await t.app.listen(port, '127.0.0.1');
    f = new Factory(t);
    school = await f.organisation();
    coach = await f.member(MembershipRole.COORDINATOR, school);
    admin = await f.member(MembershipRole.SCHOOL_ADMIN, school);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const page = (member: Member) => openPage(browser, pageErrors, member.token, { timezoneId: TIME_ZONE });

  it('lists an internship past its end with no outcome on the dashboard; the admin sets the hold length there', async () => {
    const { employer, site } = await f.employer({ name: 'Kinderboerderij De Klepel' });
    const placement = await f.placement(site.id, { title: 'Dierverzorging', seats: 2 });
    const student = await f.student(school.id);
    const end = addDays(todayIso(), -10);
    await f.internship(placement.id, student.id, school.id, { status: InternshipStatus.ACTIVE, startDate: addDays(end, -90), endDate: end });
    // An internship that ended with its outcome recorded, and one still going, are not listed.
    const done = await f.student(school.id);
    const completed = await f.internship(placement.id, done.id, school.id, { status: InternshipStatus.COMPLETED, startDate: addDays(end, -90), endDate: end });
    const outcome = await t.gql(
      `mutation ($id: ID!) { recordInternshipOutcome(internshipId: $id, input: { destination: NEXT_PLACEMENT }) { destination } }`,
      { id: completed.id },
      coach.token,
    );
    expect(outcome.errors).toBeUndefined();
    const going = await f.student(school.id);
    await f.internship(placement.id, going.id, school.id, { status: InternshipStatus.ACTIVE, startDate: addDays(end, -90), endDate: addDays(todayIso(), 30) });

    const coachPage = await page(coach);
    await coachPage.goto(`${base}/#/dashboard`);
    const list = coachPage.getByTestId('unaccounted');
    const row = list.locator('tr', { hasText: student.code });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([`Dierverzorging, ${employer.name}`, shown(end), 'Loopt', '—', 'nee']);
    expect(await list.locator('tr', { hasText: going.code }).count()).toBe(0);
    expect(await list.locator('tr', { hasText: done.code }).count()).toBe(0);
    await row.getByRole('link', { name: student.code }).click();
    await coachPage.getByTestId('internships').waitFor();
    // A coordinator does not set the hold length.
    await coachPage.goto(`${base}/#/dashboard`);
    await coachPage.getByTestId('unaccounted').waitFor();
    expect(await coachPage.getByTestId('hold-length').count()).toBe(0);

    // The admin sees the default of 14 days, and sets 21.
    const adminPage = await page(admin);
    await adminPage.goto(`${base}/#/dashboard`);
    const card = adminPage.getByTestId('hold-length');
    const days = card.getByLabel('Dagen (1–90)');
    await card.getByRole('button', { name: 'Opslaan' }).waitFor();
    expect(await days.inputValue()).toBe('14');
    await days.fill('21');
    await card.getByRole('button', { name: 'Opslaan' }).click();
    await card.getByRole('status').getByText('Opgeslagen').waitFor();
    const stored = await t.gql(`query ($id: ID!) { organisation(id: $id) { holdExpiryDays } }`, { id: school.id }, admin.token);
    expect(stored.data!.organisation.holdExpiryDays).toBe(21);
    // Out of range is stopped in the form: nothing is sent.
    await days.fill('91');
    await card.getByRole('button', { name: 'Opslaan' }).click();
    expect(await days.evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
    expect(
      (await t.gql(`query ($id: ID!) { organisation(id: $id) { holdExpiryDays } }`, { id: school.id }, admin.token)).data!.organisation.holdExpiryDays,
    ).toBe(21);
  });

  it("shows when a proposal's hold expires, highlighted near the end, and Verlengen moves that day", async () => {
    const organisation = await f.organisation();
    const member = await f.member(MembershipRole.COORDINATOR, organisation);
    const { site } = await f.employer({ name: 'Bakkerij Het Korenaar' });
    const placement = await f.placement(site.id, { title: 'Broodbakken', seats: 3 });
    const student = await f.student(organisation.id);
    // A proposal whose hold runs out in two days (the coach has been reminded), and one that expired.
    const soon = new Date(Date.now() + 2 * DAY_MS);
    const proposed = await f.internship(placement.id, student.id, organisation.id, { status: InternshipStatus.PROPOSED, holdExpiresAt: soon });
    const gone = new Date(Date.now() - 5 * DAY_MS);
    const expired = await f.internship(placement.id, student.id, organisation.id, {
      status: InternshipStatus.EXPIRED,
      holdExpiresAt: gone,
      startDate: '2030-08-01',
      endDate: '2030-12-20',
    });

    const p = await page(member);
    await p.goto(`${base}/#/students/${student.id}`);
    const item = p.locator(`li[data-internship="${proposed.id}"]`);
    const hold = item.getByTestId('hold');
    await hold.getByText(`Optie vervalt op ${shownMoment(soon.toISOString())}`).waitFor();
    expect(await hold.getAttribute('data-soon')).toBe('true');
    expect(await hold.getAttribute('class')).toBe('warning');
    expect(await hold.textContent()).toContain('vervalt binnenkort');
    // Expiring is not a step the coach takes.
    expect(await item.getByRole('button', { name: /Verlopen/ }).count()).toBe(0);
    const old = p.locator(`li[data-internship="${expired.id}"]`);
    await old.locator('[data-status="EXPIRED"]').getByText('Verlopen (plek vrijgegeven)').waitFor();
    expect(await old.getByTestId('hold').textContent()).toBe(`Optie verviel op ${shownMoment(gone.toISOString())}`);
    expect(await old.getByRole('button').count()).toBe(0);

    await item.getByRole('button', { name: 'Verlengen' }).click();
    await hold.getByRole('status').getByText('Optie verlengd').waitFor();
    const renewed = (await t.gql(`query ($id: ID!) { internship(id: $id) { status holdExpiresAt } }`, { id: proposed.id }, member.token)).data!.internship;
    expect(renewed.status).toBe('PROPOSED');
    const moved = new Date(renewed.holdExpiresAt).getTime() - Date.now();
    expect(moved).toBeGreaterThan(13 * DAY_MS);
    expect(moved).toBeLessThanOrEqual(14 * DAY_MS);
    await hold.getByText(`Optie vervalt op ${shownMoment(renewed.holdExpiresAt)}`).waitFor();
    expect(shownMoment(renewed.holdExpiresAt)).not.toBe(shownMoment(soon.toISOString()));
    expect(await hold.getAttribute('data-soon')).toBe('false');
    expect(await hold.textContent()).not.toContain('vervalt binnenkort');
  });
});
