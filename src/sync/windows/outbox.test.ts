import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import type { Op, PendingOp } from '../../domain/op';
import { Outbox, outboxChannelName, type OutboxEngine } from './outbox';

const alice = 'alice' as SiteId;
const op = (seq: number): Op => ({
  site: alice,
  seq,
  hlc: encodeHlc(1_760_000_000_000, seq, alice),
  table: 'looks',
  key: 'l-1',
  field: 'outfit',
  value: `v${seq}`,
});
const preview = ({ seq: _seq, ...pending }: Op): PendingOp => pending;
let shows = 0;
const newShow = () => `outbox-${++shows}-${Math.random().toString(36).slice(2, 8)}`;

/** An engine that notes what it is handed, and says when it has something. */
function engine() {
  const heard: { previews: PendingOp[][]; ops: Op[][] } = { previews: [], ops: [] };
  let wake: () => void = () => {};
  const target: OutboxEngine = {
    previewLocal: (ops) => {
      heard.previews.push([...ops]);
      wake();
    },
    pushLocal: (ops) => {
      heard.ops.push([...ops]);
      wake();
    },
  };
  const next = () => new Promise<void>((resolve) => (wake = resolve));
  return { target, heard, next };
}

let outboxes: Outbox[] = [];
const outbox = (show: string) => {
  const box = new Outbox(show);
  outboxes.push(box);
  return box;
};
afterEach(() => {
  outboxes.forEach((box) => box.close());
  outboxes = [];
});

describe('the outbox', () => {
  it('hands a write straight to the engine in the window that runs the mesh', () => {
    const box = outbox(newShow());
    const { target, heard } = engine();
    box.lead(target, () => {});
    box.send({ previews: [preview(op(1))] });
    box.send({ ops: [op(1), op(2)] });
    expect(heard).toEqual({ previews: [[preview(op(1))]], ops: [[op(1), op(2)]] });
  });

  it('posts a write from another window to the one that runs the mesh, which shows its previews too', async () => {
    const show = newShow();
    const leader = outbox(show);
    const { target, heard, next } = engine();
    const shown: PendingOp[][] = [];
    leader.lead(target, (previews) => shown.push(previews));
    const follower = outbox(show);
    const arrived = next();
    follower.send({ previews: [preview(op(3))] });
    await arrived;
    const stored = next();
    follower.send({ ops: [op(3)] });
    await stored;
    expect(heard).toEqual({ previews: [[preview(op(3))]], ops: [[op(3)]] });
    expect(shown).toEqual([[preview(op(3))]]);
  });

  it('ignores malformed writes from another window and keeps listening', async () => {
    const show = newShow();
    const leader = outbox(show);
    const { target, heard, next } = engine();
    leader.lead(target, () => {});
    const otherWindow = new BroadcastChannel(outboxChannelName(show));
    const warn = console.warn;
    console.warn = () => {};
    try {
      const arrived = next();
      otherWindow.postMessage({ ops: [{ ...op(4), field: 'id' }] });
      otherWindow.postMessage({ previews: [{ ...preview(op(5)), hlc: 'soon' }] });
      otherWindow.postMessage({ ops: [op(6)] });
      await arrived;
    } finally {
      console.warn = warn;
      otherWindow.close();
    }
    expect(heard).toEqual({ previews: [], ops: [[op(6)]] });
  });

  it('keeps the writes of one show from the windows of another', async () => {
    const show = newShow();
    const { target, heard } = engine();
    outbox(newShow()).lead(target, () => {});
    const leader = outbox(show);
    const mine = engine();
    leader.lead(mine.target, () => {});
    const arrived = mine.next();
    outbox(show).send({ ops: [op(7)] });
    await arrived;
    expect(heard.ops).toEqual([]);
    expect(mine.heard.ops).toEqual([[op(7)]]);
  });

  it('hands nothing on once the window stopped running the mesh', () => {
    const box = outbox(newShow());
    const { target, heard } = engine();
    const stop = box.lead(target, () => {});
    stop();
    box.send({ ops: [op(8)] });
    expect(heard.ops).toEqual([]);
  });
});
