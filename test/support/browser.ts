import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, Page, chromium } from 'playwright-core';
import { webAppDirectory } from '../../apps/api/src/common/web-app-directory';

/**
 * What the Chromium specs (test/*.browser.spec.ts) share: Debian's Chromium through playwright-core
 * (`.ci/run` installs it; elsewhere a spec says it is skipped), the built web app, a port for the
 * test app to serve it on, and pages signed in with a token that fail their test on an uncaught error.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

/** `describe` when Chromium is there; otherwise the suite is skipped, and says why. */
export function describeInChromium(name: string, suite: () => void): void {
  if (!haveChromium) console.warn(`${name}: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  (haveChromium ? describe : describe.skip)(name, suite);
}

/**
 * Builds the web app when no build is there to serve (`npm run build:web` makes one too). As users
 * get it: Jest sets NODE_ENV=test, and Vite would then bundle React's development build, whose
 * StrictMode runs every effect twice (two loads racing on each page).
 */
export function ensureWebAppBuilt(): void {
  if (!webAppDirectory())
    execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], {
      cwd: join(__dirname, '../..'),
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
}

/** A port free now on 127.0.0.1, for an app whose address must be known before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * A page in a context of its own, signed in as `token` (as the web app keeps it, in session
 * storage), or not signed in without one; its uncaught errors go to `pageErrors`.
 */
export async function openPage(browser: Browser, pageErrors: string[], token?: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  if (token)
    await context.addInitScript(
      (value) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('stagebank.token', value),
      token,
    );
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}
