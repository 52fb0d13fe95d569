import { MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { Browser } from 'playwright-core';
import { describeInChromium, ensureWebAppBuilt, freePort, launchChromium, openPage } from './support/browser';
import { Factory, Member } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Approach outcomes in a real browser (Debian's Chromium through playwright-core): a coach ends an
 * approach "no answer" and sees "reageert niet"; the employer sets its monthly cap on its own page
 * and the next approach warns; a "busy until" proposes a pause that one click applies.
 */
const BUSY_UNTIL = addDays(todayIso(), 75);
/** The day as the app writes it in Dutch ("1 mrt. 2027"). */
const SHOWN = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
  new Date(`${BUSY_UNTIL}T00:00:00Z`),
);

describeInChromium('approach outcomes in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let coach: Member;
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

  beforeAll(async () => {
    ensureWebAppBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp();
    await t.app.listen(port, '127.0.0.1');
    coach = await new Factory(t).member(MembershipRole.COORDINATOR);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const page = (token?: string) => openPage(browser, pageErrors, token);

  it('ends approaches with an outcome, shows "reageert niet", warns beyond the cap the employer set, and pauses on the busy proposal', async () => {
    const { employer } = await new Factory(t).employer({ name: 'Hoveniersbedrijf De Linde' });
    // Two earlier approaches went unanswered.
    for (let i = 0; i < 2; i++) {
      const started = await t.gql(
        `mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { approach { id } } }`,
        { input: { employerId: employer.id, purpose: 'eerder gebeld', until: addDays(todayIso(), 7) } },
        coach.token,
      );
      await t.gql(
        `mutation ($id: ID!) { endEmployerApproach(id: $id, outcome: { outcome: NO_ANSWER }) { id } }`,
        { id: started.data!.startEmployerApproach.approach.id },
        coach.token,
      );
    }

    const p = await page(coach.token);
    await p.goto(`${base}/#/employers/${employer.id}`);
    const card = p.getByRole('region', { name: 'Nu in contact' });
    await card.getByTestId('unanswered').getByText('2 benaderingen zonder antwoord').waitFor();
    expect(await card.getByTestId('does-not-respond').count()).toBe(0);

    // The third approach goes unanswered too: the employer "does not respond".
    const approach = async (purpose: string) => {
      await card.getByLabel('Waarvoor').fill(purpose);
      await card.getByRole('button', { name: 'Ik neem contact op' }).click();
      return card.locator('li[data-approach]', { hasText: purpose });
    };
    const third = await approach('plek voor een leerling groen');
    await third.getByLabel('Uitkomst').selectOption({ label: 'Geen antwoord' });
    await third.getByRole('button', { name: 'Afronden' }).click();
    await card.getByTestId('does-not-respond').getByText('Reageert niet: 3 benaderingen zonder antwoord in de afgelopen zes maanden').waitFor();
    expect(await card.locator('li[data-approach]').count()).toBe(0);

    // The employer says on its own page it can handle one approach a month.
    const { token } = (await t.gql(`mutation ($id: ID!) { createEmployerLink(employerId: $id) { token } }`, { id: employer.id }, coach.token)).data!
      .createEmployerLink;
    const own = await page();
    await own.goto(`${base}/#/listing/${token}`);
    await own.getByLabel('Hoe vaak per maand mogen scholen u benaderen?').fill('1');
    await own.getByRole('button', { name: 'Klopt zo, bevestigen' }).click();
    await own.getByTestId('answered').waitFor();

    // Stored when the page says so.
    const [stored] = await t.db.query(`SELECT max_approaches_per_month AS cap FROM employer WHERE id = $1`, [employer.id]);
    expect(stored).toEqual({ cap: 1 });

    // The coach sees the cap, and the next approach warns naming it.
    await p.reload();
    await card
      .getByTestId('approach-cap')
      .getByText('Maximaal aantal benaderingen per maand: 1')
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nThe page showed:\n${await p.locator('main').innerText()}`);
      });
    const fourth = await approach('nog een keer proberen');
    await card.locator('[data-warning="APPROACH_CAP_EXCEEDED"]').getByText('niet vaker benaderd worden dan dit aantal keer per maand: 1').waitFor();

    // Busy until a day: a pause is proposed, and one click applies it.
    await fourth.getByLabel('Uitkomst').selectOption({ label: 'Druk tot een datum' });
    await fourth.getByLabel('Druk tot').fill(BUSY_UNTIL);
    await fourth.getByRole('button', { name: 'Afronden' }).click();
    const suggestion = card.getByTestId('pause-suggestion');
    await suggestion.getByText(`Voorstel: pauzeren tot ${SHOWN}`).waitFor();
    await suggestion.getByRole('button', { name: 'Pauzeer tot die dag' }).click();
    await p.locator('[data-testid="employer-status"][data-status="PAUSED"]').waitFor();
    await suggestion.waitFor({ state: 'detached' });
  });
});
