/**
 * What the trust building blocks (src/sync/trust) cost, for `npm run bench`:
 * the join (CPace, both kiosks' work), sealing and checking one message of a
 * joined link at a preview's, a catch-up batch's and the largest size, and signing
 * and checking one log page. Run alone: `npx tsx tests/bench/trust.ts`.
 *
 * Measured in Node: the same V8 as Chromium, and the same code (noble's pure
 * TypeScript; WebCrypto for signatures). Returns rows for the bench's table.
 */
import { fileURLToPath } from 'node:url';
import type { ShowId, SiteId } from '../../src/domain/ids';
import { randomBytes } from '../../src/sync/trust/bytes';
import {
  createIdentity,
  openIdentity,
  signBytes,
  verifierFor,
} from '../../src/sync/trust/identity';
import { startJoin, type JoinContext } from '../../src/sync/trust/join';
import { LinkAuth } from '../../src/sync/trust/link-auth';

export interface TrustRow {
  what: string;
  /** Median of the runs, in ms. */
  p50Ms: number;
  runs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function timed(runs: number, run: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const alice = 'kaaaaaaaaaaaaaaaaaaaaaaaa' as SiteId;
const bob = 'kbbbbbbbbbbbbbbbbbbbbbbbb' as SiteId;

function joinBoth(): void {
  const a = { site: alice, nonce: randomBytes(24), fingerprint: 'sha-256 AA' };
  const b = { site: bob, nonce: randomBytes(24), fingerprint: 'sha-256 BB' };
  const context = (me: typeof a, them: typeof a): JoinContext => ({
    showId: 'bench' as ShowId,
    ourSite: me.site,
    theirSite: them.site,
    ourNonce: me.nonce,
    theirNonce: them.nonce,
    channel: { ours: me.fingerprint, theirs: them.fingerprint },
  });
  const aliceJoin = startJoin('velvet orbit lantern crisp', context(a, b));
  const bobJoin = startJoin('velvet orbit lantern crisp', context(b, a));
  if (!aliceJoin.ok || !bobJoin.ok) throw new Error('bench join refused');
  const aliceDone = aliceJoin.finish(bobJoin.share);
  const bobDone = bobJoin.finish(aliceJoin.share);
  if (!aliceDone.ok || !bobDone.ok || !aliceDone.checkConfirmation(bobDone.confirmation))
    throw new Error('bench join failed');
}

/** A message of about `chars` characters, shaped like an ops batch. */
const opsText = (chars: number): string => {
  const op = JSON.stringify({
    site: alice,
    seq: 1234,
    hlc: `001780000000000.000000.${alice}`,
    table: 'progress',
    key: 'l-abcdefghijkm',
    field: 'dressed',
    value: { done: true, at: 1780000000000, by: alice },
  });
  const count = Math.max(1, Math.round(chars / (op.length + 1)));
  return JSON.stringify({ type: 'ops', ops: Array.from({ length: count }, () => JSON.parse(op)) });
};

export async function measureTrust(runs = 30): Promise<TrustRow[]> {
  const rows: TrustRow[] = [];
  joinBoth(); // warm up
  rows.push({ what: 'join (CPace, both kiosks)', p50Ms: await timed(runs, joinBoth), runs });

  const key = randomBytes(32);
  const sender = new LinkAuth(key, alice, bob);
  const receiver = new LinkAuth(key, bob, alice);
  const catchUpOps = 2000;
  for (const [what, text] of [
    ['seal + check a preview (one op)', opsText(300)],
    [`seal + check catch-up of ${catchUpOps.toLocaleString('en')} ops`, opsText(catchUpOps * 230)],
    ['seal + check a 1 MiB message', opsText(1024 * 1024)],
  ] as const) {
    const p50Ms = await timed(runs, () => {
      if (!receiver.open(text, sender.seal(text)).ok) throw new Error('bench message refused');
    });
    rows.push({ what: `${what} (${Math.round(text.length / 1024)} KB)`, p50Ms, runs });
  }

  const identity = await openIdentity(await createIdentity());
  const verifier = await verifierFor(identity.publicKeyInfo);
  const page = new TextEncoder().encode(opsText(50 * 230));
  rows.push({
    what: `sign a log page (50 ops, ${identity.algorithm})`,
    p50Ms: await timed(runs, () => signBytes(identity, page)),
    runs,
  });
  const signature = await signBytes(identity, page);
  rows.push({
    what: `check a log page (50 ops, ${identity.algorithm})`,
    p50Ms: await timed(runs, () => verifier?.verify(page, signature)),
    runs,
  });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await measureTrust())
    console.log(
      `${row.what.padEnd(52)} ${row.p50Ms.toFixed(3).padStart(9)} ms  (p50 of ${row.runs})`,
    );
}
