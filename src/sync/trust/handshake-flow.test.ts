import { describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import { randomBytes } from './bytes';
import {
  createIdentity,
  decodePublicKey,
  encodePublicKey,
  isSiteOf,
  openIdentity,
  signBytes,
  verifierFor,
  type KioskIdentity,
  type Verifier,
} from './identity';
import { identityStatement, startJoin, type JoinContext, type JoinStarted } from './join';
import { LinkAuth } from './link-auth';

// The building blocks put together the way the session will use them (docs/trust.md,
// "what is left to wire"): hello with a public key, CPace join, confirmation with an
// identity signature, then a tagged link. A reference for the wiring, and proof that
// the handshake establishes both who the peer is and that it knows the passphrase.

const show = 'spring26' as ShowId;
const PASSPHRASE = 'velvet orbit lantern crisp';

interface Kiosk {
  identity: KioskIdentity;
  passphrase: string;
  fingerprint: string;
}

async function kiosk(passphrase = PASSPHRASE, fingerprint = `sha-256 ${Math.random()}`) {
  return { identity: await openIdentity(await createIdentity()), passphrase, fingerprint };
}

/** What a hello carries (as JSON travels) and the nonce its sender keeps. */
function hello(k: Kiosk, claimedSite = k.identity.site) {
  const nonce = randomBytes(24);
  const wire = JSON.parse(
    JSON.stringify({ siteId: claimedSite, key: encodePublicKey(k.identity.publicKeyInfo) }),
  ) as { siteId: string; key: unknown };
  return { nonce, wire };
}

type Hello = ReturnType<typeof hello>;

/** One side's run, given its own hello and the peer's hello and channel view. Returns what the session would decide. */
type Side =
  | { ok: false; refused: string }
  | { ok: true; join: JoinStarted; context: JoinContext; verifier: Verifier | undefined };

async function side(
  me: Kiosk,
  mine: Hello,
  theirs: Hello,
  theirFingerprint: string,
): Promise<Side> {
  const theirKey = decodePublicKey(theirs.wire.key);
  if (!theirKey || !(await isSiteOf(theirs.wire.siteId, theirKey)))
    return { ok: false, refused: 'forged-site' };
  const context: JoinContext = {
    showId: show,
    ourSite: me.identity.site,
    theirSite: theirs.wire.siteId as KioskIdentity['site'],
    ourNonce: mine.nonce,
    theirNonce: theirs.nonce,
    channel: { ours: me.fingerprint, theirs: theirFingerprint },
  };
  const join = startJoin(me.passphrase, context);
  if (!join.ok) return { ok: false, refused: join.reason };
  return { ok: true, join, context, verifier: await verifierFor(theirKey) };
}

async function handshake(alice: Kiosk, bob: Kiosk, options: { bobClaims?: string } = {}) {
  const aliceHello = hello(alice);
  const bobHello = hello(bob, options.bobClaims as KioskIdentity['site'] | undefined);
  const a = await side(alice, aliceHello, bobHello, bob.fingerprint);
  const b = await side(bob, bobHello, aliceHello, alice.fingerprint);
  if (!a.ok || !b.ok) return { aliceOpens: false, bobOpens: false, a, b };

  const aliceDone = a.join.finish(b.join.share);
  const bobDone = b.join.finish(a.join.share);
  if (!aliceDone.ok || !bobDone.ok) throw new Error('unexpected refusal');
  const aliceSignature = await signBytes(
    alice.identity,
    identityStatement(aliceDone.transcriptId, alice.identity.site),
  );
  const bobSignature = await signBytes(
    bob.identity,
    identityStatement(bobDone.transcriptId, b.context.ourSite),
  );
  const aliceOpens =
    aliceDone.checkConfirmation(bobDone.confirmation) &&
    (await a.verifier!.verify(
      identityStatement(aliceDone.transcriptId, a.context.theirSite),
      bobSignature,
    ));
  const bobOpens =
    bobDone.checkConfirmation(aliceDone.confirmation) &&
    (await b.verifier!.verify(
      identityStatement(bobDone.transcriptId, b.context.theirSite),
      aliceSignature,
    ));
  return {
    aliceOpens,
    bobOpens,
    aliceLink: new LinkAuth(aliceDone.sessionKey, alice.identity.site, bob.identity.site),
    bobLink: new LinkAuth(bobDone.sessionKey, bob.identity.site, alice.identity.site),
  };
}

describe('the whole handshake, as the session will run it', () => {
  it('opens a link between two kiosks of the show, and the link carries tagged messages', async () => {
    const result = await handshake(await kiosk(), await kiosk());
    expect(result.aliceOpens).toBe(true);
    expect(result.bobOpens).toBe(true);
    const text = JSON.stringify({ type: 'versions', versions: {} });
    expect(result.bobLink?.open(text, result.aliceLink!.seal(text))).toEqual({ ok: true });
  });

  it('opens nothing for a kiosk with the wrong passphrase', async () => {
    const result = await handshake(await kiosk(), await kiosk('catwalk'));
    expect(result.aliceOpens).toBe(false);
    expect(result.bobOpens).toBe(false);
  });

  it("refuses a kiosk that claims another kiosk's site id, even with the right passphrase", async () => {
    const alice = await kiosk();
    const carol = await kiosk();
    const mallory = await kiosk();
    const result = await handshake(alice, mallory, { bobClaims: carol.identity.site });
    expect(result.aliceOpens).toBe(false);
    expect('a' in result && result.a).toEqual({ ok: false, refused: 'forged-site' });
  });

  it("refuses a kiosk that shows another's public key but cannot sign with it", async () => {
    const alice = await kiosk();
    const carol = await kiosk();
    const mallory = await kiosk();
    // mallory sends carol's key and site id (both public), but holds only its own private key.
    const impostor: Kiosk = {
      ...mallory,
      identity: {
        ...mallory.identity,
        site: carol.identity.site,
        publicKeyInfo: carol.identity.publicKeyInfo,
      },
    };
    const result = await handshake(alice, impostor);
    expect(result.aliceOpens).toBe(false);
  });
});
