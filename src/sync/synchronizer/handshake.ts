import type { ShowId } from '../../domain/ids';
import type { ChannelBinding } from '../network/transport';
import {
  PROTOCOL_VERSION,
  type ConfirmMessage,
  type DeniedReason,
  type HelloMessage,
  type JoinMessage,
  type ShareMessage,
} from '../protocol/messages';
import { fromBase64Url, randomBytes, toBase64Url } from '../trust/bytes';
import {
  decodePublicKey,
  encodePublicKey,
  isSiteOf,
  signBytes,
  verifierFor,
  type KioskIdentity,
  type Verifier,
} from '../trust/identity';
import {
  identityStatement,
  startJoin,
  type JoinFinished,
  type JoinSecret,
  type JoinStarted,
} from '../trust/join';
import { LinkAuth } from '../trust/link-auth';
import type { KioskInfo, SessionPhase } from './session';

// The start of every link: before anything of the show crosses, the two kiosks run
// the join of docs/trust.md. A CPace exchange on the show's secret, bound to this
// link's two channel ends, proves both know the passphrase without letting anyone
// on the wire test a guess; a signature over the run's transcript with each kiosk's
// identity key proves who it is (its site id is derived from that key). Only then
// does the link open, with a LinkAuth that seals every later message.
//
//   hello {site, nonce, key}  →  share {Y}  →  confirm {tag, signature}  →  open
//
// A session runs one Handshake and learns only what it needs from it: who the peer
// says it is, that the link may open (and its seal), or that it is refused.

/** The messages of the handshake: the session hands each one to its handshake. */
export type HandshakeMessage = JoinMessage;

/** What a handshake may know and do on its session's link. */
export interface HandshakeLink {
  readonly showId: ShowId;
  readonly identity: KioskIdentity;
  /** The show's secret: `deriveShowSecret` of the passphrase (or, in tests, the passphrase itself). */
  readonly secret: JoinSecret;
  readonly kiosk: KioskInfo;
  /** The link's two ends as this kiosk sees them (DTLS fingerprints), or undefined when the transport cannot tell. */
  channel(): Promise<ChannelBinding | undefined>;
  /** The session's phase now: a handshake acts only while it is 'handshake', so check again after every await. */
  phase(): SessionPhase;
  send(message: HandshakeMessage): void;
  /** The peer said who it is (and its key derives that site id). */
  introduced(): void;
  badMessage(type: HandshakeMessage['type'], reason: string): void;
  /** Both kiosks proved themselves: the link opens, sealed by `seal`. */
  open(seal: LinkAuth): void;
  /** We refuse the peer: it is told why; the link stays up until `hangUp`. */
  refuse(reason: DeniedReason, detail: string): void;
  /** The peer refused us. */
  refusedBy(reason: DeniedReason): void;
  hangUp(): void;
}

export interface Handshake {
  /** The peer's hello, once received: who it says it is (its site is checked against its key before the join goes on). */
  readonly hello: HelloMessage | undefined;
  /** Greet the peer. */
  start(): void;
  handle(message: HandshakeMessage): Promise<void>;
}

export type HandshakeFactory = (link: HandshakeLink) => Handshake;

const NONCE_BYTES = 24;

/** The join of docs/trust.md: CPace, bound to the link, then identity signatures. */
class JoinHandshake implements Handshake {
  hello: HelloMessage | undefined;

  private readonly nonce = randomBytes(NONCE_BYTES);
  private verifier: Verifier | undefined;
  private join: JoinStarted | undefined;
  private finished: JoinFinished | undefined;
  private isJudged = false;

  constructor(private readonly link: HandshakeLink) {}

  start(): void {
    const { kiosk, identity } = this.link;
    this.link.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      showId: this.link.showId,
      siteId: identity.site,
      name: kiosk.name,
      role: kiosk.role,
      nonce: toBase64Url(this.nonce),
      key: encodePublicKey(identity.publicKeyInfo),
    });
  }

  async handle(message: HandshakeMessage): Promise<void> {
    switch (message.type) {
      case 'hello':
        return this.onHello(message);
      case 'share':
        return this.onShare(message);
      case 'confirm':
        return this.onConfirm(message);
      case 'denied':
        return this.onDenied(message.reason);
    }
  }

  private get isActive(): boolean {
    return this.link.phase() === 'handshake';
  }

  private async onHello(hello: HelloMessage): Promise<void> {
    if (this.hello) {
      // A copy of the same hello is harmless; a new one on a live link is not.
      if (hello.nonce !== this.hello.nonce)
        this.link.badMessage('hello', 'a second hello on the same link');
      return;
    }
    if (!this.isActive) return;
    this.hello = hello;
    this.link.introduced();
    if (hello.protocol !== PROTOCOL_VERSION) {
      return this.refuse(
        'protocol',
        `it speaks sync protocol ${hello.protocol}, this kiosk ${PROTOCOL_VERSION}`,
      );
    }
    if (hello.showId !== this.link.showId)
      return this.refuse('other-show', `it belongs to show ${hello.showId}`);
    const ours = this.link.identity.site;
    if (hello.siteId === ours) return this.refuse('protocol', "it claims this kiosk's own site id");
    const key = decodePublicKey(hello.key);
    const theirNonce = fromBase64Url(hello.nonce);
    if (!key || !theirNonce) return this.refuse('protocol', 'its hello carries no usable key');
    const [isTheirs, verifier, channel] = await Promise.all([
      isSiteOf(hello.siteId, key),
      verifierFor(key),
      this.link.channel(),
    ]);
    if (!this.isActive) return;
    // A site id is derived from its kiosk's key: a claim that does not match is a forgery.
    if (!isTheirs || !verifier)
      return this.refuse('forged-site', `its site id ${hello.siteId} is not its key's`);
    if (!channel) return this.refuse('protocol', 'the link cannot be bound to its two ends');
    this.verifier = verifier;
    const join = startJoin(this.link.secret, {
      showId: this.link.showId,
      ourSite: ours,
      theirSite: hello.siteId,
      ourNonce: this.nonce,
      theirNonce,
      channel,
    });
    if (!join.ok) return this.refuse('protocol', `the join cannot start (${join.reason})`);
    this.join = join;
    this.link.send({ type: 'share', y: toBase64Url(join.share) });
  }

  private async onShare(share: ShareMessage): Promise<void> {
    if (!this.isActive || this.finished) return;
    // The session hands us one message at a time, in order: their hello is checked by now.
    if (!this.join) return this.link.badMessage('share', 'sent before a hello');
    const theirShare = fromBase64Url(share.y);
    const finished = theirShare ? this.join.finish(theirShare) : undefined;
    if (!finished?.ok)
      return this.refuse('protocol', `its share is not valid (${finished?.reason ?? 'malformed'})`);
    this.finished = finished;
    const signature = await signBytes(
      this.link.identity,
      identityStatement(finished.transcriptId, this.link.identity.site),
    );
    if (!this.isActive) return;
    this.link.send({
      type: 'confirm',
      tag: toBase64Url(finished.confirmation),
      signature: toBase64Url(signature),
    });
  }

  private async onConfirm(confirm: ConfirmMessage): Promise<void> {
    if (!this.isActive || this.isJudged) return;
    const { finished, verifier, hello } = this;
    if (!finished || !verifier || !hello)
      return this.link.badMessage('confirm', 'sent before a share');
    this.isJudged = true;
    const tag = fromBase64Url(confirm.tag);
    const signature = fromBase64Url(confirm.signature);
    // The tag fails for a wrong passphrase, a relay (another channel) and a replay (other nonces) alike.
    if (!tag || !finished.checkConfirmation(tag))
      return this.fail('wrong-passphrase', "its passphrase does not match this show's");
    const isSigned =
      signature !== undefined &&
      (await verifier.verify(identityStatement(finished.transcriptId, hello.siteId), signature));
    if (!this.isActive) return;
    if (!isSigned) return this.fail('forged-site', 'it did not sign the join with its key');
    this.link.open(new LinkAuth(finished.sessionKey, this.link.identity.site, hello.siteId));
  }

  /**
   * A denial is not authenticated (anyone on the path could send one): it ends this
   * attempt and says why, nothing more.
   */
  private onDenied(reason: DeniedReason): void {
    if (this.link.phase() === 'closed' || this.link.phase() === 'open') return;
    this.link.refusedBy(reason);
    this.link.hangUp();
  }

  /** The join failed: tell the peer; the session hangs up on its denial or at the next tick. */
  private fail(reason: DeniedReason, detail: string): void {
    this.link.refuse(reason, detail);
  }

  private refuse(reason: DeniedReason, detail: string): void {
    this.link.refuse(reason, detail);
    this.link.hangUp();
  }
}

/** The join: what every session runs unless given another. */
export const joinHandshake: HandshakeFactory = (link) => new JoinHandshake(link);
