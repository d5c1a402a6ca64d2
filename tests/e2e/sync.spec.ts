import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { startServer, type RunningServer } from '../../server/app';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import type {} from '../support/backstage-window';
import { expect, test } from './fixtures';
import { DEMO_PASSPHRASE } from '../../src/state/access';
import {
  closeAfterTest,
  closeKiosks,
  corner,
  expectJoined,
  join,
  kioskPage,
  loadDemo,
} from './kiosks';

// Kiosks of one show on separate browser contexts (separate IndexedDB, separate
// kiosks), talking over real WebRTC through the real PeerServer. One kiosk loads the
// demo as the producer; the others join it with the join link and the passphrase.
//
// Loopback WebRTC ignores Playwright's offline switch (`context.setOffline` cuts
// neither the data channels nor the signalling socket on one machine), so the
// partition journey uses the test-only hook `__backstage.sync.partition(sites)`,
// which refuses and drops links to the given kiosks in the transport and the mesh.

// Several kiosks on a shared two-core machine: journeys take their time.
test.describe.configure({ timeout: 150_000 });

test.afterEach(closeKiosks);

const siteOf = (page: Page) => page.evaluate(() => window.__backstage!.kiosk.site);
/** Every progress row, rows and fields sorted: equal on two kiosks means they hold the same preparation state. */
const progressOf = (page: Page) =>
  page.evaluate(() => {
    const rows = [...window.__backstage!.kiosk.data!.progress.values()].sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    return JSON.stringify(
      rows.map((row) => Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
  });

const modelCard = (page: Page, name: string): Locator => page.getByRole('article', { name });
const stepButton = (page: Page, model: string, step: string, look?: number): Locator => {
  const card = modelCard(page, model);
  const scope = look
    ? card.getByRole('group', { name: `Look ${look}`, exact: true })
    : card.getByRole('group', { name: `Hair and makeup for ${model}` });
  return scope.getByRole('button', { name: step });
};
const wallRow = (page: Page, model: string): Locator =>
  page
    .getByRole('region', { name: 'Running order' })
    .getByRole('listitem')
    .filter({ hasText: model })
    .first();

test('a tap on the makeup tablet shows on the wall and at the curtain', async ({ browser }) => {
  const curtain = await kioskPage(browser);
  const invite = await loadDemo(curtain);
  // The producer's kiosk becomes the curtain display, from the status corner.
  await corner(curtain).click();
  await curtain
    .getByRole('dialog', { name: 'Sync status' })
    .getByRole('button', { name: 'Curtain display' })
    .click();
  await expectJoined(curtain, 'curtain');

  const wall = await kioskPage(browser);
  await join(wall, invite, 'Relaxation wall', 'Wall by the mirrors');
  await expectJoined(wall, 'wall');
  await expect(wall.getByText('Maison Lumière — Spring/Summer 27')).toBeVisible({
    timeout: 20_000,
  });

  const tablet = await kioskPage(browser);
  await join(tablet, invite, 'Hair & makeup tablet', 'Chair 1 tablet');
  await expectJoined(tablet, 'makeup');
  await expect(corner(tablet)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 15_000 });

  await expect(wallRow(wall, 'Amara Okafor')).toContainText('Needs Dressed');
  await stepButton(tablet, 'Amara Okafor', 'Dressed', 1).click();
  await expect(stepButton(tablet, 'Amara Okafor', 'Dressed', 1)).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await expect(wallRow(wall, 'Amara Okafor')).toContainText('Needs Accessories');
  await expect(curtain.getByRole('region', { name: 'Next' })).toContainText('Needs Accessories');

  // One machine, one system clock: the show clock offsets estimated against the reference kiosk stay
  // near zero (a few ms on an idle machine; tens of ms when the renderers are starved of CPU).
  for (const page of [curtain, wall, tablet]) {
    expect(
      Math.abs(await page.evaluate(() => window.__backstage!.showClock.currentOffset)),
    ).toBeLessThan(100);
  }

  // The kiosks panel lists all three, by the names they joined with.
  await corner(wall).click();
  const panel = wall.getByRole('table', { name: 'Kiosks in this show' });
  await expect(panel.getByRole('row', { name: /Chair 1 tablet/ })).toContainText('Online');
  await expect(panel.getByRole('row', { name: /Wall by the mirrors/ })).toContainText('This kiosk');
  await expect(panel.getByRole('row', { name: /Curtain display|Producer/ })).toContainText(
    'Online',
  );
});

test('a tablet closed during the show catches up when it is opened again', async ({
  browser,
  pageErrors,
}) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const otherTablet = await kioskPage(browser);
  const otherJoined = join(otherTablet, invite, 'Hair & makeup tablet', 'Chair 2 tablet').then(() =>
    expectJoined(otherTablet, 'makeup'),
  );

  // This tablet keeps its storage across a close: a persistent browser profile.
  const profile = mkdtempSync(path.join(tmpdir(), 'backstage-kiosk-'));
  const baseURL = test.info().project.use.baseURL;
  const open = async (): Promise<BrowserContext> => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS],
      baseURL,
    });
    pageErrors.watch(context);
    return context;
  };
  try {
    // Its browser starts while the other tablet joins.
    let [context] = await Promise.all([open(), otherJoined]);
    closeAfterTest(context);
    let tablet = context.pages()[0] ?? (await context.newPage());
    await join(tablet, invite, 'Hair & makeup tablet', 'Chair 1 tablet');
    await expectJoined(tablet, 'makeup');
    await expect(corner(tablet)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 15_000 });
    // Its window closes (the page hears pagehide and says goodbye), then its browser.
    await tablet.close();
    await context.close();
    await expect(corner(producer)).toHaveText(/Online · 2 of 3 kiosks/, { timeout: 15_000 });

    // While it is closed: taps on the other tablet, and a burst of edits on the producer's kiosk
    // (the same steps set and unset again, so only the last of each counts).
    await stepButton(otherTablet, 'Nadia Petrova', 'Hair').click();
    await stepButton(otherTablet, 'Amara Okafor', 'Dressed', 1).click();
    await producer.evaluate(async () => {
      const { actions, kiosk } = window.__backstage!;
      const looks = kiosk.data!.looks.current.slice(0, 5);
      for (let round = 0; round < 3; round++) {
        for (const look of looks) await actions.setStep(look.id, 'checked', round % 2 === 0);
      }
    });
    await expect
      .poll(() => progressOf(otherTablet), { timeout: 15_000 })
      .toBe(await progressOf(producer));

    context = await open();
    closeAfterTest(context);
    tablet = context.pages()[0] ?? (await context.newPage());
    await tablet.goto('/');
    await expectJoined(tablet, 'makeup');
    await expect(stepButton(tablet, 'Nadia Petrova', 'Hair')).toHaveAttribute(
      'aria-pressed',
      'true',
      { timeout: 20_000 },
    );
    await expect(stepButton(tablet, 'Amara Okafor', 'Dressed', 1)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect
      .poll(() => progressOf(tablet), { timeout: 15_000 })
      .toBe(await progressOf(producer));
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('two groups that edit while apart converge when they meet again, losing nothing', async ({
  browser,
}) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const [chair1, chair2] = await Promise.all([kioskPage(browser), kioskPage(browser)]);
  await Promise.all([
    join(chair1, invite, 'Hair & makeup tablet', 'Chair 1 tablet'),
    join(chair2, invite, 'Hair & makeup tablet', 'Chair 2 tablet'),
  ]);
  for (const page of [producer, chair1, chair2])
    await expect(corner(page)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 15_000 });

  // Chair 2 loses the others (and they lose it): {producer, chair 1} | {chair 2}.
  const [producerSite, chair1Site, chair2Site] = await Promise.all([
    siteOf(producer),
    siteOf(chair1),
    siteOf(chair2),
  ]);
  await chair2.evaluate(
    (sites) => window.__backstage!.sync.partition(sites),
    [producerSite, chair1Site],
  );
  await producer.evaluate((site) => window.__backstage!.sync.partition([site]), chair2Site);
  await chair1.evaluate((site) => window.__backstage!.sync.partition([site]), chair2Site);
  await expect(corner(chair2)).toHaveText(/Looking for kiosks|Offline/);
  await expect(corner(producer)).toHaveText(/Online · 2 of 3 kiosks/);

  // Both sides edit: different steps, and the same step of the same look.
  await stepButton(chair1, 'Nadia Petrova', 'Hair').click();
  await stepButton(chair1, 'Amara Okafor', 'Dressed', 1).click();
  await stepButton(chair2, 'Nadia Petrova', 'Makeup').click();
  await stepButton(chair2, 'Awa Diallo', 'Hair').click();
  await stepButton(chair2, 'Amara Okafor', 'Dressed', 1).click();
  await producer.evaluate(() =>
    window.__backstage!.actions.addNote('announcement', 'Finale music changed', true),
  );

  // Within a group edits flow; across the partition they do not.
  await expect.poll(() => progressOf(producer)).toBe(await progressOf(chair1));
  expect(await progressOf(chair2)).not.toBe(await progressOf(chair1));
  await expect(stepButton(chair2, 'Nadia Petrova', 'Hair')).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  // The network comes back for everyone at once.
  await Promise.all(
    [producer, chair1, chair2].map((page) => page.evaluate(() => window.__backstage!.sync.heal())),
  );

  for (const tablet of [chair1, chair2]) {
    await expect(stepButton(tablet, 'Nadia Petrova', 'Hair')).toHaveAttribute(
      'aria-pressed',
      'true',
      { timeout: 20_000 },
    );
    await expect(stepButton(tablet, 'Nadia Petrova', 'Makeup')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(stepButton(tablet, 'Awa Diallo', 'Hair')).toHaveAttribute('aria-pressed', 'true');
    await expect(stepButton(tablet, 'Amara Okafor', 'Dressed', 1)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  }
  // Same rows, field by field, on every kiosk: the concurrent "Dressed" resolved the same way everywhere.
  // Compared all at once: a reference read from one kiosk first could be read before
  // that kiosk has the winning write itself (the tablets above may have it sooner).
  await expect
    .poll(async () => new Set(await Promise.all([producer, chair1, chair2].map(progressOf))).size, {
      timeout: 15_000,
    })
    .toBe(1);
  await expect
    .poll(() =>
      chair2.evaluate(() => window.__backstage!.kiosk.data!.notes.current.map((note) => note.text)),
    )
    .toContain('Finale music changed');
});

/** The producer with the demo show, and a tablet joined to it and online. */
async function producerAndTablet(browser: Browser): Promise<{ producer: Page; tablet: Page }> {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const tablet = await kioskPage(browser);
  await join(tablet, invite, 'Hair & makeup tablet', 'Chair 1 tablet');
  await expectJoined(tablet, 'makeup');
  await expect(corner(tablet)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 15_000 });
  return { producer, tablet };
}

/** Another window of `page`'s browser at `path`: it does not sync itself, and shows the status of the window that does. */
async function anotherWindow(page: Page, path: string): Promise<Page> {
  const other = await page.context().newPage();
  await other.goto(path);
  await expect(corner(other)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 15_000 });
  expect(await other.evaluate(() => window.__backstage!.sync.isLeader)).toBe(false);
  return other;
}

test('every window of a kiosk shows its sync status, also after the syncing window closes', async ({
  browser,
}) => {
  const { tablet } = await producerAndTablet(browser);

  // A second window of the tablet's browser: the first one syncs and tells it how that goes.
  const second = await anotherWindow(tablet, '/#/wall');

  // The syncing window closes: the second takes over, and a third window hears from it.
  await tablet.close();
  await second.waitForFunction(() => window.__backstage!.sync.isLeader, null, { timeout: 15_000 });
  await expect(corner(second)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 15_000 });
  await anotherWindow(second, '/#/curtain');
});

test('a tap in a second window of a tablet is previewed on the other kiosks too', async ({
  browser,
}) => {
  const { producer, tablet } = await producerAndTablet(browser);
  const second = await anotherWindow(tablet, '/#/makeup');

  // The producer's kiosk notes the previews it is sent.
  await producer.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __previewed: string[] }).__previewed = seen;
    const transport = (window.__backstage!.sync as unknown as { transport: unknown }).transport as {
      on(
        event: 'message',
        listener: (peer: string, raw: { type?: string; body?: string }) => void,
      ): void;
    };
    // Every message of a joined link travels sealed: its body is the message.
    transport.on('message', (_peer, raw) => {
      if (raw.type !== 'sealed' || typeof raw.body !== 'string') return;
      const message = JSON.parse(raw.body) as {
        type?: string;
        ops?: Array<{ key: string; field: string }>;
      };
      if (message.type === 'preview')
        seen.push(...(message.ops ?? []).map((op) => `${op.key}/${op.field}`));
    });
  });
  const nadia = await producer.evaluate(
    () =>
      window.__backstage!.kiosk.data!.models.current.find((m) => m.name === 'Nadia Petrova')!.id,
  );
  await stepButton(second, 'Nadia Petrova', 'Hair').click();
  await expect
    .poll(() =>
      producer.evaluate(() => (window as unknown as { __previewed: string[] }).__previewed),
    )
    .toContain(`${nadia}/hair`);
  await expect
    .poll(() =>
      producer.evaluate((id) => window.__backstage!.kiosk.data!.progress.get(id)?.hair, nadia),
    )
    .toMatchObject({ done: true });
});

test('a window opened after a peer’s taps were stored shows them, and the taps after it', async ({
  browser,
}) => {
  const { producer, tablet } = await producerAndTablet(browser);
  // No other window of the producer's browser yet: its op store keeps its commits to
  // itself (the window that syncs has the rows from the store's reply).
  await stepButton(tablet, 'Nadia Petrova', 'Hair').click();
  const nadia = await producer.evaluate(
    () =>
      window.__backstage!.kiosk.data!.models.current.find((m) => m.name === 'Nadia Petrova')!.id,
  );
  await expect
    .poll(() =>
      producer.evaluate((id) => window.__backstage!.kiosk.data!.progress.get(id)?.hair, nadia),
    )
    .toMatchObject({ done: true });

  // A second window of the producer's kiosk: it reads what was stored, and once it is
  // there, hears of every commit of the store (its status shows it was heard).
  const second = await anotherWindow(producer, '/#/makeup');
  await expect(stepButton(second, 'Nadia Petrova', 'Hair')).toHaveAttribute('aria-pressed', 'true');
  await stepButton(tablet, 'Nadia Petrova', 'Makeup').click();
  await expect(stepButton(second, 'Nadia Petrova', 'Makeup')).toHaveAttribute(
    'aria-pressed',
    'true',
    { timeout: 15_000 },
  );
});

test('a wrong passphrase gets nothing of the show, and says why', async ({ browser }) => {
  const producer = await kioskPage(browser);
  const invite = await loadDemo(producer);
  const stranger = await kioskPage(browser);
  await join(stranger, invite, 'Relaxation wall', 'Wall', { passphrase: 'runway' });

  const alert = stranger.getByRole('alert').filter({ hasText: 'The passphrase was refused' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText("This kiosk's passphrase does not match");
  await expect(stranger).toHaveURL(/#\/join/);
  await expect(stranger.getByText('Maison Lumière')).toHaveCount(0);
  const held = await stranger.evaluate(() => ({
    looks: window.__backstage!.kiosk.data?.looks.current.length ?? 0,
    models: window.__backstage!.kiosk.data?.models.current.length ?? 0,
    shows: window.__backstage!.kiosk.data?.shows.current.length ?? 0,
  }));
  expect(held).toEqual({ looks: 0, models: 0, shows: 0 });
  // The producer's kiosk refused it, and does not count it in the show.
  await expect.poll(() => producer.evaluate(() => window.__backstage!.sync.summary.online)).toBe(1);

  // With the right passphrase, the same kiosk joins.
  await stranger.getByLabel('Passphrase').fill(DEMO_PASSPHRASE);
  await stranger.getByRole('button', { name: 'Join the show' }).click();
  await expect(stranger).toHaveURL(/#\/wall$/, { timeout: 20_000 });
  await expect(stranger.getByText('Maison Lumière — Spring/Summer 27')).toBeVisible({
    timeout: 20_000,
  });
});

test.describe('with a PeerServer that does not list peers', () => {
  let server: RunningServer;

  test.beforeAll(async () => {
    server = await startServer({
      port: 0,
      discovery: false,
      quiet: true,
      distDir: process.env.E2E_DIST,
    });
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test('kiosks find each other through the join link and the kiosk roster', async ({
    browser,
    pageErrors,
  }) => {
    // The app asks once whether the server lists peers; the browser logs the 401.
    pageErrors.allow(/status of 401/);
    const origin = server.url;
    const producer = await kioskPage(browser);
    const invite = await loadDemo(producer, { origin });
    const [wall, tablet] = await Promise.all([kioskPage(browser), kioskPage(browser)]);
    await Promise.all([
      join(wall, invite, 'Relaxation wall', 'Wall').then(() => expectJoined(wall, 'wall')),
      join(tablet, invite, 'Hair & makeup tablet', 'Chair 1 tablet').then(() =>
        expectJoined(tablet, 'makeup'),
      ),
    ]);
    // Both were invited by the producer only; they learn of each other from the roster.
    await expect(corner(wall)).toHaveText(/Online · 3 of 3 kiosks/, { timeout: 30_000 });
    expect(await wall.evaluate(() => window.__backstage!.sync.isDiscoverySupported)).toBe(false);

    // Cut the producer out: a tap on the tablet still reaches the wall, over their own link.
    const producerSite = await siteOf(producer);
    await tablet.evaluate((site) => window.__backstage!.sync.partition([site]), producerSite);
    await wall.evaluate((site) => window.__backstage!.sync.partition([site]), producerSite);
    await stepButton(tablet, 'Amara Okafor', 'Dressed', 1).click();
    await expect(wallRow(wall, 'Amara Okafor')).toContainText('Needs Accessories', {
      timeout: 15_000,
    });
  });
});

test.describe('with another PeerServer set in the status corner', () => {
  let other: RunningServer;
  test.beforeAll(async () => {
    // On the port the test server's Content-Security-Policy allows (playwright.config.ts).
    other = await startServer({
      port: (Number(process.env.E2E_PORT) || 4317) + 50,
      quiet: true,
      distDir: process.env.E2E_DIST,
    });
  });
  test.afterAll(async () => {
    await other?.close();
  });

  /** Set this kiosk's servers in the status corner's panel; returns the panel. */
  async function setServers(page: Page, server: string, ice = ''): Promise<Locator> {
    await corner(page).click();
    const panel = page.getByRole('dialog', { name: 'Sync status' });
    await panel.getByText('Signalling and ICE servers').click();
    await panel.getByLabel(/Signalling server/).fill(server);
    await panel.getByLabel(/ICE servers/).fill(ice);
    await panel.getByRole('button', { name: 'Save and reconnect' }).click();
    return panel;
  }
  const listedPeers = async (origin = other.url): Promise<string[]> =>
    (await (await fetch(`${origin}/peerjs/peerjs/peers`)).json()) as string[];

  // Both kiosks of this journey restart sync moments after loading or joining the show:
  // a restart that overlapped another once left the first mesh running on the old server
  // (see SyncState.#switchShow), so the old server must be left too.
  test('kiosks sync through the PeerServer their settings name, and a wrong address is explained', async ({
    browser,
  }) => {
    const { producer, tablet } = await producerAndTablet(browser);

    // Mistakes are said, and nothing is saved.
    let panel = await setServers(producer, 'venue-laptop:4173');
    await expect(panel.getByRole('alert')).toContainText(
      '"venue-laptop:4173" is not a web address of a PeerServer',
    );
    await panel.getByLabel(/Signalling server/).fill(`${other.url}/peerjs`);
    await panel
      .getByLabel(/ICE servers/)
      .fill('stun:stun.example.org:3478\nturn:turn.example.org:3478 maison');
    await panel.getByRole('button', { name: 'Save and reconnect' }).click();
    await expect(panel.getByRole('alert')).toHaveText(
      'ICE servers: Line 2: a TURN server needs a user name and a password after its address.',
    );
    expect(await producer.evaluate(() => window.__backstage!.kiosk.settings!.peerServer)).toBe('');

    // Both kiosks move to the other server, and still sync.
    await panel.getByLabel(/ICE servers/).fill('');
    await panel.getByRole('button', { name: 'Save and reconnect' }).click();
    await expect(panel.getByRole('alert')).toHaveCount(0);
    panel = await setServers(tablet, `${other.url}/peerjs`);
    const ids = await Promise.all(
      [producer, tablet].map((page) => page.evaluate(() => window.__backstage!.sync.peerId)),
    );
    await expect
      .poll(() => listedPeers(), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(ids));
    // ...and left the first one: no mesh of either kiosk is still running there.
    const first = new URL(producer.url()).origin;
    const stillOnFirst = async () => (await listedPeers(first)).filter((id) => ids.includes(id));
    await expect.poll(stillOnFirst).toEqual([]);
    await expect(corner(tablet)).toHaveText(/Online · 2 of 2 kiosks/, { timeout: 20_000 });
    await panel.getByRole('button', { name: 'Close' }).click();
    await stepButton(tablet, 'Nadia Petrova', 'Hair').click();
    await producer.evaluate(() => location.assign('/#/makeup'));
    await expect(stepButton(producer, 'Nadia Petrova', 'Hair')).toHaveAttribute(
      'aria-pressed',
      'true',
      { timeout: 15_000 },
    );
  });
});
