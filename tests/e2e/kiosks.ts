import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type {} from '../support/backstage-window';
import { DEMO_PASSPHRASE } from '../../src/state/access';
import { expect } from './fixtures';

// Journeys across kiosks: each kiosk is its own browser context (its own IndexedDB),
// talking to the others over real WebRTC through the real PeerServer.

/** A join link as a producer's kiosk hands it out, and the show it names. */
export interface Invite {
  showId: string;
  link: string;
}

/** The kiosks of the running test. */
const kiosks: BrowserContext[] = [];

/** Close this context when the test ends (with `closeKiosks`). */
export function closeAfterTest(context: BrowserContext): void {
  kiosks.push(context);
}

/** A new kiosk: a fresh context, set up by `prepare` before its page opens. */
export async function kioskPage(
  browser: Browser,
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<Page> {
  const context = await browser.newContext();
  closeAfterTest(context);
  await prepare?.(context);
  return context.newPage();
}

/**
 * For `test.afterEach`. Playwright leaves contexts made with `browser.newContext()` open
 * until the worker ends: the kiosks of every earlier journey would go on syncing
 * (heartbeats, discovery, roster, live queries) and starve the next ones of the two cores.
 */
export async function closeKiosks(): Promise<void> {
  await Promise.all(kiosks.splice(0).map((context) => context.close().catch(() => {})));
}

interface InviteOptions {
  /** The origin the link points at (another server's); the page's own by default. */
  origin?: string;
  /** The link also names the show's founder, as a producer's kiosk hands it out once admissions exist. */
  founder?: boolean;
}

/** The join link this producer's kiosk hands out: the show, and itself to dial. */
export function inviteFrom(page: Page, { origin = '', founder = false }: InviteOptions = {}) {
  return page.evaluate(
    ({ from, withFounder }): Invite => {
      const { sync, admissions } = window.__backstage!;
      const base = from || location.origin;
      const link = `${base}/#/join?show=${sync.showId}&via=${sync.peerId}`;
      return {
        showId: sync.showId,
        link: withFounder ? `${link}&founder=${admissions.founder}` : link,
      };
    },
    { from: origin, withFounder: founder },
  );
}

/**
 * The producer loads the demo (so the show gets the demo passphrase) and waits until it is
 * shared and leading; with `producer`, also until its own admission says producer.
 */
export async function loadDemo(
  page: Page,
  options: InviteOptions & { producer?: boolean } = {},
): Promise<Invite> {
  await page.goto(`${options.origin ?? ''}/#/producer`);
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await page.waitForFunction(
    (producer) =>
      window.__backstage?.sync.isShared === true &&
      window.__backstage.sync.isLeader &&
      (!producer || window.__backstage.admissions.isProducer),
    options.producer ?? false,
  );
  return inviteFrom(page, options);
}

/** The screen each role's kiosk goes on to once joined. */
const SCREENS: Record<string, string> = {
  'Relaxation wall': 'wall',
  'Curtain display': 'curtain',
  'Hair & makeup tablet': 'makeup',
  Producer: 'producer',
};

/** Joined: the kiosk went on to its role's screen. */
export async function expectJoined(page: Page, screen: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`#/${screen}$`), { timeout: 20_000 });
}

interface JoinOptions {
  passphrase?: string;
  /** Also wait until the kiosk is on its role's screen. */
  arrive?: boolean;
}

/**
 * Join with the link, the passphrase, a role and this kiosk's name. Given an `Invite`,
 * first check that the join screen took the show code from the link.
 */
export async function join(
  page: Page,
  to: Invite | string,
  role: string,
  name: string,
  { passphrase = DEMO_PASSPHRASE, arrive = false }: JoinOptions = {},
): Promise<void> {
  await page.goto(typeof to === 'string' ? to : to.link);
  if (typeof to !== 'string') await expect(page.getByLabel('Show code')).toHaveValue(to.showId);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('radio', { name: role }).check();
  await page.getByLabel(/Name of this kiosk/).fill(name);
  await page.getByRole('button', { name: 'Join the show' }).click();
  if (arrive) await expectJoined(page, SCREENS[role] ?? role);
}

/** The status corner: online with how many kiosks, looking for them, or offline. */
export const corner = (page: Page): Locator =>
  page.getByRole('button', { name: /Online ·|Looking for kiosks|Offline/ });
