import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import { mergeRows, type StoredRow } from '../../domain/merge';
import type { Op } from '../../domain/op';
import { opsMessages, snapshotMessages } from './chunk';
import { MAX_VALUE_CHARS } from '../../domain/op';
import { MAX_MESSAGE_CHARS, MAX_OPS_PER_MESSAGE, parseMessage } from './messages';

const alice = 'alice' as SiteId;
const clock = (counter: number) => encodeHlc(1_760_000_000_000, counter, alice);
const op = (seq: number, value: string): Op => ({
  site: alice,
  seq,
  hlc: clock(seq),
  table: 'models',
  key: `m-${seq}`,
  field: 'photo',
  value,
});
const photo = (n: number) =>
  `data:image/jpeg;base64,${String(n)
    .repeat(MAX_VALUE_CHARS - 40)
    .slice(0, MAX_VALUE_CHARS - 40)}`;

describe('opsMessages', () => {
  it('keeps small batches in one message with the batch id and more flag', () => {
    expect(opsMessages([op(1, 'a'), op(2, 'b')], true, 7)).toEqual([
      { type: 'ops', ops: [op(1, 'a'), op(2, 'b')], more: true, batch: 7 },
    ]);
  });

  it('splits heavy ops into messages every peer accepts, acknowledged once at the end', () => {
    const ops = Array.from({ length: 10 }, (_, i) => op(i + 1, photo(i)));
    const messages = opsMessages(ops, false, 3);
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.flatMap((m) => m.ops)).toEqual(ops);
    expect(messages.filter((m) => m.batch !== undefined)).toEqual([messages.at(-1)]);
    for (const message of messages) {
      expect(JSON.stringify(message).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(parseMessage(message).ok).toBe(true);
    }
  });

  it('never puts more ops in one message than a peer accepts', () => {
    const ops = Array.from({ length: MAX_OPS_PER_MESSAGE + 5 }, (_, i) => op(i + 1, 'x'));
    expect(opsMessages(ops).map((m) => m.ops.length)).toEqual([MAX_OPS_PER_MESSAGE, 5]);
  });
});

describe('snapshotMessages', () => {
  it('numbers the parts and puts the versions on the last one only', () => {
    const rows: StoredRow[] = Array.from({ length: 6 }, (_, i) => ({
      id: `m-${i}`,
      photo: photo(i),
      _clocks: { photo: clock(i) },
    }));
    const messages = snapshotMessages(
      { tables: { models: rows, looks: [] }, versions: { alice: 6 } },
      4,
    );
    expect(messages.map((m) => m.part)).toEqual(messages.map((_, i) => i));
    expect(messages.map((m) => m.last)).toEqual(messages.map((_, i) => i === messages.length - 1));
    expect(messages.filter((m) => m.versions)).toEqual([
      expect.objectContaining({ last: true, versions: { alice: 6 } }),
    ]);
    expect(messages.flatMap((m) => m.tables.models ?? [])).toEqual(rows);
    for (const message of messages) expect(parseMessage(message).ok).toBe(true);
  });

  it('sends a row too big for one message as partial rows that merge back into it', () => {
    const fields = ['photo', 'notes', 'agency', 'name', 'station'];
    const row: StoredRow = { id: 'm-1', _clocks: {} };
    fields.forEach((field, i) => {
      row[field] = photo(i);
      row._clocks[field] = clock(i);
    });
    const messages = snapshotMessages({ tables: { models: [row] }, versions: {} }, 1);
    const parts = messages.flatMap((m) => m.tables.models ?? []);
    expect(parts.length).toBeGreaterThan(1);
    for (const message of messages) expect(parseMessage(message).ok).toBe(true);
    const [first, ...rest] = parts;
    expect(rest.reduce(mergeRows, first as StoredRow)).toEqual(row);
  });
});
