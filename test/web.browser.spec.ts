import { Audience, LabourMarketRegion, MembershipRole, Sector, StudentConstraint, addDays, todayIso } from '@stagebank/domain';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { EmployerLinkService } from '../apps/api/src/employer-links/employer-link.service';
import { describeInChromium, ensureWebAppBuilt, freePort, launchChromium } from './support/browser';
import { Factory, Member } from './support/factories';
import { PdokStandIn, startPdok } from './support/pdok';
import { searchCaughtUp } from './support/search';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The web app in a real browser: Debian's Chromium driven by playwright-core (`.ci/run` installs
 * it; elsewhere the test says it is skipped). Screenshots of each screen go to
 * test-results/screens (git-ignored). Every page fails its test on an uncaught error, and each
 * screen is checked with axe-core for serious or critical accessibility violations.
 */
const SHOTS = join(__dirname, '../test-results/screens');
const WORD = `duinroos${Date.now().toString(36)}`;
const VLIELAND = { postcode: '8899 AA', place: 'Vlieland', location: { type: 'Point' as const, coordinates: [5.07, 53.296] } };

/** axe-core's serious and critical accessibility violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run(),
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}
/** A screenshot of the screen, after checking it fits its viewport's width (nothing sticks out sideways). */
async function shot(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect({ screen: name, overflowPx: overflow }).toEqual({ screen: name, overflowPx: 0 });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describeInChromium('web app in Chromium', () => {
  let t: TestApp;
  let pdok: PdokStandIn;
  let provider: ChildProcess;
  let issuer: string;
  let browser: Browser;
  let base: string;
  let coordinator: Member;

  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  beforeAll(async () => {
    ensureWebAppBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // The student editor places homes by postcode: a stand-in for PDOK knows Vlieland's.
    pdok = await startPdok({ 'postcode:8899AA': 'POINT(5.08 53.3)' });
    // The school-account sign-in: a real OpenID provider that knows the app's address, and the app the
    // provider's (one app: the embedded database serves one session), so the app's port comes first.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = spawn(process.execPath, [join(__dirname, 'support/oidc-provider.mjs'), JSON.stringify({ clientId: 'stagebank-web', redirectUri: `${base}/` })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    issuer = await new Promise<string>((resolve, reject) => {
      provider.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).issuer));
      provider.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
    });
    t = await startTestApp({
      GEOCODER_URL: pdok.url,
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: 'stagebank-api',
      OIDC_JWKS_URL: `${issuer}/jwks`,
      OIDC_WEB_CLIENT_ID: 'stagebank-web',
    });
    await t.app.listen(port, '127.0.0.1');
    const f = new Factory(t);
    coordinator = await f.member(MembershipRole.COORDINATOR);
    const { site } = await f.employer({ name: `Tuincentrum ${WORD}` });
    await f.placement(site.id, { title: `Verkoop ${WORD}`, sector: Sector.RETAIL as never, seats: 2 });
    await f.placement(site.id, { title: `Kwekerij ${WORD}`, sector: Sector.GREEN as never, seats: 1 });
    await searchCaughtUp(t);
    browser = await launchChromium();
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
    await pdok?.close();
    provider?.kill();
  });

  const signedIn = async (member: Member = coordinator, viewport = { width: 1280, height: 800 }) => {
    const page = await browser.newPage({ viewport });
    await page.addInitScript(
      (token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', token),
      member.token,
    );
    return page;
  };
  const search = async (page: Page, text: string) => {
    await page.getByRole('searchbox').fill(text);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  };

  it('signs in with a token, searches, narrows by facets, and switches to English', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base);
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'sign-in');
    await page.getByLabel('Token').fill(coordinator.token);
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.getByRole('search').waitFor();
    await page.getByTestId('who').filter({ hasText: 'Test organisation' }).waitFor();

    await search(page, WORD);
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^2 resultaten$/ })
      .waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual(expect.arrayContaining([`Verkoop ${WORD}`, `Kwekerij ${WORD}`]));
    // The map shows both (one site: a cluster of 2), with no tile server (MAP_TILES_URL=none).
    await page.locator('.map[data-points="2"]').waitFor();
    await page.locator('.map .marker-cluster', { hasText: '2' }).waitFor();
    expect(await page.locator('.map .leaflet-tile').count()).toBe(0);
    await shot(page, 'placements');

    // A sector facet, with its count; then a yes/no filter on top.
    expect(await page.locator('[data-facet="GREEN"]').textContent()).toBe('Groen, dieren en natuur (1)');
    await page.locator('[data-facet="GREEN"]').click();
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^1 resultaat$/ })
      .waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual([`Kwekerij ${WORD}`]);
    expect(await page.locator('.hit .seats').first().textContent()).toBe('1 vrije plek');
    expect(await page.locator('.hit .tag').allTextContents()).toEqual(expect.arrayContaining(['Groen, dieren en natuur', 'Stage']));
    expect(await page.locator('[data-facet="HAS_FREE_SEAT"]').textContent()).toMatch(/^Nu een plek vrij \(1\)$/);
    await page.locator('[data-facet="HAS_FREE_SEAT"]').click();
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^1 resultaat$/ })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Filters wissen' }).click();
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^2 resultaten$/ })
      .waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^2 results$/ })
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-facet="GREEN"]').textContent()).toBe('Green, animals and nature (1)');
    await page.close();
  }, 90_000);

  it('draws the bundled province outlines under the map with no tile server and no internet', async () => {
    const page = await signedIn();
    // Offline: anything not served by the app itself fails, as on a laptop without a network.
    const origin = new URL(base).origin;
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      if (new URL(route.request().url()).origin === origin) return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.goto(base);
    await search(page, WORD);
    await page.locator('.map[data-points="2"]').waitFor();
    // All twelve provinces are on the map; the one the results are in fills the view (not a blank
    // grey box). Those outside the view are drawn empty by Leaflet, so only the one in view is visible.
    await page.locator('.map path.province-PV30').waitFor();
    expect(await page.locator('.map path.province').count()).toBe(12);
    const box = await page.locator('.map path.province-PV30').boundingBox(); // Noord-Brabant: the fixture’s sites are in Den Bosch
    expect(box && box.width > 20 && box.height > 20).toBe(true);
    expect(await page.locator('.map path.province-PV30').getAttribute('fill')).toBe('#f7f5ef');
    expect(await page.locator('.map .leaflet-tile').count()).toBe(0);
    expect(outside).toEqual([]);
    await shot(page, 'map-offline');
    await page.close();
  }, 60_000);

  it('adds a student by postcode, shows the editor’s problems at their fields, ranks placements with the why per criterion, and agrees an internship: the seat count drops', async () => {
    const f = new Factory(t);
    const { site } = await f.employer({ name: `Hotel Seeduyn ${WORD}` }, VLIELAND);
    await f.placement(site.id, { title: `Bediening ${WORD}`, sector: Sector.HOSPITALITY as never, seats: 2 });
    await f.placement(site.id, { title: `Huishouding ${WORD}`, sector: Sector.FACILITY_SERVICES as never, seats: 1 });
    const page = await signedIn();
    await page.goto(`${base}/#/students`);
    await page.getByRole('button', { name: 'Nieuwe leerling' }).click();
    const editor = page.getByRole('form', { name: 'Profiel' });
    await editor.getByLabel('Code (pseudoniem)').fill(`VL-${WORD}`);
    await editor.getByLabel('Postcode').fill('8899 aa');
    await editor.getByLabel('Woonplaats').fill('Vlieland');
    await editor.getByLabel('Maximaal km').fill('500');
    await editor.getByLabel('Sector, keuze 1').selectOption('HOSPITALITY');
    await editor.getByLabel('Sector, keuze 2').selectOption('FACILITY_SERVICES');
    await editor.getByRole('button', { name: 'Aanmaken' }).click();
    // The API's message at the field it names.
    const tooFar = editor.locator('[data-field="input.maxTravelKm"]');
    await tooFar.waitFor();
    expect(await tooFar.textContent()).toContain('maxTravelKm');
    expect(await editor.getByLabel('Maximaal km').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await editor.getByLabel('Maximaal km').fill('5');
    await editor.getByRole('button', { name: 'Aanmaken' }).click();

    // The new student's page: placed by postcode, ranked placements with the per-criterion why.
    await page.waitForURL(/#\/students\/[0-9a-f-]{36}$/);
    expect(pdok.lookups).toContain('postcode:8899AA');
    const hit = page.locator('.hit', { hasText: `Bediening ${WORD}` });
    await hit.waitFor();
    expect(await hit.locator('.seats').textContent()).toBe('2 vrije plekken');
    // Distances with a decimal comma in Dutch, rounded for display only.
    expect(await hit.getByTestId('distance').textContent()).toMatch(/^\d+,\d km$/);
    expect(Number(await hit.getByRole('meter').getAttribute('aria-valuenow'))).toBeGreaterThan(50);
    await hit.getByRole('button', { name: 'Waarom?' }).click();
    const rows = hit.locator('.breakdown tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    expect(await hit.locator('.breakdown [data-criterion="SECTOR"] th').textContent()).toBe('Sector');
    expect(await hit.locator('.breakdown [data-criterion="TRAVEL"] th').textContent()).toBe('Reistijd');
    expect(await hit.locator('.breakdown [data-criterion="TRAVEL"]').textContent()).toContain('km');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'student-matches');

    // Filters narrow the ranking: only facility services leaves the housekeeping.
    await page.getByLabel('Sector', { exact: true }).selectOption('FACILITY_SERVICES');
    await page.locator('.hit', { hasText: `Bediening ${WORD}` }).waitFor({ state: 'detached' });
    await page.locator('.hit', { hasText: `Huishouding ${WORD}` }).waitFor();
    await page.getByLabel('Sector', { exact: true }).selectOption('');
    await hit.waitFor();

    // Agree an internship: the seat count drops, and it appears among the student's internships.
    await hit.getByRole('button', { name: 'Stage afspreken' }).click();
    await hit.getByRole('form').getByRole('button', { name: 'Stage afspreken' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Afgesproken: Bediening ${WORD}` })
      .waitFor();
    await hit.locator('.seats', { hasText: '1 vrije plek' }).waitFor();
    const internship = page.getByTestId('internships').locator('li', { hasText: `Bediening ${WORD}` });
    await internship.locator('[data-status="AGREED"]').waitFor();
    await internship.getByRole('button', { name: 'Zet op: Loopt' }).click();
    await internship.locator('[data-status="ACTIVE"]').waitFor();

    // "Why not this one?" for a placement far away: the travel limit keeps it out.
    await page.getByLabel('Stageplek', { exact: true }).fill(`Tuincentrum ${WORD}`);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(`Verkoop ${WORD}`) }).click();
    const why = page.getByTestId('why-not');
    await why.waitFor();
    expect(await why.textContent()).toMatch(/Te ver/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'student-why-not');

    // In English, the criteria and their explanations too.
    await page.getByRole('button', { name: 'English' }).click();
    const whyButton = hit.getByRole('button', { name: 'Why?' });
    if ((await whyButton.getAttribute('aria-expanded')) !== 'true') await whyButton.click();
    expect(await hit.locator('.breakdown [data-criterion="TRAVEL"] th').textContent()).toBe('Travel time');
    expect(await hit.locator('.breakdown [data-criterion="TRAVEL"]').textContent()).toMatch(/about \d+ minutes? of travel\.$/);
    await page.getByRole('button', { name: 'Nederlands' }).click();

    // The list shows the new student, with their sectors by name.
    await page.goto(`${base}/#/students`);
    await page.getByRole('link', { name: `VL-${WORD}` }).waitFor();
    expect(await page.locator('tr', { hasText: `VL-${WORD}` }).textContent()).toContain('Horeca');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'students');
    await page.close();
  }, 90_000);

  it('plans a group at once: a proposal explained per student and per school, a pair ruled out and planned again, then accepted', async () => {
    const f = new Factory(t);
    const planner = await f.member(MembershipRole.COORDINATOR);
    const island = { postcode: '9166 AA', place: 'Schiermonnikoog', location: { type: 'Point' as const, coordinates: [6.16, 53.48] } };
    const home = { homePostcode: island.postcode, homePlace: island.place, homeLocation: island.location, maxTravelKm: 5 };
    const { site } = await f.employer({ name: `Strandpaviljoen ${WORD}` }, island);
    const bike = await f.placement(site.id, { title: `Fietsverhuur ${WORD}`, seats: 1 });
    const beach = await f.placement(site.id, { title: `Strandbediening ${WORD}`, sector: Sector.HOSPITALITY as never, seats: 1 });
    await f.student(planner.organisationId, { code: `SCH-A-${WORD}`, ...home });
    await f.student(planner.organisationId, { code: `SCH-B-${WORD}`, ...home });
    const page = await signedIn(planner);
    await page.goto(`${base}/#/plan`);
    await page.getByRole('heading', { name: 'Groep plannen' }).waitFor();
    await page.getByTestId('plan-students').getByText(`SCH-A-${WORD}`).waitFor();
    // Saved as a group, it brings the same students back after one was taken out.
    await page.getByLabel('Groep opslaan als').fill('Eilanders');
    await page.getByRole('button', { name: 'Groep opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Groep opgeslagen: Eilanders' }).waitFor();
    const pick = page.getByTestId('plan-students').getByRole('checkbox', { name: new RegExp(`SCH-B-${WORD}`) });
    await pick.uncheck();
    await page.getByLabel('Opgeslagen groep').selectOption({ label: 'Eilanders' });
    expect(await pick.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Plan maken' }).click();
    const plan = page.getByTestId('plan');
    await plan.waitFor();
    expect(await plan.textContent()).toContain('Eerst zoveel mogelijk leerlingen plaatsen');
    expect(await page.getByTestId('plan-figures').textContent()).toMatch(/^2 leerlingen geplaatst van de 2/);
    const rowOf = (code: string) => page.locator(`[data-student="${code}"]`);
    expect(await rowOf(`SCH-A-${WORD}`).getAttribute('data-outcome')).toBe('PLACED');
    expect(await rowOf(`SCH-B-${WORD}`).getAttribute('data-outcome')).toBe('PLACED');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'plan-group');

    // "Not this one" for A's placement: the next plan gives A the other one, and B what A had.
    const first = (await rowOf(`SCH-A-${WORD}`).textContent())!.includes(`Fietsverhuur ${WORD}`) ? bike : beach;
    await rowOf(`SCH-A-${WORD}`).getByRole('button', { name: 'Niet deze' }).click();
    await rowOf(`SCH-A-${WORD}`).filter({ hasNotText: first.title }).waitFor();
    expect(await rowOf(`SCH-B-${WORD}`).textContent()).toContain(first.title);

    // Accepting creates both proposed internships.
    await page.getByRole('button', { name: 'Plan accepteren' }).click();
    await page.getByRole('status').filter({ hasText: 'Plan geaccepteerd: 2 voorgestelde stages' }).waitFor();
    const created: Array<{ status: string }> = await t.db.query(`SELECT status FROM internship WHERE placement_id = ANY($1)`, [[bike.id, beach.id]]);
    expect(created.map((i) => i.status)).toEqual(['PROPOSED', 'PROPOSED']);
    await page.close();
  }, 90_000);

  it('works on an employer page: pause (it leaves the results), still current, contacts with checked phone numbers, experiences, who holds the seats, and sub-sector tags', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: `Bloemisterij ${WORD}` });
    const placement = await f.placement(site.id, { title: `Binden ${WORD}`, seats: 2 });
    await f.internship(placement.id, (await f.student(coordinator.organisationId)).id, coordinator.organisationId, {
      startDate: todayIso(),
      endDate: addDays(todayIso(), 100),
    });
    await searchCaughtUp(t);
    const page = await signedIn();
    await page.goto(`${base}/#/employers/${employer.id}`);
    await page.getByRole('heading', { level: 1, name: `Bloemisterij ${WORD}` }).waitFor();

    // Who holds the taken seat: the school, until when, on the timeline.
    const claim = page.locator(`[data-placement="${placement.id}"] .claim`);
    await claim.waitFor();
    expect(await claim.textContent()).toMatch(/^bezet door .+, .+ – .+$/);
    expect(await page.locator(`[data-placement="${placement.id}"]`).textContent()).toContain('1 vrije plek / 2');

    // Sub-sector tags, where the employer's kind of work is shown: a florist for the employer, and the placement's own.
    const employerTags = page.getByTestId('employer-tags');
    expect(await employerTags.textContent()).toContain('geen');
    await employerTags.getByRole('button', { name: 'Wijzigen' }).click();
    await employerTags.getByLabel('Bloemenwinkel').check();
    await employerTags.getByRole('button', { name: 'Opslaan' }).click();
    await page.locator('.page-header [data-subsector="FLORIST"]').waitFor();
    expect(await page.locator('.page-header [data-subsector="FLORIST"]').textContent()).toBe('Bloemenwinkel');
    const placementTags = page.getByTestId(`placement-tags-${placement.id}`);
    await placementTags.getByRole('button', { name: 'Wijzigen' }).click();
    await placementTags.getByLabel('Tuincentrum').check();
    await placementTags.getByRole('button', { name: 'Opslaan' }).click();
    await placementTags.locator('[data-subsector="GARDEN_CENTRE"]').waitFor();
    const [{ tags: savedEmployer }] = await t.db.query(`SELECT tags FROM employer WHERE id = $1`, [employer.id]);
    const [{ tags: savedPlacement }] = await t.db.query(`SELECT tags FROM placement WHERE id = $1`, [placement.id]);
    expect({ savedEmployer, savedPlacement }).toEqual({ savedEmployer: ['FLORIST'], savedPlacement: ['GARDEN_CENTRE'] });

    await page.getByRole('button', { name: 'Nog actueel' }).click();
    await page.getByTestId('last-verified').filter({ hasNotText: 'nooit' }).waitFor();

    // A phone number the API cannot read: the message at the phone field; then a good one.
    const contact = page.getByRole('form', { name: 'Contactpersoon toevoegen' });
    await contact.getByLabel('Naam').fill('Ria Bloem');
    await contact.getByLabel('Telefoon').fill('12345');
    await contact.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
    await contact.locator('[data-field="input.phone"]').waitFor();
    await contact.getByLabel('Telefoon').fill('06-12345678');
    await contact.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
    await page.getByTestId('contacts').locator('li', { hasText: 'Ria Bloem' }).waitFor();
    expect(await page.getByTestId('contacts').textContent()).toContain('+31612345678');

    const experience = page.getByRole('form', { name: 'Ervaring delen' });
    await experience.getByLabel('Begeleiding').selectOption('5');
    await experience.getByLabel('Toelichting').fill('Rustige plek, vaste begeleider');
    await experience.getByRole('button', { name: 'Ervaring delen' }).click();
    await page.getByTestId('experience-summary').waitFor();
    expect(await page.getByTestId('experience-summary').textContent()).toMatch(/^4,3 \/ 5 \(1 ervaring\)/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'employer');

    await page.getByLabel('Reden').fill('Verbouwing');
    await page.getByRole('button', { name: 'Pauzeren' }).click();
    await page.getByTestId('employer-status').filter({ hasText: 'Gepauzeerd' }).waitFor();

    await page.goto(`${base}/#/placements`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      await search(page, `Binden ${WORD}`);
      const count = await page.getByTestId('result-count').textContent();
      if (count === '0 resultaten') break;
      if (Date.now() > deadline) throw new Error(`still found after pausing: ${count}`);
      await page.waitForTimeout(250);
    }
    await page.close();
  }, 90_000);

  it('shows per flag whether a coach checked it or the employer only declared it, and lets a coach who visited verify it', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: `Rolstoelpad ${WORD}` });
    const placement = await f.placement(site.id, { title: `Inpakken ${WORD}`, audiences: [Audience.PRO, Audience.VSO] as never });
    const page = await signedIn();
    await page.goto(`${base}/#/employers/${employer.id}`);
    await page.getByRole('heading', { name: 'Gecontroleerd of opgegeven' }).waitFor();
    const wheelchair = page.getByTestId(`flag-wheelchair-${site.id}`);
    const audiences = page.getByTestId(`flag-audiences-${placement.id}`);
    expect(await wheelchair.textContent()).toContain('Rolstoeltoegankelijk: opgegeven, niet gecontroleerd');
    expect(await audiences.textContent()).toContain(
      `Inpakken ${WORD}: Geschikt voor Praktijkonderwijs, Voortgezet speciaal onderwijs: opgegeven, niet gecontroleerd`,
    );

    await wheelchair.getByRole('button', { name: 'Gecontroleerd bij bezoek' }).click();
    await page.locator(`[data-testid="flag-wheelchair-${site.id}"][data-source="VERIFIED"]`).waitFor();
    const [{ display_name: name }] = await t.db.query(`SELECT display_name FROM app_user WHERE id = $1`, [coordinator.userId]);
    expect(await wheelchair.textContent()).toContain(`Rolstoeltoegankelijk: gecontroleerd ${name}, `);
    expect(await audiences.getAttribute('data-source')).toBe('DECLARED');
    await page.screenshot({ path: join(SHOTS, 'flags.png'), fullPage: true });

    // The employer changes it afterwards: declared again after a reload.
    await t.db.query(`UPDATE site SET wheelchair_accessible = false WHERE id = $1`, [site.id]);
    await page.reload();
    await page.locator(`[data-testid="flag-wheelchair-${site.id}"][data-source="DECLARED"]`).waitFor();
    expect(await page.getByTestId(`flag-wheelchair-${site.id}`).textContent()).toContain('Niet rolstoeltoegankelijk: opgegeven, niet gecontroleerd');
    await page.close();
  });

  it("marks each flag a student's match relies on as checked on a visit (by whom, when) or only declared, in both languages", async () => {
    const f = new Factory(t);
    // Pieterburen: nothing else within the student's 3 km.
    const near = (km: number) => ({ location: { type: 'Point' as const, coordinates: [6.45 + km / 67, 53.4] } });
    const student = await f.student(coordinator.organisationId, {
      code: `PB-${WORD}`,
      homeLocation: near(0).location,
      maxTravelKm: 3,
      constraints: [StudentConstraint.WHEELCHAIR],
    });
    const checked = await f.employer({ name: `Zeehondencentrum ${WORD}` }, near(1));
    const checkedPlacement = await f.placement(checked.site.id, { title: `Balie ${WORD}` });
    const declared = await f.employer({ name: `Wadloopcentrum ${WORD}` }, near(1.5));
    const declaredPlacement = await f.placement(declared.site.id, { title: `Kassa ${WORD}` });
    for (const [query, variables] of [
      [`mutation ($id: ID!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: true }) { id } }`, { id: checked.site.id }],
      [`mutation ($id: ID!) { verifyAudienceSuitability(id: $id, input: { audiences: [PRO, VSO, PLP] }) { id } }`, { id: checkedPlacement.id }],
    ] as const)
      expect((await t.gql(query, variables, coordinator.token)).errors).toBeUndefined();
    const [{ display_name: name }] = await t.db.query(`SELECT display_name FROM app_user WHERE id = $1`, [coordinator.userId]);

    const page = await signedIn();
    await page.goto(`${base}/#/students/${student.id}`);
    const note = (placementId: string, flag: string) => page.locator(`.hit[data-placement="${placementId}"] [data-testid="flag-note"][data-flag="${flag}"]`);
    await note(checkedPlacement.id, 'WHEELCHAIR_ACCESS').waitFor();
    await note(declaredPlacement.id, 'WHEELCHAIR_ACCESS').waitFor();
    for (const flag of ['WHEELCHAIR_ACCESS', 'AUDIENCE_SUITABILITY']) {
      expect(await note(checkedPlacement.id, flag).getAttribute('data-source')).toBe('VERIFIED');
      expect(await note(declaredPlacement.id, flag).getAttribute('data-source')).toBe('DECLARED');
    }
    expect(await note(checkedPlacement.id, 'WHEELCHAIR_ACCESS').textContent()).toMatch(
      new RegExp(`^gecontroleerd Rolstoeltoegankelijk: gecontroleerd bij een bezoek op \\d+ \\w+ \\d{4}\\. \\(door ${name}\\)$`),
    );
    expect(await note(declaredPlacement.id, 'WHEELCHAIR_ACCESS').textContent()).toBe(
      'opgegeven, niet gecontroleerd Rolstoeltoegankelijk volgens opgave (werkgever of import), nog niet gecontroleerd bij een bezoek.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'student-flag-notes');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Matching placements' }).waitFor();
    expect(await note(checkedPlacement.id, 'AUDIENCE_SUITABILITY').textContent()).toMatch(
      new RegExp(`^verified Suitable for .+: checked on a visit on .+\\. \\(by ${name}\\)$`),
    );
    expect(await note(declaredPlacement.id, 'WHEELCHAIR_ACCESS').textContent()).toBe(
      'declared, not verified Wheelchair accessible as declared (by the employer or an import), not yet checked on a visit.',
    );
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.close();
  });

  it('narrows the matches and the search to flags a coach verified, when asked for verified only', async () => {
    const f = new Factory(t);
    // Ameland: nothing else within the student's 3 km.
    const near = (km: number) => ({ location: { type: 'Point' as const, coordinates: [5.75 + km / 67, 53.45] } });
    const student = await f.student(coordinator.organisationId, { code: `AM-${WORD}`, homeLocation: near(0).location, maxTravelKm: 3 });
    // A word of this test's own, so the search finds its two placements and nothing else.
    const own = `ameland${WORD}`;
    const checked = await f.employer({ name: `Bezoekerscentrum ${WORD}` }, near(1));
    const checkedPlacement = await f.placement(checked.site.id, { title: `Gastvrouw ${own}` });
    const declared = await f.employer({ name: `Strandpaviljoen ${WORD}` }, near(1.5));
    const declaredPlacement = await f.placement(declared.site.id, { title: `Bediening ${own}` });
    await t.db.query(`UPDATE site SET wheelchair_accessible = true WHERE id = $1`, [declared.site.id]);
    const verify = await t.gql(
      `mutation ($id: ID!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: true }) { id } }`,
      { id: checked.site.id },
      coordinator.token,
    );
    expect(verify.errors).toBeUndefined();
    await searchCaughtUp(t);

    const page = await signedIn();
    await page.goto(`${base}/#/students/${student.id}`);
    const hit = (placementId: string) => page.locator(`.hit[data-placement="${placementId}"]`);
    await hit(checkedPlacement.id).waitFor();
    await hit(declaredPlacement.id).waitFor();
    const total = Number((await page.getByTestId('match-count').textContent())!.split(' ')[0]);
    await page.locator('[data-name="verified"]').getByLabel('Rolstoeltoegankelijk').check();
    await page
      .getByTestId('match-count')
      .filter({ hasText: new RegExp(`^${total - 1} plek`) })
      .waitFor();
    expect(await hit(checkedPlacement.id).count()).toBe(1);
    expect(await hit(declaredPlacement.id).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/#/placements`);
    await search(page, own);
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^2 resultaten$/ })
      .waitFor();
    await page.locator('aside [data-name="verified"]').getByLabel('Rolstoeltoegankelijk').check();
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^1 resultaat$/ })
      .waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual([`Gastvrouw ${own}`]);
    await page.close();
  }, 60_000);

  it('finds employers, and lists those nobody confirmed for a year', async () => {
    const f = new Factory(t);
    // In the Achterhoek, where no other test puts employers (every test employer was never confirmed).
    const winterswijk = { postcode: '7101 AA', place: 'Winterswijk', location: { type: 'Point' as const, coordinates: [6.72, 51.97] } };
    const { employer } = await f.employer({ name: `Oude Smidse ${WORD}` }, winterswijk);
    await t.db.query(`UPDATE employer SET last_verified_at = now() - interval '400 days' WHERE id = $1`, [employer.id]);
    await searchCaughtUp(t);
    const page = await signedIn();
    await page.goto(`${base}/#/employers`);
    await search(page, `Smidse ${WORD}`);
    await page
      .locator('.hit')
      .getByRole('link', { name: `Oude Smidse ${WORD}` })
      .waitFor();
    const stale = page.getByTestId('stale');
    await stale.getByLabel('Regio').selectOption('ACHTERHOEK');
    await stale.getByRole('link', { name: `Oude Smidse ${WORD}` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'employers');
    await page.close();
  }, 60_000);

  it('imports a CSV: a bad row is reported per row and column and blocks the import; a good file shows its plan, then imports', async () => {
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
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'import-report');

    await page.getByLabel('CSV-bestand').setInputFiles(join(dir, 'import-good.csv'));
    await page.getByRole('button', { name: 'Controleren' }).click();
    expect(await page.getByTestId('import-plan').locator('tbody tr').first().textContent()).toBe('2nieuwnieuw');
    await page.getByRole('button', { name: 'Nu importeren' }).click();
    await page.getByRole('status').filter({ hasText: 'Geïmporteerd: 1 / 1 / 0 / 0' }).waitFor();
    expect(await t.db.query(`SELECT name FROM employer WHERE name = $1`, [`Fietsenmaker ${WORD}`])).toHaveLength(1);
    expect(await t.db.query(`SELECT name FROM employer WHERE name = $1`, [`Kapper ${WORD}`])).toHaveLength(0);
    await page.close();
  }, 60_000);

  it('shows the statistics as figures, charts and a table, exports them as CSV; an SBB adviser keeps recognitions and the Boris flag and lists Boris companies', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/dashboard`);
    await page.getByRole('button', { name: 'Tonen' }).click();
    const table = page.getByTestId('statistics');
    await table.waitFor();
    expect(await table.locator('tr.total th').textContent()).toBe('Totaal');
    await page.getByTestId('chart-destinations').waitFor();
    await page.getByTestId('chart-follow-up').waitFor();
    expect(await page.getByTestId('totals').locator('[data-figure="started"] dd').textContent()).toMatch(/^\d+$/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^stagebank-statistieken-.*\.csv$/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'dashboard');

    const f = new Factory(t);
    const adviser = await f.member(MembershipRole.SBB_ADVISER, await f.organisation({ kind: 'SBB' as never }));
    const { employer } = await f.employer({ name: `Boris Bakkerij ${WORD}` });
    const sbb = await signedIn(adviser);
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
    await sbb
      .getByTestId('boris-list')
      .getByRole('link', { name: `Boris Bakkerij ${WORD}` })
      .waitFor();
    expect(await seriousViolations(sbb)).toEqual([]);
    await shot(sbb, 'sbb');
    // A coordinator sees the history, but no SBB controls.
    await page.goto(`${base}/#/employers/${employer.id}`);
    await page.getByTestId('boris-history').locator('li').first().waitFor();
    expect(await page.getByRole('button', { name: /Boris-kenmerk/ }).count()).toBe(0);
    await sbb.close();
    await page.close();
  }, 90_000);

  it('rings the bell when a watched placement frees a seat, in real time, naming the placement', async () => {
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
    await page
      .getByTestId('bell-count')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /^Meldingen/ }).click();
    const item = page.getByRole('dialog').locator('li', { hasText: `Klokken ${WORD}` });
    await item.waitFor();
    expect(await item.textContent()).toContain(`Plek vrijgekomen: Klokken ${WORD}, Klokkenmaker ${WORD}`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'notifications');
    await page.close();
  }, 60_000);

  it('rings the bell when the employer-link round its coordinator started sent its links, naming the region and the answers', async () => {
    const f = new Factory(t);
    await f.employer({ name: `Veenkoloniaal museum ${WORD}` }, { region: LabourMarketRegion.DRENTHE });
    const page = await signedIn();
    await page.goto(`${base}/#/employers`);
    const before = Number(await page.getByTestId('bell-count').textContent());
    // A school year of its own: rounds are per region and year, and a PostgreSQL test database is kept. The one after the
    // latest round's, odd (link-round-notifications.e2e takes even ones), so two files running at once never share one.
    const [{ latest }] = await t.db.query(`SELECT coalesce(max(split_part(school_year, '-', 1)::int), 2998) AS latest FROM employer_link_round`);
    const from = Math.max(3001, Number(latest) + 1 + (Number(latest) % 2));
    const year = `${from}-${from + 1}`;
    const { created } = await t.app
      .get(EmployerLinkService)
      .startRound(LabourMarketRegion.DRENTHE, year, { userId: coordinator.userId, organisationId: coordinator.organisationId });
    await page
      .getByTestId('bell-count')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /^Meldingen/ }).click();
    const item = page.getByRole('dialog').locator('li', { hasText: year });
    await item.waitFor();
    expect(await item.textContent()).toContain(`Linkronde gestart: stuur de werkgevers hun link: Drenthe ${year}, 0 / ${created} beantwoord`);
    expect(await item.getByRole('link').getAttribute('href')).toBe(`#/rounds/DRENTHE/${year}`);
    expect(await seriousViolations(page)).toEqual([]);

    // The notification opens the round's report: nobody answered yet, and every link is there to copy and send.
    await item.getByRole('link').click();
    const report = page.getByTestId('round-report');
    await report.waitFor();
    expect(await page.getByTestId('round-state').getAttribute('data-ready')).toBe('false');
    expect(await report.locator('[data-count="links"] dd').textContent()).toBe(String(created));
    expect(await report.locator('[data-count="unanswered"] dd').textContent()).toBe(String(created));
    const urls = await report.getByTestId('round-link-url').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    expect(urls).toHaveLength(created);
    for (const url of urls) expect(url).toMatch(new RegExp(`^${base}/#/listing/[0-9a-f-]{36}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'link-round');
    await page.close();
  }, 60_000);

  it('warns when another coach is already in contact, and tells about a new placement matching a watched search', async () => {
    const f = new Factory(t);
    const { employer, site } = await f.employer({ name: `Zeilmakerij ${WORD}` });
    const other = await f.member(MembershipRole.COORDINATOR);
    await t.gql(
      `mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { approach { id } } }`,
      {
        input: { employerId: employer.id, purpose: 'Plek voor een leerling', until: addDays(todayIso(), 20) },
      },
      other.token,
    );
    const page = await signedIn();
    await page.goto(`${base}/#/employers/${employer.id}`);
    await page.getByLabel('Waarvoor').fill('Snuffelstage');
    await page.getByRole('button', { name: 'Ik neem contact op' }).click();
    const warning = page.locator('.warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Plek voor een leerling');

    await page.goto(`${base}/#/placements`);
    await search(page, `zeildoek${WORD}`);
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^0 resultaten$/ })
      .waitFor()
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\nshown: ${await page.locator('main').textContent()}`);
      });
    const before = Number(await page.getByTestId('bell-count').textContent());
    await page.getByRole('button', { name: 'Volg deze zoekopdracht' }).click();
    await page.getByRole('button', { name: 'Gevolgd' }).waitFor();
    await f.placement(site.id, { title: `Naaien zeildoek${WORD}` });
    await page
      .getByTestId('bell-count')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 15_000 });
    await page.close();
  }, 60_000);

  it('can be used with the keyboard alone: skip to the content, tab to the search box, type, Enter', async () => {
    const page = await signedIn();
    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').waitFor();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent),
    ).toBe('Naar de inhoud');
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.getByRole('searchbox').evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)) break;
    }
    await page.keyboard.type(`Tuincentrum ${WORD}`);
    await page.keyboard.press('Enter');
    await page.locator('.hit').first().waitFor();
    expect(await page.getByTestId('result-count').textContent()).toMatch(/^\d+ resulta(at|ten)$/);
    await page.close();
  }, 60_000);

  it('keeps the newest search when an earlier, slower answer arrives after it', async () => {
    const page = await signedIn();
    // Hold back the screen's first search (the full list it loads on arrival) until the user's own has answered.
    let held = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      if (!held && route.request().postData()?.includes('searchPlacements')) {
        held = true;
        await released;
      }
      await route.continue();
    });
    await page.goto(`${base}/#/placements`);
    await page.getByRole('searchbox').waitFor();
    await search(page, `Tuincentrum ${WORD}`);
    await page
      .getByTestId('result-count')
      .filter({ hasText: /^2 resultaten$/ })
      .waitFor();
    release();
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('result-count').textContent()).toBe('2 resultaten');
    await page.close();
  }, 60_000);

  it('works on a tablet: the map moves below the list', async () => {
    const page = await signedIn(coordinator, { width: 768, height: 1024 });
    await page.goto(`${base}/#/placements`);
    await search(page, WORD);
    await page.locator('.hit').first().waitFor();
    await page.locator('.map.leaflet-container').waitFor();
    const list = await page.locator('.results').boundingBox();
    const map = await page.locator('.map').boundingBox();
    expect(map!.y).toBeGreaterThan(list!.y);
    expect(map!.x + map!.width).toBeLessThanOrEqual(768);
    await shot(page, 'tablet');
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

  it('signs in with the school account at the provider (code with PKCE), asks a coach of two schools which one, and works for that one', async () => {
    const f = new Factory(t);
    const coach = await f.member(MembershipRole.COACH);
    const secondSchool = await f.organisation({ name: `Tweede School ${WORD}` });
    await t.db.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, 'COACH')`, [coach.userId, secondSchool.id]);
    const [{ email }] = await t.db.query(`SELECT email FROM app_user WHERE id = $1`, [coach.userId]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base);
    await page.getByRole('button', { name: 'Inloggen met je schoolaccount' }).click();
    // The provider's own sign-in and consent pages.
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    // Back in stagebank: the coach works for two schools.
    await page.getByRole('heading', { name: 'Voor welke organisatie werk je nu?' }).waitFor();
    expect(page.url()).not.toContain('code=');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Tweede School ${WORD}` }).click();
    await page
      .getByTestId('who')
      .filter({ hasText: `Tweede School ${WORD}` })
      .waitFor();
    await page.getByRole('search').waitFor();
    // The first sign-in linked the provider's account to the stagebank user.
    expect((await t.db.query(`SELECT oidc_subject FROM app_user WHERE id = $1`, [coach.userId]))[0].oidc_subject).toBe(`${issuer}|${email}`);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('button', { name: 'Inloggen met je schoolaccount' }).waitFor();
    await page.close();
  }, 60_000);
});
