import { MembershipRole, Sector } from '@stagebank/domain';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
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
const WORD = `duinroos${Date.now().toString(36)}`;

(haveChromium ? describe : describe.skip)('web app in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let coordinator: Member;

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
    await page.getByLabel('Token').fill(coordinator.token);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('search').waitFor();
    await page.screenshot({ path: join(SHOTS, 'placements.png'), fullPage: true });

    await page.getByRole('searchbox').fill(WORD);
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.getByTestId('result-count').filter({ hasText: /^2 resultaten$/ }).waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual(expect.arrayContaining([`Verkoop ${WORD}`, `Kwekerij ${WORD}`]));

    expect(await page.locator('[data-facet="GREEN"]').textContent()).toBe('Groen, dieren en natuur (1)');
    await page.locator('[data-facet="GREEN"]').click();
    await page.getByTestId('result-count').filter({ hasText: /^1 resultaten$/ }).waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual([`Kwekerij ${WORD}`]);
    expect(await page.locator('.hit .seats').first().textContent()).toBe('1 vrije plekken');
    await page.screenshot({ path: join(SHOTS, 'placements-facet.png'), fullPage: true });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('result-count').filter({ hasText: /^1 results$/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-facet="GREEN"]').textContent()).toBe('Green, animals and nature (1)');
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
