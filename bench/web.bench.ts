import 'reflect-metadata';
import { loadConfig } from '@stagebank/config';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AddressInfo } from 'node:net';
import { Page, chromium } from 'playwright-core';
import { DataSource } from 'typeorm';
import { demoMembers } from '../seeds/demo-members';
import { seedDemoIfEmpty } from '../seeds/demo-seed';
import { TokenService } from '../apps/api/src/auth/token.service';
import { createApp, migrate, startDatabase } from '../apps/api/src/bootstrap';
import { webAppDirectory } from '../apps/api/src/common/web-app-directory';
import { machineLine, statsRow, writeSection } from './report';
import { summarise } from './stats';

/**
 * `npm run bench:web`: the web app's bundle (raw and gzip) and its first load in Chromium, cold
 * (a new browser context each time): until the sign-in screen shows, and, signed in, until the
 * first placements and the map are on screen. On the embedded default with the demo network.
 */
const RUNS = 20;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  const dir = webAppDirectory();
  if (!dir) throw new Error('the web app is not built: npm run build:web');
  const assets = readdirSync(join(dir, 'assets'))
    .filter((f) => !f.endsWith('.map'))
    .map((f) => {
      const bytes = readFileSync(join(dir, 'assets', f));
      return { file: f.replace(/-[\w-]{8}\./, '.'), raw: statSync(join(dir, 'assets', f)).size, gzip: gzipSync(bytes).length };
    });

  const config = loadConfig({ LOG_LEVEL: 'silent', EMBEDDED_DATA_DIR: 'memory://', SEARCH_ENGINE: 'postgres', MAP_TILES_URL: 'none', GEOCODER_URL: 'none' });
  const database = await startDatabase(config);
  const app = await createApp(config, database);
  await migrate(app);
  await seedDemoIfEmpty(app.get(DataSource));
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const [member] = await demoMembers(app.get(DataSource));
  const token = app.get(TokenService).sign({ sub: member.userId, org: member.organisationId });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const signIn: number[] = [];
  const firstResults: number[] = [];
  /** The JS and CSS a page asked for (whether cached or not): what that screen needs. */
  const codeOf = (page: Page) => {
    const files = new Map<string, number>();
    page.on('response', (response) => {
      if (/\/assets\/.*\.(js|css)$/.test(response.url()))
        void response.body().then(
          (body) => files.set(response.url(), body.length),
          () => undefined,
        );
    });
    return () => ({ files: files.size, bytes: [...files.values()].reduce((a, b) => a + b, 0) });
  };
  let signInCode = { files: 0, bytes: 0 };
  let resultsCode = { files: 0, bytes: 0 };
  for (let i = 0; i < RUNS + 2; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageCode = codeOf(page);
    let started = Date.now();
    await page.goto(base);
    await page.getByRole('button', { name: 'Inloggen' }).first().waitFor();
    const toSignIn = Date.now() - started;
    await page.addInitScript(
      (t) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', t),
      token,
    );
    const signed = await context.newPage();
    const signedCode = codeOf(signed);
    await signed.addInitScript(
      (t) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', t),
      token,
    );
    started = Date.now();
    await signed.goto(`${base}/#/placements`);
    await signed.locator('.hit').first().waitFor();
    await signed.locator('.map .leaflet-interactive, .map .marker-cluster').first().waitFor();
    const toResults = Date.now() - started;
    if (i >= 2) {
      signIn.push(toSignIn);
      firstResults.push(toResults);
    }
    signInCode = pageCode();
    resultsCode = signedCode();
    await context.close();
  }
  await browser.close();
  await app.close();
  await database.stop();

  const sign = summarise(signIn);
  const results = summarise(firstResults);
  console.log(JSON.stringify({ assets, sign, results, signInCode, resultsCode }));
  const section = [
    '## The web app (`npm run bench:web`)',
    '',
    machineLine(),
    '',
    '| asset (production build, `npm run build:web`) | bytes | gzip bytes |',
    '| --- | ---: | ---: |',
    ...assets.sort((a, b) => b.raw - a.raw).map((a) => `| ${a.file} | ${a.raw.toLocaleString('en')} | ${a.gzip.toLocaleString('en')} |`),
    '',
    'What each screen loads (JS and CSS files it asks for, uncompressed):',
    '',
    '| screen | files | bytes |',
    '| --- | ---: | ---: |',
    `| the sign-in screen | ${signInCode.files} | ${signInCode.bytes.toLocaleString('en')} |`,
    `| placements, signed in (search, facets, map) | ${resultsCode.files} | ${resultsCode.bytes.toLocaleString('en')} |`,
    '',
    `First load in headless Chromium, a new browser context each time (no cache), served by the API on the embedded default with the demo network (PostgreSQL search), ${RUNS} runs after 2 warm-ups:`,
    '',
    '| until | n | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    statsRow('the sign-in screen is on screen', sign),
    statsRow('signed in: the first placements and their map markers are on screen (one search, facets, map)', results),
    '',
  ].join('\n');
  console.log(`wrote ${writeSection('## The web app', section)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
