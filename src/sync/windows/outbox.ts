import type { Op, PendingOp } from '../../domain/op';
import { parseOps, parsePendingOps } from '../protocol/messages';
import { openBroadcastChannel, type OpenChannel, type WindowChannel } from './channel';

// The one road out of a window for what it writes. Windows of one browser share one
// show database, and only one of them runs the mesh (windows/leader.ts): there a
// write goes straight to the engine; from any other window it is posted over a
// BroadcastChannel to the one that runs it. Previews (a write about to be stored)
// and ops (once stored) travel the same road.

/** What a write hands on: its previews before the commit, its ops after it. */
export interface Outbound {
  previews?: readonly PendingOp[];
  ops?: readonly Op[];
}

/** What the outbox needs of the engine in the window that runs the mesh. */
export interface OutboxEngine {
  previewLocal(ops: readonly PendingOp[]): void;
  pushLocal(ops: readonly Op[]): void;
}

export const outboxChannelName = (showId: string): string => `backstage-outbox-${showId}`;

/** Another window runs the same code, but maybe an older version of it: check, as from a peer. */
function parseOutbound(raw: unknown): { previews: PendingOp[]; ops: Op[] } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { previews = [], ops = [] } = raw as { previews?: unknown; ops?: unknown };
  const checkedPreviews = parsePendingOps(previews);
  const checkedOps = parseOps(ops);
  return checkedPreviews && checkedOps ? { previews: checkedPreviews, ops: checkedOps } : undefined;
}

export class Outbox {
  readonly #channel: WindowChannel | undefined;
  #engine: OutboxEngine | undefined;
  #shown: ((previews: PendingOp[]) => void) | undefined;

  constructor(showId: string, openChannel: OpenChannel = openBroadcastChannel) {
    this.#channel = openChannel(outboxChannelName(showId));
    if (this.#channel) this.#channel.onmessage = (event) => this.#received(event.data);
  }

  /** Hand on what this window writes: to the engine here, or to the window that runs it. */
  send({ previews = [], ops = [] }: Outbound): void {
    const engine = this.#engine;
    if (engine) {
      if (previews.length > 0) engine.previewLocal(previews);
      if (ops.length > 0) engine.pushLocal(ops);
      return;
    }
    if (previews.length > 0 || ops.length > 0)
      this.#channel?.postMessage({ previews: [...previews], ops: [...ops] });
  }

  /**
   * This window runs the mesh now: what it writes and what the other windows post goes
   * to `engine`, and `shown` shows the other windows' previews here too. Returns the stop.
   */
  lead(engine: OutboxEngine, shown: (previews: PendingOp[]) => void): () => void {
    this.#engine = engine;
    this.#shown = shown;
    return () => {
      if (this.#engine !== engine) return;
      this.#engine = undefined;
      this.#shown = undefined;
    };
  }

  close(): void {
    this.#engine = undefined;
    this.#shown = undefined;
    this.#channel?.close();
  }

  #received(raw: unknown): void {
    const engine = this.#engine;
    if (!engine) return; // only the window that runs the mesh takes them on
    const outbound = parseOutbound(raw);
    if (!outbound) {
      console.warn('ignored a malformed write from another window');
      return;
    }
    if (outbound.previews.length > 0) {
      engine.previewLocal(outbound.previews);
      this.#shown?.(outbound.previews);
    }
    if (outbound.ops.length > 0) engine.pushLocal(outbound.ops);
  }
}
