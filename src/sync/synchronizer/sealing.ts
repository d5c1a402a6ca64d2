import {
  parseShowMessage,
  type ParseResult,
  type SealedMessage,
  type ShowMessage,
} from '../protocol/messages';
import type { LinkAuth, LinkRefusal } from '../trust/link-auth';
import { bodyType } from './side-channel';

// A joined link's messages travel sealed (docs/trust.md, "the link"): the inner
// message as JSON text, its counter and tag beside it. The tag is checked before the
// text is parsed, so a stranger's bytes are never read past the envelope.

/** Seal one outgoing message; send the envelopes of a link in the order they were sealed. */
export function seal(link: LinkAuth, message: ShowMessage | { type: string }): SealedMessage {
  const body = JSON.stringify(message);
  const { n, tag } = link.seal(body);
  return { type: 'sealed', n, tag, body };
}

export type Unsealed =
  | ParseResult<ShowMessage>
  /** A side channel's message (side-channel.ts): seal checked, body not read. */
  | { ok: 'side'; body: string }
  /** The envelope failed its tag or counter: the link cannot be trusted any more. */
  | { ok: false; refused: LinkRefusal; reason: string };

const REFUSALS: Record<LinkRefusal, string> = {
  malformed: 'its seal is malformed',
  tampered: 'its seal does not match its content (changed or forged on the way)',
  replayed: 'it was already received (replayed)',
  'out-of-order': 'it came out of order (a message before it is missing)',
};

/** Check an envelope's seal, then read its body (or leave it to the side channel whose type it has). */
export function unseal(
  link: LinkAuth,
  envelope: SealedMessage,
  isSide?: (type: string) => boolean,
): Unsealed {
  const check = link.open(envelope.body, envelope);
  if (!check.ok) return { ok: false, refused: check.reason, reason: REFUSALS[check.reason] };
  const type = isSide && bodyType(envelope.body);
  if (type && isSide(type)) return { ok: 'side', body: envelope.body };
  return parseShowMessage(envelope.body);
}

/** Sealed messages a peer sent after its side of the join opened, before ours did. */
export class EarlyEnvelopes {
  private readonly held: SealedMessage[] = [];
  private chars = 0;

  /**
   * Hold one until the join ends here. Bounded: the peer opens at most a few messages
   * before we do (its versions, a live push), and a stranger cannot fill memory.
   */
  hold(envelope: SealedMessage): boolean {
    this.chars += envelope.body.length;
    if (this.held.length >= EARLY_LIMIT.messages || this.chars > EARLY_LIMIT.chars) return false;
    this.held.push(envelope);
    return true;
  }

  take(): SealedMessage[] {
    this.chars = 0;
    return this.held.splice(0);
  }
}

const EARLY_LIMIT = { messages: 32, chars: 4 * 1024 * 1024 };
