import { MembershipRole, Sector } from '@stagebank/domain';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { webAppDirectory } from '../apps/api/src/web/web-app';
import { Factory, Member } from './support/factories';
import { searchCaughtUp } from './support/search';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The web app in a real browser: Debian's Chromium driven by playwright-core (`.ci/run` installs
 * it; elsewhere the test says it is skipped). Screenshots go to test-results/ (git-ignored).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`web browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
const SHOTS = join(__dirname, '../test-results/screens');

/** axe-core's serious and critical accessibility violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run());
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}
const WORD = `duinroos${Date.now().toString(36)}`;

(haveChromium ? describe : describe.skip)('web app in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let coordinator: Member;

  /** A page that fails the test on any uncaught error in the app. */
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  beforeAll(async () => {
    if (!webAppDirectory()) execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
    const { site } = await f.employer({ name: `Tuincentrum ${WORD}` });
    await f.placement(site.id, { title: `Verkoop ${WORD}`, sector: Sector.RETAIL as never, seats: 2 });
    await f.placement(site.id, { title: `Kwekerij ${WORD}`, sector: Sector.GREEN as never, seats: 1 });
    await searchCaughtUp(t);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const newPage = browser.newPage.bind(browser);
    browser.newPage = async (options) => {
      const page = await newPage(options);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    };
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in with a token, searches, narrows by a sector facet, and switches to English', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base);
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Token').fill(coordinator.token);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('search').waitFor();
    await page.screenshot({ path: join(SHOTS, 'placements.png'), fullPage: true });

    await page.getByRole('searchbox').fill(WORD);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByTestId('result-count').filter({ hasText: /^2 resultaten$/ }).waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual(expect.arrayContaining([`Verkoop ${WORD}`, `Kwekerij ${WORD}`]));
    // The map shows both (one site: a cluster of 2), with no tile server (MAP_TILES_URL=none).
    await page.locator('.map[data-points="2"]').waitFor();
    await page.locator('.map .marker-cluster', { hasText: '2' }).waitFor();
    expect(await page.locator('.map .leaflet-tile').count()).toBe(0);

    expect(await page.locator('[data-facet="GREEN"]').textContent()).toBe('Groen, dieren en natuur (1)');
    await page.locator('[data-facet="GREEN"]').click();
    await page.getByTestId('result-count').filter({ hasText: /^1 resultaten$/ }).waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual([`Kwekerij ${WORD}`]);
    expect(await page.locator('.hit .seats').first().textContent()).toBe('1 vrije plekken');
    await page.screenshot({ path: join(SHOTS, 'placements-facet.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('result-count').filter({ hasText: /^1 results$/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-facet="GREEN"]').textContent()).toBe('Green, animals and nature (1)');
    await page.close();
  }, 60_000);

  const signedIn = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript((token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', token), coordinator.token);
    return page;
  };

  it("opens a student, shows ranked matches with their explanation, and agrees an internship: the seat count drops", async () => {
    const f = new Factory(t);
    const vlieland = { postcode: '8899 AA', place: 'Vlieland', location: { type: 'Point' as const, coordinates: [5.07, 53.296] } };
    const { site } = await f.employer({ name: `Hotel Seeduyn ${WORD}` }, vlieland);
    await f.placement(site.id, { title: `Bediening ${WORD}`, sector: Sector.HOSPITALITY as never, seats: 2 });
    const student = await f.student(coordinator.organisationId, {
      homeLocation: { type: 'Point', coordinates: [5.08, 53.3] },
      homePlace: 'Vlieland',
      sectorPreferences: [Sector.HOSPITALITY] as never,
      maxTravelKm: 5,
    });
    const page = await signedIn();
    await page.goto(`${base}/#/students/${student.id}`);
    const hit = page.locator('.hit', { hasText: `Bediening ${WORD}` });
    await hit.waitFor();
    expect(await hit.locator('.seats').textContent()).toBe('2 vrije plekken');
    expect(Number(await hit.getByRole('meter').getAttribute('aria-valuenow'))).toBeGreaterThan(50);
    await hit.getByRole('button', { name: 'Waarom?' }).click();
    const rows = hit.locator('.breakdown tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    expect(await hit.locator('.breakdown').textContent()).toContain('km');
    await page.screenshot({ path: join(SHOTS, 'student-matches.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await hit.getByRole('button', { name: 'Stage afspreken' }).click();
    await page.getByRole('status').filter({ hasText: `Afgesproken: Bediening ${WORD}` }).waitFor();
    await hit.locator('.seats', { hasText: '1 vrije plekken' }).waitFor();

    // The profile editor shows the API's validation message at its field, and saves a valid value.
    const km = page.getByLabel('Maximaal km');
    await km.fill('500');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.locator('#maxTravelKm-error').waitFor();
    expect(await km.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#maxTravelKm-error').textContent()).toContain('maxTravelKm');
    await km.fill('6');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();

    // "Why not this one?" for a placement far away: the travel limit keeps it out.
    await page.getByLabel('Stageplek', { exact: true }).fill(`Tuincentrum ${WORD}`);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByRole('button', { name: new RegExp(`Verkoop ${WORD}`) }).click();
    const why = page.getByTestId('why-not');
    await why.waitFor();
    expect(await why.locator('li').count()).toBeGreaterThan(0);
    expect(await why.textContent()).toMatch(/km/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'student-why-not.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('pauses an employer from its page, and it leaves the search results', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').fill(`Tuincentrum ${WORD}`);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByTestId('result-count').filter({ hasText: /^2 resultaten$/ }).waitFor();
    await page.getByRole('link', { name: `Tuincentrum ${WORD}` }).first().click();
    await page.getByRole('heading', { level: 1, name: `Tuincentrum ${WORD}` }).waitFor();
    await page.getByLabel('Reden').fill('Verbouwing');
    await page.getByRole('button', { name: 'Pauzeren' }).click();
    await page.getByTestId('employer-status').filter({ hasText: 'PAUSED' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'employer.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').fill(`Tuincentrum ${WORD}`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      const count = await page.getByTestId('result-count').textContent();
      if (count === '0 resultaten') break;
      if (Date.now() > deadline) throw new Error(`still found after pausing: ${count}`);
      await page.waitForTimeout(250);
    }
    await page.close();
  }, 60_000);

  it('imports a CSV: a bad row is reported per row and column and blocks the import; a good file imports', async () => {
    const dir = join(__dirname, '../test-results');
    const header = 'Bedrijfsnaam;Sectoren;Straat;Huisnummer;Postcode;Plaats;Breedtegraad;Lengtegraad';
    const good = `Fietsenmaker ${WORD};Detailhandel;Dorpsstraat;1;5211 AP;'s-Hertogenbosch;51.69;5.29`;
    const bad = `Kapper ${WORD};Uiterlijke verzorging;Dorpsstraat;2;52 AP;'s-Hertogenbosch;51.69;5.29`;
    writeFileSync(join(dir, 'import-bad.csv'), [header, good, bad].join('\r\n'));
    writeFileSync(join(dir, 'import-good.csv'), [header, good].join('\r\n'));
    const page = await signedIn();
    await page.goto(`${base}/#/import`);
    await page.getByLabel('CSV-bestand').setInputFiles(join(dir, 'import-bad.csv'));
    await page.getByRole('button', { name: 'Controleren' }).click();
    const problem = page.locator('[data-row="3"]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('postcode');
    expect(await page.getByRole('button', { name: 'Nu importeren' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'import-report.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('CSV-bestand').setInputFiles(join(dir, 'import-good.csv'));
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByRole('button', { name: 'Nu importeren' }).click();
    await page.getByRole('status').filter({ hasText: 'Geïmporteerd: 1 / 1 / 0 / 0' }).waitFor();
    expect(await t.db.query(`SELECT name FROM employer WHERE name = $1`, [`Fietsenmaker ${WORD}`])).toHaveLength(1);
    expect(await t.db.query(`SELECT name FROM employer WHERE name = $1`, [`Kapper ${WORD}`])).toHaveLength(0);
    await page.close();
  }, 60_000);

  it('shows the statistics as a table with bars, exports them as CSV, and lists Boris companies for an SBB adviser', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/dashboard`);
    await page.getByRole('button', { name: 'Tonen' }).click();
    const table = page.getByTestId('statistics');
    await table.waitFor();
    expect(await table.locator('tr.total th').textContent()).toBe('Totaal');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^stagebank-statistieken-.*\.csv$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

    const f = new Factory(t);
    const adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: 'SBB' as never }));
    const { employer } = await f.employer({ name: `Boris Bakkerij ${WORD}` });
    const sbb = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await sbb.addInitScript((token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', token), adviser.token);
    await sbb.goto(`${base}/#/employers/${employer.id}`);
    await sbb.getByRole('button', { name: 'Boris-kenmerk zetten' }).click();
    await sbb.getByTestId('boris-history').locator('li').first().waitFor();
    await sbb.getByLabel('Leerbedrijf-ID').fill('100200300');
    await sbb.getByLabel('Crebo-codes').fill('25254, 25371');
    await sbb.getByRole('button', { name: 'Erkenning toevoegen' }).click();
    await sbb.getByTestId('recognitions').locator('li', { hasText: '100200300: 25254, 25371' }).waitFor();
    await sbb.getByTestId('recognitions').getByRole('button', { name: 'Intrekken' }).click();
    await sbb.getByTestId('recognitions').locator('li', { hasText: '✗' }).waitFor();
    expect(await seriousViolations(sbb)).toEqual([]);
    await sbb.goto(`${base}/#/sbb`);
    await sbb.getByRole('button', { name: 'Tonen' }).click();
    await sbb.getByTestId('boris-list').getByRole('link', { name: `Boris Bakkerij ${WORD}` }).waitFor();
    await sbb.screenshot({ path: join(SHOTS, 'sbb.png'), fullPage: true });
    await sbb.close();
    await page.close();
  }, 60_000);

  it('rings the bell when a watched placement frees a seat, in real time', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: `Klokkenmaker ${WORD}` });
    const placement = await f.placement(site.id, { title: `Klokken ${WORD}`, seats: 1 });
    const internship = await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId);
    const page = await signedIn();
    await page.goto(`${base}/#/employers/${employer.id}`);
    await page.getByRole('button', { name: 'Volgen' }).click();
    await page.getByRole('button', { name: 'Gevolgd' }).waitFor();
    const before = Number(await page.getByTestId('bell-count').textContent());
    await t.gql(`mutation ($id: ID!) { updateInternship(id: $id, input: { status: CANCELLED }) { status } }`, { id: internship.id }, coordinator.token);
    await page.getByTestId('bell-count').filter({ hasText: String(before + 1) }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /^Meldingen/ }).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Plek vrijgekomen' }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'notifications.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('warns when another coach is already in contact, and tells about a new placement matching a watched search', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: `Zeilmakerij ${WORD}` });
    const other = await f.member(MembershipRole.COORDINATOR);
    await t.gql(`mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { approach { id } } }`, {
      input: { employerId: employer.id, purpose: 'Plek voor een leerling', until: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10) },
    }, other.token);
    const page = await signedIn();
    await page.goto(`${base}/#/employers/${employer.id}`);
    await page.getByLabel('Waarvoor').fill('Snuffelstage');
    await page.getByRole('button', { name: 'Ik neem contact op' }).click();
    const warning = page.locator('.warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Plek voor een leerling');

    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').fill(`zeildoek${WORD}`);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByTestId('result-count').filter({ hasText: /^0 resultaten$/ }).waitFor();
    const before = Number(await page.getByTestId('bell-count').textContent());
    await page.getByRole('button', { name: 'Volg deze zoekopdracht' }).click();
    await page.getByRole('button', { name: 'Gevolgd' }).waitFor();
    await f.placement(site.id, { title: `Naaien zeildoek${WORD}` });
    await page.getByTestId('bell-count').filter({ hasText: String(before + 1) }).waitFor({ timeout: 15_000 });
    await page.close();
  }, 60_000);

  it('can be used with the keyboard alone: tab to the search box, type, Enter', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').waitFor();
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      if (await page.getByRole('searchbox').evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)) break;
    }
    await page.keyboard.type(`Tuincentrum ${WORD}`);
    await page.keyboard.press('Enter');
    await page.locator('.hit').first().waitFor();
    expect(await page.getByTestId('result-count').textContent()).toMatch(/^\d+ resultaten$/);
    await page.close();
  }, 60_000);

  it('works on a tablet: the map moves below the list', async () => {
    const page = await browser.newPage({ viewport: { width: 768, height: 1024 } });
    await page.addInitScript((token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', token), coordinator.token);
    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').fill(WORD);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.locator('.hit').first().waitFor();
    const list = await page.locator('.results').boundingBox();
    const map = await page.locator('.map').boundingBox();
    expect(map!.y).toBeGreaterThan(list!.y);
    expect(map!.x + map!.width).toBeLessThanOrEqual(768);
    await page.screenshot({ path: join(SHOTS, 'tablet.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('serves the app for its own paths and keeps the API paths for the API', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/placements/anything`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('stagebank');
    const health = await page.request.get(`${base}/health`);
    expect((await health.json()).status).toBe('ok');
    await page.close();
  });
});
