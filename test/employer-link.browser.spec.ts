import { EmployerStatus, MembershipRole, SupervisorRole, SupportLevel } from '@stagebank/domain';
import { ContactPersonEntity, EmployerEntity, EmployerHostingInterestEntity, SupervisorEntity } from '@stagebank/persistence';
import { Browser } from 'playwright-core';
import { Clock } from '../apps/api/src/common/clock';
import { describeInChromium, ensureWebAppBuilt, freePort, launchChromium, openPage } from './support/browser';
import { Factory, Member } from './support/factories';
import { PdokStandIn, startPdok } from './support/pdok';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The employer's own page in a real browser (Debian's Chromium through playwright-core): a
 * coordinator makes a link on the employer page, the employer opens it with no account, changes the
 * seats and confirms, and the coordinator then sees the change.
 */

describeInChromium("the employer's own link in Chromium", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let coordinator: Member;
  let pdok: PdokStandIn;
  const pageErrors: string[] = [];
  afterEach(() => {
    t?.app.get(Clock).setOffset(0);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    ensureWebAppBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // A moved site is placed again by PDOK: a stand-in knows the new address.
    pdok = await startPdok({ 'postcode:5342AB and huisnummer:12': 'POINT(5.53 51.77)' });
    t = await startTestApp({ GEOCODER_URL: pdok.url });
    await t.app.listen(port, '127.0.0.1');
    coordinator = await new Factory(t).member(MembershipRole.COORDINATOR);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await pdok?.close();
  });

  const linkFor = async (employerId: string, validDays?: number): Promise<string> => {
    const made = await t.gql(
      `mutation ($id: ID!, $days: Int) { createEmployerLink(employerId: $id, validDays: $days) { token } }`,
      { id: employerId, days: validDays },
      coordinator.token,
    );
    expect(made.errors).toBeUndefined();
    return made.data!.createEmployerLink.token;
  };

  const page = (token?: string) => openPage(browser, pageErrors, token);

  it('lets the employer change its seats and confirm through the link, and the coordinator sees it', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: 'Dierenspeciaalzaak Het Baasje' });
    const placement = await f.placement(site.id, { title: 'Winkelmedewerker dieren', seats: 1 });
    await t.db.getRepository(SupervisorEntity).save({
      siteId: site.id,
      name: 'Ria Bakker',
      role: SupervisorRole.WORK_SUPERVISOR,
      maxStudents: 2,
      intensity: SupportLevel.INTENSIVE,
    });

    // The coordinator makes a link on the employer page.
    const coordinatorPage = await page(coordinator.token);
    await coordinatorPage.goto(`${base}/#/employers/${employer.id}`);
    await coordinatorPage.getByRole('button', { name: 'Maak een nieuwe link' }).click();
    const url = await coordinatorPage.getByTestId('employer-link-url').inputValue();
    expect(url).toMatch(new RegExp(`^${base}/#/listing/[0-9a-f-]{36}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
    expect(await coordinatorPage.locator('#seats-heading').textContent()).toMatch(/\/ 1$/);

    // The employer opens it in a browser with no sign-in at all.
    const employerPage = await page();
    await employerPage.goto(url);
    await employerPage.getByRole('heading', { name: 'Dierenspeciaalzaak Het Baasje' }).waitFor();
    expect(await employerPage.evaluate(() => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length)).toBe(0);
    const seats = employerPage.locator(`input[data-placement="${placement.id}"]`);
    expect(await seats.inputValue()).toBe('1');
    await seats.fill('3');
    await employerPage.getByLabel(/Stagebereidheid/).selectOption('ACTIVELY_LOOKING');
    await employerPage.getByRole('button', { name: 'Klopt zo, bevestigen' }).click();
    await employerPage.getByTestId('answered').waitFor();
    expect(await seats.inputValue()).toBe('3');

    // The coordinator sees the new seats, the confirmation and the answer.
    await coordinatorPage.reload();
    await coordinatorPage.locator('.employer').waitFor();
    await coordinatorPage
      .getByRole('region', { name: /^Plekken/ })
      .getByText('Winkelmedewerker dieren')
      .waitFor();
    expect(await coordinatorPage.locator('#seats-heading').textContent()).toMatch(/\/ 3$/);
    expect(await coordinatorPage.getByTestId('last-verified').textContent()).not.toBe('nooit');
    await coordinatorPage.getByTestId('hosting-interest').getByTestId('interest').filter({ hasText: 'Zoekt actief stagiairs' }).waitFor();
    await coordinatorPage.getByTestId('employer-links').locator('[data-status="ANSWERED"]', { hasText: 'CORRECTED' }).waitFor();

    // A tampered link shows the employer what to do, and changes nothing.
    const tampered = await page();
    await tampered.goto(url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    await tampered.getByTestId('link-problem').getByText('Deze link klopt niet').waitFor();
  });

  it("lets the employer correct a site's address and add a placement through the link, and the coordinator sees both", async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: 'Fietsenmaker De Spaak' });
    await f.placement(site.id, { title: 'Fietsenmaker', seats: 1 });
    const { token } = (await t.gql(`mutation ($id: ID!) { createEmployerLink(employerId: $id) { token } }`, { id: employer.id }, coordinator.token)).data!
      .createEmployerLink;

    const employerPage = await page();
    await employerPage.goto(`${base}/#/listing/${token}`);
    await employerPage.getByRole('heading', { name: 'Fietsenmaker De Spaak' }).waitFor();
    const address = employerPage.locator(`[data-site="${site.id}"]`);
    await address.getByLabel('Straat').fill('Kerkstraat');
    await address.getByLabel('Huisnummer').fill('12');
    await address.getByLabel('Postcode').fill('5342 AB');
    await address.getByLabel('Plaats').fill('Oss');
    const added = employerPage.locator(`[data-new-placement="${site.id}"]`);
    await added.getByLabel(/Naam van de plek/).fill('Medewerker werkplaats');
    await added.getByLabel('Sector').selectOption('TECHNICAL_PRODUCTION');
    await added.getByLabel('Plekken').fill('2');
    await employerPage.getByRole('button', { name: 'Klopt zo, bevestigen' }).click();
    await employerPage.getByTestId('answered').waitFor();
    await employerPage.getByText('Kerkstraat 12, 5342 AB Oss').waitFor();

    const coordinatorPage = await page(coordinator.token);
    await coordinatorPage.goto(`${base}/#/employers/${employer.id}`);
    await coordinatorPage.getByText('Kerkstraat 12, 5342 AB Oss', { exact: false }).first().waitFor();
    await coordinatorPage.locator('li[data-placement]', { hasText: 'Medewerker werkplaats' }).waitFor();
    expect(pdok.lookups).toContain('postcode:5342AB and huisnummer:12');
  });

  it("lets the employer untick a site's wheelchair access through the link: a coach's check of it no longer holds, and the coordinator sees it declared", async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: 'Lunchroom De Molen' });
    await f.placement(site.id, { title: 'Bediening lunchroom', seats: 1 });
    const verified = await t.gql(
      `mutation ($id: ID!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: true }) { id } }`,
      { id: site.id },
      coordinator.token,
    );
    expect(verified.errors).toBeUndefined();
    const { token } = (await t.gql(`mutation ($id: ID!) { createEmployerLink(employerId: $id) { token } }`, { id: employer.id }, coordinator.token)).data!
      .createEmployerLink;

    const employerPage = await page();
    await employerPage.goto(`${base}/#/listing/${token}`);
    await employerPage.getByRole('heading', { name: 'Lunchroom De Molen' }).waitFor();
    const wheelchair = employerPage.getByLabel('Rolstoeltoegankelijk');
    expect(await wheelchair.isChecked()).toBe(true);
    await wheelchair.uncheck();
    await employerPage.getByRole('button', { name: 'Klopt zo, bevestigen' }).click();
    await employerPage.getByTestId('answered').waitFor();
    expect(await employerPage.getByLabel('Rolstoeltoegankelijk').isChecked()).toBe(false);
    expect(await t.db.query(`SELECT wheelchair_accessible, wheelchair_verified_at FROM site WHERE id = $1`, [site.id])).toEqual([
      { wheelchair_accessible: false, wheelchair_verified_at: null },
    ]);

    const coordinatorPage = await page(coordinator.token);
    await coordinatorPage.goto(`${base}/#/employers/${employer.id}`);
    const flag = coordinatorPage.locator(`[data-testid="flag-wheelchair-${site.id}"][data-source="DECLARED"]`);
    await flag.waitFor();
    expect(await flag.textContent()).toContain('Niet rolstoeltoegankelijk: opgegeven, niet gecontroleerd');
  });

  it('lets the employer say "not this year" through the link, with why and when to ask again: paused, and the reasons recorded', async () => {
    const f = new Factory(t);
    const { employer } = await f.employer({ name: 'Drukkerij De Pers' });
    const employerPage = await page();
    await employerPage.goto(`${base}/#/listing/${await linkFor(employer.id)}`);
    await employerPage.getByRole('heading', { name: 'Drukkerij De Pers' }).waitFor();
    await employerPage.getByLabel('Dit jaar niet; vraag het opnieuw over').selectOption('6');
    await employerPage.getByLabel('Reden', { exact: true }).fill('Verbouwing van de drukkerij');
    const reasons = employerPage.locator('[data-name="pause-reasons"]');
    await reasons.getByLabel('Te druk').check();
    await reasons.getByLabel('Reorganisatie').check();
    await employerPage.getByRole('button', { name: 'Dit jaar niet', exact: true }).click();
    await employerPage.getByTestId('answered').filter({ hasText: 'We vragen het opnieuw rond' }).waitFor();

    const stored = await t.db.getRepository(EmployerEntity).findOneByOrFail({ id: employer.id });
    expect(stored).toMatchObject({ status: EmployerStatus.PAUSED, statusReason: 'Verbouwing van de drukkerij' });
    const [interest] = await t.db.getRepository(EmployerHostingInterestEntity).findBy({ employerId: employer.id });
    expect(interest).toMatchObject({ interest: 'NOT_THIS_YEAR', reasons: ['TOO_BUSY', 'REORGANISATION'] });
  });

  it('tells the employer plainly that an expired link has expired, and shows nothing of the listing', async () => {
    const f = new Factory(t);
    const { employer } = await f.employer({ name: 'Kapsalon Knip' });
    const token = await linkFor(employer.id, 1);
    t.app.get(Clock).setOffset(2 * 86_400_000);
    const employerPage = await page();
    await employerPage.goto(`${base}/#/listing/${token}`);
    await employerPage.getByTestId('link-problem').getByText('Deze link is verlopen. Vraag je contactpersoon bij de school om een nieuwe.').waitFor();
    expect(await employerPage.getByRole('heading', { name: 'Kapsalon Knip' }).count()).toBe(0);
    expect(await employerPage.getByRole('button', { name: 'Klopt zo, bevestigen' }).count()).toBe(0);
  });

  it('lets the employer correct its contact person and a supervisor in place through the link', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: 'Timmerbedrijf Hout' });
    const contact = await t.db
      .getRepository(ContactPersonEntity)
      .save({ employerId: employer.id, name: 'Henk Hout', role: 'eigenaar', email: 'henk@hout.example' });
    const supervisor = await t.db
      .getRepository(SupervisorEntity)
      .save({ siteId: site.id, name: 'Gert Hout', role: SupervisorRole.WORK_SUPERVISOR, maxStudents: 1, intensity: SupportLevel.MODERATE });

    const employerPage = await page();
    await employerPage.goto(`${base}/#/listing/${await linkFor(employer.id)}`);
    await employerPage.getByRole('heading', { name: 'Timmerbedrijf Hout' }).waitFor();
    const person = employerPage.locator(`[data-contact="${contact.id}"]`);
    expect(await person.getByLabel('E-mail').inputValue()).toBe('henk@hout.example');
    await person.getByLabel('Naam').fill('Sanne Hout');
    await person.getByLabel('Functie').fill('bedrijfsleider');
    await person.getByLabel('Telefoon').fill('06 87654321');
    const gert = employerPage.locator(`[data-supervisor="${supervisor.id}"]`);
    await gert.getByLabel('Functie').selectOption('WORKPLACE_TRAINER');
    await gert.getByLabel('Opgeleid als begeleider').check();
    await gert.getByLabel(/Welke opleiding/).fill('Leermeestertraining SBB 2025');
    await gert.getByLabel('max. leerlingen tegelijk').fill('2');
    await employerPage.getByRole('button', { name: 'Klopt zo, bevestigen' }).click();
    await employerPage.getByTestId('answered').waitFor();
    // The page shows the listing as it now stands.
    expect(await employerPage.locator(`[data-contact="${contact.id}"]`).getByLabel('Telefoon').inputValue()).toBe('+31687654321');

    expect(await t.db.getRepository(ContactPersonEntity).findBy({ employerId: employer.id })).toEqual([
      expect.objectContaining({ id: contact.id, name: 'Sanne Hout', role: 'bedrijfsleider', phone: '+31687654321', email: 'henk@hout.example' }),
    ]);
    expect(await t.db.getRepository(SupervisorEntity).findOneByOrFail({ id: supervisor.id })).toMatchObject({
      name: 'Gert Hout',
      role: SupervisorRole.WORKPLACE_TRAINER,
      trained: true,
      training: 'Leermeestertraining SBB 2025',
      maxStudents: 2,
    });
  });

  it('keeps what the employer typed when it switches language before confirming, and stores it', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: 'Bloemisterij De Roos' });
    const placement = await f.placement(site.id, { title: 'Medewerker bloemenwinkel', seats: 1 });
    const employerPage = await page();
    await employerPage.goto(`${base}/#/listing/${await linkFor(employer.id)}`);
    await employerPage.getByRole('heading', { name: 'Bloemisterij De Roos' }).waitFor();
    const seats = employerPage.locator(`input[data-placement="${placement.id}"]`);
    await seats.fill('2');
    await employerPage.getByLabel('Hoe vaak per maand mogen scholen u benaderen?').fill('3');

    await employerPage.getByRole('button', { name: 'English' }).click();
    await employerPage.getByLabel('How often a month may schools approach you?').waitFor();
    expect(await seats.inputValue()).toBe('2');
    await employerPage.getByRole('button', { name: 'All correct, confirm' }).click();
    await employerPage.getByTestId('answered').waitFor();

    const [stored] = await t.db.query(`SELECT max_approaches_per_month AS cap FROM employer WHERE id = $1`, [employer.id]);
    expect(stored).toEqual({ cap: 3 });
    expect(await t.db.query(`SELECT seats FROM placement WHERE id = $1`, [placement.id])).toEqual([{ seats: 2 }]);
  });
});
