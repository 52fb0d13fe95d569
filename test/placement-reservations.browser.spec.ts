import { MembershipRole, Sector, addDays, todayIso } from '@stagebank/domain';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { webAppDirectory } from '../apps/api/src/common/web-app-directory';
import { Factory, Member } from './support/factories';
import { searchCaughtUp } from './support/search';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Reserved placements in a real browser (Debian's Chromium through playwright-core): the school
 * that recruited the employer reserves a placement on the employer page, another school sees for
 * whom and until when and can hide it from its search, and the reserving school lifts it again.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`reservation browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
const WORD = `zeekraal${Date.now().toString(36)}`;
const UNTIL = addDays(todayIso(), 60);
/** The day as the app writes it in Dutch ("1 mrt. 2027"). */
const SHOWN = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${UNTIL}T00:00:00Z`));

(haveChromium ? describe : describe.skip)('reserved placements in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let a: Member;
  let b: Member;
  let nameA: string;
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  beforeAll(async () => {
    if (!webAppDirectory())
      execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
    const reserve = createServer();
    await new Promise<void>((resolve) => reserve.listen(0, '127.0.0.1', resolve));
    const port = (reserve.address() as AddressInfo).port;
    await new Promise((resolve) => reserve.close(resolve));
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp();
    await t.app.listen(port, '127.0.0.1');
    const f = new Factory(t);
    const orgA = await f.organisation();
    nameA = orgA.name;
    a = await f.member(MembershipRole.COORDINATOR, orgA);
    b = await f.member(MembershipRole.COORDINATOR);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const page = async (token: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(
      (value) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', value),
      token,
    );
    const p = await context.newPage();
    p.on('pageerror', (error) => pageErrors.push(error.message));
    return p;
  };

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
