/**
 * What authenticated links add, for `npm run bench`, beside the figures without it:
 *
 * - in Node, on the memory transport and the sync engine as shipped: the join of two
 *   kiosks (hello to both links open), and the catch-up of 2,000 edits with sealed
 *   links, beside the same catch-up with the tags switched off (the envelope stays);
 * - in Chromium, with the app's own sealing (seal-entry.ts): what sealing and opening
 *   cost per message of a tap (its preview and its ops push), beside the same message
 *   sent bare and read as before.
 *
 * The tap-to-paint and catch-up rows of the bench's own tables run the app with
 * sealed links; these rows say how much of them is the sealing.
 */
import type { Browser } from '@playwright/test';
import { iifeBundle } from './iife-bundle';
import type { ShowId } from '../../src/domain/ids';
import type { Change } from '../../src/domain/op';
import type { ShowMessage } from '../../src/sync/protocol/messages';
import { ReplicaSet } from '../../src/sync/testing/replica-set';
import { LinkAuth } from '../../src/sync/trust/link-auth';

export interface AuthCostRow {
  what: string;
  withAuthMs: number;
  withoutMs: number | undefined;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

const showId = 'bench-auth' as ShowId;
const PASSPHRASE = 'velvet orbit lantern crisp';
const CATCH_UP_EDITS = 2_000;

const edits = (count: number): Change[] =>
  Array.from({ length: count }, (_, i) => ({
    table: 'progress',
    key: `l-${i % 300}`,
    field: i % 2 ? 'dressed' : 'checked',
    // Values as the app writes them: peers refuse any other (domain/entity-schemas.ts).
    value: { done: true, at: 1_780_000_000_000 + i, by: '' },
  }));

/** alice and bob joined; the time from the first dial to both links open. */
async function joinedPair(): Promise<{ set: ReplicaSet; joinMs: number }> {
  const set = new ReplicaSet({ showId, secret: PASSPHRASE });
  const [alice, bob] = await set.add('alice', 'bob');
  const started = performance.now();
  set.connect();
  await set.settle();
  const joinMs = performance.now() - started;
  if (!alice?.engine.status.authenticatedPeers || !bob?.engine.status.authenticatedPeers)
    throw new Error('bench join failed');
  return { set, joinMs };
}

/** bob misses 2,000 of alice's edits, then links again: the time until he holds them all. */
async function catchUpMs(): Promise<number> {
  const { set } = await joinedPair();
  try {
    set.network.partition([['alice'], ['bob']]);
    for (let i = 0; i < CATCH_UP_EDITS / 500; i++) await set.edit('alice', edits(500));
    set.network.heal();
    const started = performance.now();
    await set.converge();
    return performance.now() - started;
  } finally {
    await set.destroy();
  }
}

/** Run `measure` with LinkAuth's tags switched off: every seal the same, every check passing. */
async function withoutTags<T>(measure: () => Promise<T>): Promise<T> {
  const proto = LinkAuth.prototype;
  const { seal, open } = proto;
  proto.seal = function () {
    return { n: 1, tag: 'AAAAAAAAAAAAAAAAAAAAAA' };
  };
  proto.open = () => ({ ok: true });
  try {
    return await measure();
  } finally {
    proto.seal = seal;
    proto.open = open;
  }
}

/** In Node: the join and the catch-up, with and without the tags. */
export async function authCostInNode(runs = 5): Promise<AuthCostRow[]> {
  const joins: number[] = [];
  for (let i = 0; i < runs * 2; i++) {
    const { set, joinMs } = await joinedPair();
    joins.push(joinMs);
    await set.destroy();
  }
  await catchUpMs(); // warm up
  const sealed: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    sealed.push(await catchUpMs());
    bare.push(await withoutTags(catchUpMs));
  }
  return [
    {
      what: 'join of two kiosks, memory transport (hello to both links open)',
      withAuthMs: median(joins),
      withoutMs: undefined,
    },
    {
      what: `catch-up of ${CATCH_UP_EDITS.toLocaleString('en')} edits, memory transport (tags off: envelope kept)`,
      withAuthMs: median(sealed),
      withoutMs: median(bare),
    },
  ];
}

const site = 'kaaaaaaaaaaaaaaaaaaaaaaaa';
const hlc = `001780000000000.000000.${site}`;
/** A tap as it travels: its preview, then its ops push (one op each). */
const TAP_MESSAGES: ShowMessage[] = [
  {
    type: 'preview',
    ops: [
      {
        site,
        hlc,
        table: 'progress',
        key: 'm-abcdefghijkm',
        field: 'makeup',
        value: { done: true, at: 1_780_000_000_000, by: site },
      },
    ],
  },
  {
    type: 'ops',
    more: false,
    ops: [
      {
        site,
        seq: 1234,
        hlc,
        table: 'progress',
        key: 'm-abcdefghijkm',
        field: 'makeup',
        value: { done: true, at: 1_780_000_000_000, by: site },
      },
    ],
  },
] as unknown as ShowMessage[];

/** In Chromium: what sealing adds to the messages of one tap, sender and receiver together. */
export async function authCostInBrowser(browser: Browser, runs = 2_000): Promise<AuthCostRow> {
  const code = await iifeBundle('seal-entry.ts', 'BenchSealing');
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.setContent('<!doctype html><title>sealing</title>');
    await page.addScriptTag({ content: code });
    // The messages go in as JSON text: Playwright's argument types recurse too deep on them.
    const figures: Array<{ sealedMs: number; bareMs: number }> = await page.evaluate(
      ({ text, count }) =>
        (JSON.parse(text) as ShowMessage[]).map((message) => window.benchSealing!(message, count)),
      { text: JSON.stringify(TAP_MESSAGES), count: runs },
    );
    return {
      what: 'one tap’s messages (preview + ops push), in Chromium: seal, JSON, check, read',
      withAuthMs: figures.reduce((sum, f) => sum + f.sealedMs, 0),
      withoutMs: figures.reduce((sum, f) => sum + f.bareMs, 0),
    };
  } finally {
    await context.close();
  }
}
