import type { Locator, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type {} from '../support/backstage-window';
import { expect, test } from './fixtures';
import { closeKiosks, kioskPage } from './kiosks';

// The content team, last-minute changes and shout-outs: the content tablet lists who
// can be shot now; a change to a look after the rehearsal started shows on the tablet
// cards until a desk there has seen it, and at the curtain while the look is now or
// next; a shout-out posted on one kiosk reaches the relaxation wall of another.

// Several windows and kiosks on a shared two-core machine: journeys take their time.
test.describe.configure({ timeout: 120_000 });

import { DEMO_PASSPHRASE } from '../../src/state/access';

async function producerWithDemo(page: Page): Promise<void> {
  await page.goto('/#/producer');
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  // Writing the whole demo show can take a while on a busy machine.
  await expect(page.getByLabel('Look 32 outfit')).toBeVisible({ timeout: 15_000 });
}

/** Another window of the same browser (the same kiosk, the same database) at `path`. */
async function openWindow(page: Page, path: string): Promise<Page> {
  const other = await page.context().newPage();
  await other.goto(`/#${path}`);
  return other;
}

/** One GO at the curtain, once the button takes taps again (the double-tap guard is a second). */
async function go(curtain: Page, look: number): Promise<void> {
  const button = curtain.getByRole('button', { name: `GO — look ${look}` });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(curtain.getByRole('button', { name: `GO — look ${look + 1}` })).toBeVisible();
}

const card = (page: Page, name: string): Locator => page.getByRole('article', { name });

/** Accessibility violations of the page's main landmark, text contrast at 7:1 (WCAG AAA) as the screens ask. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('main')
    .options({ rules: { 'color-contrast-enhanced': { enabled: true } } })
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
const lookGroup = (page: Page, name: string, look: number): Locator =>
  card(page, name).getByRole('group', { name: `Look ${look}`, exact: true });

test('a change to look 3 after the rehearsal started shows on the tablet and at the curtain until the dresser has seen it', async ({
  page,
}) => {
  await producerWithDemo(page);
  const curtain = await openWindow(page, '/curtain');
  await go(curtain, 1);
  await go(curtain, 2);
  // Look 3 (Mei Tanaka, dresser Marc) is next.
  const tablet = await openWindow(page, '/makeup');
  await expect(card(tablet, 'Mei Tanaka')).toBeVisible({ timeout: 15_000 });
  const changes = lookGroup(tablet, 'Mei Tanaka', 3).getByRole('group', {
    name: 'Changes to look 3',
  });
  await expect(changes).toHaveCount(0);

  const outfit = page.getByLabel('Look 3 outfit');
  await outfit.fill('Red wool coat');
  await outfit.press('Tab');

  await expect(changes).toContainText('Outfit: Camel trench, knit bodysuit → Red wool coat');
  await expect(changes).toContainText('For Dresser (Marc)');
  // Only look 3 changed.
  await expect(lookGroup(tablet, 'Amara Okafor', 19)).not.toContainText('Changed since');

  const unseen = curtain.getByRole('region', { name: 'Changes not seen yet' });
  await expect(unseen).toContainText('Next · look 3');
  await expect(unseen).toContainText('Red wool coat');
  await expect(unseen).toContainText('Dresser (Marc) has not seen it');
  expect(await violations(curtain)).toEqual([]);
  expect(await violations(tablet)).toEqual([]);

  // A tablet on Marc's rail sees only the dresser's changes; a station's tablet none of them.
  await tablet.goto('/#/makeup?station=Chair%202');
  await expect(card(tablet, 'Mei Tanaka')).toBeVisible();
  await expect(changes).toHaveCount(0);
  await tablet.goto('/#/makeup?dresser=Marc');
  await expect(changes).toContainText('Red wool coat');

  await changes.getByRole('button', { name: 'Seen: look 3 changes for Dresser (Marc)' }).click();
  await expect(changes).toHaveCount(0);
  await expect(unseen).toHaveCount(0);
  // Seen stays seen after a reload.
  await tablet.reload();
  await expect(card(tablet, 'Mei Tanaka')).toBeVisible();
  await expect(lookGroup(tablet, 'Mei Tanaka', 3)).toContainText('Red wool coat');
  await expect(changes).toHaveCount(0);

  // Changed again, it opens again from the value the dresser saw; once look 3 has walked
  // and look 4 is next, the curtain shows it as now.
  await outfit.fill('Red wool coat, no belt');
  await outfit.press('Tab');
  await expect(changes).toContainText('Outfit: Red wool coat → Red wool coat, no belt');
  await go(curtain, 3);
  await expect(unseen).toContainText('Now · look 3');
  await go(curtain, 4);
  await expect(unseen).toHaveCount(0);
});

test('the content tablet lists who can be shot now, marks shots and sends a photo call', async ({
  page,
}) => {
  await producerWithDemo(page);
  const curtain = await openWindow(page, '/curtain');
  await go(curtain, 1);
  await go(curtain, 2);
  await go(curtain, 3);
  const content = await openWindow(page, '/content');
  await expect(content.getByRole('heading', { name: 'Content team' })).toBeVisible();
  const free = content.getByRole('list', { name: 'Free to shoot' });
  const notFree = content.getByRole('list', { name: 'Not free' });
  const row = (name: string) => notFree.getByRole('listitem').filter({ hasText: name });

  // Mei (look 3) is on the runway, Sofia walks next. Nobody is dressed yet: Amara (looks 1
  // and 19) has hair and makeup done, and needs dressing.
  await expect(content.getByText('Nobody is free right now')).toBeVisible();
  await expect(row('Amara Okafor')).toContainText('Still to do: Dressed');
  await expect(row('Amara Okafor')).toContainText('Look 19 in 15 looks');
  await expect(row('Mei Tanaka')).toContainText('On the runway or at the line-up');
  await expect(row('Sofia Marchetti')).toContainText('Walks next');
  await expect(row('Zara Haddad')).toContainText('Walks in 1 look');
  await expect(row('Olivia Brooks')).toContainText('Not checked in');

  const tablet = await openWindow(page, '/makeup');
  const dress = async (name: string, look: number) => {
    const dressed = lookGroup(tablet, name, look).getByRole('button', { name: 'Dressed' });
    await dressed.click();
    await expect(dressed).toHaveAttribute('aria-pressed', 'true');
  };
  await dress('Amara Okafor', 19);
  const freeNames = free.getByRole('heading', { level: 3 });
  await expect(freeNames).toHaveText(['Amara Okafor']);
  await expect(card(content, 'Amara Okafor')).toContainText('Look 19 in 15 looks · about 11 min');
  // Lina (looks 2 and 20) is made up too: dressed for look 20, she is free, after Amara
  // (who walks sooner, so is free for less long).
  await dress('Lina Sørensen', 20);
  await expect(freeNames).toHaveText(['Amara Okafor', 'Lina Sørensen']);
  // Dressed without makeup is not enough.
  await dress('Grace Mensah', 12);
  await expect(row('Grace Mensah')).toContainText('Still to do: Hair, Makeup');

  // Keeping 16 looks clear, Amara (15 looks away) is no longer free; Lina (16 away) still is.
  await content.goto('/#/content?clear=16');
  await expect(freeNames).toHaveText(['Lina Sørensen']);
  await expect(row('Amara Okafor')).toContainText('Walks in 15 looks');
  await content.getByRole('button', { name: 'Keep fewer looks clear' }).click();
  await expect(freeNames).toHaveText(['Amara Okafor', 'Lina Sørensen']);

  // Shot both ways, Amara goes after those still to shoot.
  const portrait = card(content, 'Amara Okafor').getByRole('button', { name: 'Portrait' });
  await portrait.click();
  await expect(portrait).toHaveAttribute('aria-pressed', 'true');
  await expect(content.getByText('0 of 2 free models shot')).toBeVisible();
  await card(content, 'Amara Okafor').getByRole('button', { name: 'Look 19' }).click();
  await expect(content.getByText('1 of 2 free models shot')).toBeVisible();
  await expect(freeNames).toHaveText(['Lina Sørensen', 'Amara Okafor']);
  expect(await violations(content)).toEqual([]);

  await card(content, 'Amara Okafor')
    .getByRole('button', { name: 'Call Amara Okafor to the content corner' })
    .click();
  await expect(card(content, 'Amara Okafor')).toContainText('Called just now');
  // A call like any other: on the tablets, acknowledged there, and the content tablet says so.
  const tabletCall = tablet
    .getByRole('region', { name: 'Calls' })
    .getByRole('listitem')
    .filter({ hasText: 'Photo call: Amara Okafor — the content corner' });
  await tabletCall.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(card(content, 'Amara Okafor')).toContainText('acknowledged');
});

// ——— Across kiosks: real WebRTC through the real PeerServer ———

test.afterEach(closeKiosks);

test('a shout-out posted on a tablet appears on another kiosk’s wall, and the producer can hide it', async ({
  browser,
}) => {
  const producer = await kioskPage(browser);
  await producer.goto('/#/producer');
  await producer.getByRole('button', { name: 'Load the demo show' }).click();
  await producer.waitForFunction(
    () => window.__backstage?.sync.isShared === true && window.__backstage.sync.isLeader,
  );
  const link = await producer.evaluate(() => {
    const sync = window.__backstage!.sync;
    return `${location.origin}/#/join?show=${sync.showId}&via=${sync.peerId}`;
  });
  // The wall is another window of the producer's kiosk: what reaches it came over the link.
  const wall = await producer.context().newPage();
  await wall.goto('/#/wall');
  // The demo's briefing call fills the calls' room; the corner shows once it is cleared.
  await expect(wall.getByRole('region', { name: 'Calls' })).toContainText('Briefing');

  const tablet = await kioskPage(browser);
  await tablet.goto(link);
  await tablet.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await tablet.getByRole('radio', { name: 'Hair & makeup tablet' }).check();
  await tablet.getByLabel(/Name of this kiosk/).fill('Chair 2 tablet');
  await tablet.getByRole('button', { name: 'Join the show' }).click();
  await expect(tablet).toHaveURL(/#\/makeup$/, { timeout: 20_000 });
  await expect(card(tablet, 'Mei Tanaka')).toBeVisible({ timeout: 20_000 });

  await tablet.getByRole('button', { name: 'Shout-out' }).click();
  const composer = tablet.getByRole('form', { name: 'Shout-out to the relaxation wall' });
  // Nothing to say yet: told so, nothing posted.
  await composer.getByRole('button', { name: 'Post to the wall' }).click();
  await expect(composer.getByRole('alert')).toHaveText('Write a few words');
  await composer.getByRole('button', { name: '🔥' }).click();
  await composer.getByRole('textbox', { name: /Shout-out/ }).fill('Mei, that walk in look 3 — wow');
  await composer.getByRole('button', { name: 'Post to the wall' }).click();
  await expect(composer).toHaveCount(0);

  // The producer sees it and clears the briefing call: the wall's corner shows it.
  const panel = producer.getByRole('list', { name: 'Shout-outs on the relaxation wall' });
  await expect(panel).toContainText('Mei, that walk in look 3 — wow', { timeout: 20_000 });
  await expect(panel).toContainText('Chair 2 tablet');
  await producer
    .getByRole('region', { name: 'Calls' })
    .getByRole('button', { name: /^Clear:/ })
    .first()
    .click();
  const corner = wall.getByRole('region', { name: 'Shout-outs' });
  await expect(corner).toContainText('🔥');
  await expect(corner).toContainText('Mei, that walk in look 3 — wow');
  expect(await violations(wall)).toEqual([]);

  // A call takes the room back: the corner gives way while it shows.
  await tablet.getByRole('button', { name: 'Request touch-up' }).first().click();
  await tablet.getByRole('button', { name: 'Send request' }).click();
  await expect(wall.getByRole('region', { name: 'Calls' })).toContainText('Touch-up', {
    timeout: 20_000,
  });
  await expect(corner).toHaveCount(0);
  await producer
    .getByRole('region', { name: 'Calls' })
    .getByRole('button', { name: /^Clear:/ })
    .first()
    .click();
  await expect(corner).toContainText('Mei, that walk in look 3 — wow');

  await producer
    .getByRole('button', { name: 'Hide shout-out: Mei, that walk in look 3 — wow' })
    .click();
  await expect(corner).toHaveCount(0);
  await expect(panel).toContainText('hidden from the wall');
  // The debrief keeps it in its timeline, marked.
  await expect(producer.getByRole('region', { name: /Shout-outs, in time order/ })).toContainText(
    '🔥 Mei, that walk in look 3 — wow (hidden from the wall)',
  );
});
