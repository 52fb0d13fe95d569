import { MembershipRole, Sector, addDays, todayIso } from '@stagebank/domain';
import { Browser, Page } from 'playwright-core';
import { describeInChromium, ensureWebAppBuilt, freePort, launchChromium, openPage } from './support/browser';
import { Factory, Member } from './support/factories';
import { searchCaughtUp } from './support/search';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Reserved placements in a real browser (Debian's Chromium through playwright-core): the school
 * that recruited the employer reserves a placement on the employer page, another school sees for
 * whom and until when and can hide it from its search, and the reserving school lifts it again.
 */
const WORD = `zeekraal${Date.now().toString(36)}`;
const UNTIL = addDays(todayIso(), 60);
/** The day as the app writes it in Dutch ("1 mrt. 2027"). */
const SHOWN = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${UNTIL}T00:00:00Z`));

describeInChromium('reserved placements in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let a: Member;
  let b: Member;
  let nameA: string;
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  beforeAll(async () => {
    ensureWebAppBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp();
    await t.app.listen(port, '127.0.0.1');
    const f = new Factory(t);
    const orgA = await f.organisation();
    nameA = orgA.name;
    a = await f.member(MembershipRole.COORDINATOR, orgA);
    b = await f.member(MembershipRole.COORDINATOR);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const page = (token: string) => openPage(browser, pageErrors, token);

  it('is reserved on the employer page, shown to another school with its date, hidden from its search on request, and lifted', async () => {
    const f = new Factory(t);
    // School A added the employer to the network: it recruited it, and only it is offered to hold its placements.
    const { employer, site } = await f.employer({ name: `Visafslag ${WORD}`, createdByOrganisationId: a.organisationId });
    const placement = await f.placement(site.id, { title: `Visverkoper ${WORD}`, sector: Sector.RETAIL as never, seats: 1 });
    const row = (p: Page) => p.locator(`li[data-placement="${placement.id}"]`);

    // School B did not recruit the employer: it is not offered to hold the placement.
    const pageB = await page(b.token);
    await pageB.goto(`${base}/#/employers/${employer.id}`);
    await row(pageB).getByText(`Visverkoper ${WORD}`).waitFor();
    expect(await row(pageB).getByRole('button', { name: 'Reserveren' }).count()).toBe(0);

    // School A, which recruited the employer, reserves the placement until a day it picks.
    const pageA = await page(a.token);
    await pageA.goto(`${base}/#/employers/${employer.id}`);
    await row(pageA).getByLabel('Reserveren voor jullie tot en met').fill(UNTIL);
    await row(pageA).getByRole('button', { name: 'Reserveren' }).click();
    await row(pageA).getByTestId('reservation').getByText(`Gereserveerd voor jullie tot en met ${SHOWN}`).waitFor();

    // School B sees for whom and until when, and has nothing to lift.
    await pageB.reload();
    await row(pageB).getByTestId('reservation').getByText(`Gereserveerd voor ${nameA} tot en met ${SHOWN}`).waitFor();
    expect(await row(pageB).getByRole('button', { name: 'Reservering opheffen' }).count()).toBe(0);

    // In B's search the placement shows as reserved, and the filter hides it.
    await searchCaughtUp(t);
    await pageB.goto(`${base}/#/placements`);
    await pageB.getByRole('searchbox').fill(WORD);
    await pageB.getByRole('button', { name: 'Zoeken', exact: true }).click();
    const hit = pageB.locator('.hit', { hasText: `Visverkoper ${WORD}` });
    await hit.getByTestId('reservation').getByText(`Gereserveerd voor ${nameA}`, { exact: false }).waitFor();
    await pageB.getByLabel('Verberg plekken gereserveerd voor anderen').check();
    await pageB.getByTestId('result-count').getByText('0 resultaten').waitFor();

    // A lifts it: the placement is open to all again.
    await row(pageA).getByRole('button', { name: 'Reservering opheffen' }).click();
    await row(pageA).getByRole('button', { name: 'Reserveren' }).waitFor();
    expect(await row(pageA).getByTestId('reservation').count()).toBe(0);
  });
});
