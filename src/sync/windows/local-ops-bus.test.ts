import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import type { Op, PendingOp } from '../../domain/op';
import {
  onLocalOps,
  onLocalPreviews,
  publishLocalOps,
  publishLocalPreviews,
} from './local-ops-bus';

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
let shows = 0;
const newShow = () => `bus-${++shows}-${Math.random().toString(36).slice(2, 8)}`;

let offs: Array<() => void> = [];
afterEach(() => {
  offs.forEach((off) => off());
  offs = [];
});

describe('local ops bus', () => {
  it('tells listeners in this window at once, and only those of the same show', () => {
    const show = newShow();
    const heard: Op[][] = [];
    const other: Op[][] = [];
    offs.push(onLocalOps(show, (ops) => heard.push(ops)));
    offs.push(onLocalOps(newShow(), (ops) => other.push(ops)));
    publishLocalOps(show, [op(1), op(2)]);
    expect(heard).toEqual([[op(1), op(2)]]);
    expect(other).toEqual([]);
  });

  it('hears ops published by another window of this browser', async () => {
    const show = newShow();
    const heard = new Promise<Op[]>((resolve) => offs.push(onLocalOps(show, resolve)));
    // Another window: its own channel of the same name.
    const otherWindow = new BroadcastChannel(`backstage-ops-${show}`);
    otherWindow.postMessage([op(3)]);
    otherWindow.close();
    expect(await heard).toEqual([op(3)]);
  });

  it('ignores malformed ops from another window and keeps listening', async () => {
    const show = newShow();
    const heard = new Promise<Op[]>((resolve) => offs.push(onLocalOps(show, resolve)));
    const otherWindow = new BroadcastChannel(`backstage-ops-${show}`);
    otherWindow.postMessage([{ ...op(4), field: 'id' }]);
    otherWindow.postMessage([op(5)]);
    otherWindow.close();
    expect(await heard).toEqual([op(5)]);
  });

  it('keeps notifying the others when one listener throws', () => {
    const show = newShow();
    const heard: number[] = [];
    const originalError = console.error;
    console.error = () => {};
    try {
      offs.push(
        onLocalOps(show, () => {
          throw new Error('careless');
        }),
      );
      offs.push(onLocalOps(show, (ops) => heard.push(ops.length)));
      publishLocalOps(show, [op(1)]);
    } finally {
      console.error = originalError;
    }
    expect(heard).toEqual([1]);
  });
});

describe('local previews bus', () => {
  const preview = ({ seq: _seq, ...pending }: Op): PendingOp => pending;

  it('hears the previews of another window, checked, and keeps them apart from ops', async () => {
    const show = newShow();
    const ops: Op[][] = [];
    offs.push(onLocalOps(show, (heard) => ops.push(heard)));
    const heard = new Promise<PendingOp[]>((resolve) => offs.push(onLocalPreviews(show, resolve)));
    const otherWindow = new BroadcastChannel(`backstage-previews-${show}`);
    otherWindow.postMessage([{ ...preview(op(1)), hlc: 'soon' }]); // malformed: ignored
    otherWindow.postMessage([preview(op(2))]);
    otherWindow.close();
    expect(await heard).toEqual([preview(op(2))]);
    expect(ops).toEqual([]);
  });

  it('tells this window’s listeners at once, and reaches other windows', async () => {
    const show = newShow();
    const here: PendingOp[][] = [];
    offs.push(onLocalPreviews(show, (heard) => here.push(heard)));
    const otherWindow = new BroadcastChannel(`backstage-previews-${show}`);
    const there = new Promise<unknown>(
      (resolve) => (otherWindow.onmessage = (event) => resolve(event.data)),
    );
    publishLocalPreviews(show, [preview(op(3))]);
    expect(here).toEqual([[preview(op(3))]]);
    expect(await there).toEqual([preview(op(3))]);
    otherWindow.close();
  });
});
