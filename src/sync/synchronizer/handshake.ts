import type { ShowId, SiteId } from '../../domain/ids';
import {
  PROTOCOL_VERSION,
  type DeniedMessage,
  type DeniedReason,
  type HelloMessage,
  type Message,
  type ProofMessage,
  type WelcomeMessage,
} from '../protocol/messages';
import type { KioskInfo, SessionPhase } from './session';
import { newNonce, prove, verify } from './show-key';

// The start of every link: before anything of the show crosses, each kiosk proves to
// the other that it belongs to the show. A session runs one Handshake and learns only
// what it needs from it: who the peer says it is, that the link may open, or that it
// is refused. The show-key handshake below is today's; a different one (the PAKE join
// of docs/trust.md) plugs in behind the same interface.

/** The messages of the handshake: the session hands each one to its handshake, in every phase but closed. */
export type HandshakeMessage = HelloMessage | ProofMessage | WelcomeMessage | DeniedMessage;

const HANDSHAKE_TYPES: ReadonlySet<Message['type']> = new Set([
  'hello',
  'proof',
  'welcome',
  'denied',
]);

export const isHandshakeMessage = (message: Message): message is HandshakeMessage =>
  HANDSHAKE_TYPES.has(message.type);

/** What a handshake may know and do on its session's link. */
export interface HandshakeLink {
  readonly showId: ShowId;
  readonly site: SiteId;
  readonly key: CryptoKey;
  readonly kiosk: KioskInfo;
  /** The session's phase now: a handshake acts only while it is 'handshake', so check again after every await. */
  phase(): SessionPhase;
  send(message: HandshakeMessage): void;
  /** The peer said who it is. */
  introduced(): void;
  badMessage(type: HandshakeMessage['type'], reason: string): void;
  /** Both kiosks proved themselves: the link opens. */
  open(): void;
  /** We refuse the peer: it is told why; the link stays up until `hangUp`. */
  refuse(reason: DeniedReason, detail: string): void;
  /** The peer refused us. */
  refusedBy(reason: DeniedReason): void;
  hangUp(): void;
}

export interface Handshake {
  /** The peer's hello, once received: who it says it is. */
  readonly hello: HelloMessage | undefined;
  /** Greet the peer. */
  start(): void;
  handle(message: HandshakeMessage): Promise<void>;
}

export type HandshakeFactory = (link: HandshakeLink) => Handshake;

/**
 * Both kiosks prove they hold the show key (derived from the passphrase) by signing
 * the other's fresh challenge. The link opens once each has checked the other's
 * proof and heard that its own was accepted.
 */
class ShowKeyHandshake implements Handshake {
  hello: HelloMessage | undefined;

  private readonly nonce = newNonce();
  private proofSent = false;
  private theyProved = false;
  private weProved = false;
  private verdictSent = false;

  constructor(private readonly link: HandshakeLink) {}

  /** Our identity and a fresh challenge for the peer to sign. */
  start(): void {
    const { kiosk } = this.link;
    this.link.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      showId: this.link.showId,
      siteId: this.link.site,
      name: kiosk.name,
      role: kiosk.role,
      nonce: this.nonce,
    });
  }

  async handle(message: HandshakeMessage): Promise<void> {
    switch (message.type) {
      case 'hello':
        return this.onHello(message);
      case 'proof':
        return this.onProof(message.mac);
      case 'welcome':
        return this.onWelcome();
      case 'denied':
        return this.onDenied(message.reason);
    }
  }

  private async onHello(hello: HelloMessage): Promise<void> {
    if (this.hello) {
      // A copy of the same hello is harmless; a new challenge on a live link is not.
      if (hello.nonce !== this.hello.nonce)
        this.link.badMessage('hello', 'a second hello on the same link');
      return;
    }
    if (this.link.phase() !== 'handshake') return;
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
    if (hello.siteId === this.link.site)
      return this.refuse('protocol', "it claims this kiosk's own site id");
    const mac = await prove(
      this.link.key,
      hello.nonce,
      this.link.showId,
      this.link.site,
      hello.siteId,
    );
    if (this.link.phase() !== 'handshake') return;
    this.link.send({ type: 'proof', mac });
    this.proofSent = true;
  }

  private async onProof(mac: string): Promise<void> {
    if (this.verdictSent || this.link.phase() !== 'handshake') return;
    if (!this.hello) return this.link.badMessage('proof', 'sent before a hello');
    this.verdictSent = true;
    const isValid = await verify(
      this.link.key,
      mac,
      this.nonce,
      this.link.showId,
      this.hello.siteId,
      this.link.site,
    );
    if (this.link.phase() !== 'handshake') return;
    if (!isValid) {
      // Wait for the peer's own verdict before hanging up (it would be lost otherwise), at most one tick.
      this.link.refuse('wrong-passphrase', "its passphrase does not match this show's");
      return;
    }
    this.theyProved = true;
    this.link.send({ type: 'welcome' });
    this.openIfProven();
  }

  private onWelcome(): void {
    if (this.weProved) return;
    if (!this.proofSent) return this.link.badMessage('welcome', 'sent before our proof');
    this.weProved = true;
    if (this.link.phase() === 'refused') return this.link.hangUp();
    this.openIfProven();
  }

  private onDenied(reason: DeniedReason): void {
    if (this.link.phase() === 'closed') return;
    this.link.refusedBy(reason);
    // Our own verdict went out before theirs arrived (their proof precedes their denial on the link).
    this.link.hangUp();
  }

  private refuse(reason: DeniedReason, detail: string): void {
    this.link.refuse(reason, detail);
    this.link.hangUp();
  }

  private openIfProven(): void {
    if (!this.theyProved || !this.weProved || this.link.phase() !== 'handshake') return;
    this.link.open();
  }
}

/** The show-key handshake: what every session runs unless given another. */
export const showKeyHandshake: HandshakeFactory = (link) => new ShowKeyHandshake(link);
