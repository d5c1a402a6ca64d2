// What travels on a data channel: the engine's messages wrapped, plus the transport's
// own heartbeat and fragments. PeerJS refuses a JSON message of 16 300 bytes or more,
// so bigger messages (catch-up batches, snapshot parts) go in pieces.

export type Frame =
  | { k: 'hi'; v: number; session: string }
  | { k: 'm'; d: unknown }
  | { k: 'f'; id: number; i: number; last: boolean; s: string }
  | { k: 'ping'; t: number }
  | { k: 'pong'; t: number; at: number };

export const FRAME_VERSION = 1;
/** A message this long (UTF-16 units) is at most 3 bytes a unit in UTF-8: safely one frame. */
const WHOLE_MESSAGE_CHARS = 5000;
/** Longer ones still go whole when their UTF-8 fits; beyond this they never do. */
const MAX_FRAME_BYTES = 15_500;
/** Mostly ASCII JSON: a fragment this long fits a frame even with its quotes escaped (else it is halved). */
const FRAGMENT_CHARS = 12_000;
/** Reassembly stops here; the engine refuses anything over 1 MB anyway. */
const MAX_ASSEMBLED_CHARS = 2 * 1024 * 1024;

const encoder = new TextEncoder();

/** A message as the frames that carry it: itself whole, or `text` (its JSON) in fragments numbered `id`. */
export function framesOf(message: unknown, text: string, id: () => number): Frame[] {
  const isWhole =
    text.length <= WHOLE_MESSAGE_CHARS ||
    (text.length < MAX_FRAME_BYTES && encoder.encode(text).length < MAX_FRAME_BYTES - 16);
  return isWhole ? [{ k: 'm', d: message }] : fragments(text, id());
}

function fragments(text: string, id: number): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at < text.length) {
    let size = Math.min(FRAGMENT_CHARS, text.length - at);
    let frame: Frame;
    // Quotes and control characters grow when escaped: measure, halve until it fits.
    for (;;) {
      frame = {
        k: 'f',
        id,
        i: frames.length,
        last: at + size >= text.length,
        s: text.slice(at, at + size),
      };
      if (size <= 64 || encoder.encode(JSON.stringify(frame)).length <= MAX_FRAME_BYTES) break;
      size = Math.floor(size / 2);
    }
    frames.push(frame);
    at += size;
  }
  return frames;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
export const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A message arriving in fragments on one link. */
export interface Assembly {
  id: number;
  next: number;
  parts: string[];
  chars: number;
}

export type Assembled =
  | { kind: 'partial'; assembly: Assembly }
  /** The message's JSON, not parsed yet: the transport decides first whether to read it. */
  | { kind: 'whole'; text: string }
  | { kind: 'bad'; why: string };

/** Add one fragment frame to the link's assembly (undefined before the first). */
export function assemble(
  assembly: Assembly | undefined,
  frame: Record<string, unknown>,
): Assembled {
  const { id, i, last, s } = frame;
  if (!isCount(id) || !isCount(i) || typeof last !== 'boolean' || typeof s !== 'string')
    return { kind: 'bad', why: 'bad fragment' };
  const current = i === 0 ? { id, next: 0, parts: [], chars: 0 } : assembly;
  // Reliable and ordered: a gap or a foreign id means a broken sender.
  if (!current || current.id !== id || current.next !== i)
    return { kind: 'bad', why: 'fragment out of order' };
  current.parts.push(s);
  current.next += 1;
  current.chars += s.length;
  if (current.chars > MAX_ASSEMBLED_CHARS) return { kind: 'bad', why: 'message too big' };
  if (!last) return { kind: 'partial', assembly: current };
  return { kind: 'whole', text: current.parts.join('') };
}

/** A message's JSON text read, or undefined when it is not JSON. */
export function parseJson(text: string): { message: unknown } | undefined {
  try {
    return { message: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
