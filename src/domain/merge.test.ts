import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc, type Hlc } from './hlc';
import type { SiteId } from './ids';
import { applyOp, mergeRows, type StoredRow } from './merge';
import type { Json, Op } from './op';

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;

function op(site: SiteId, seq: number, wall: number, field: string, value: Json, counter = 0): Op {
  return {
    site,
    seq,
    hlc: encodeHlc(wall, counter, site),
    table: 'looks',
    key: 'l-1',
    field,
    value,
  };
}

function applyAll(ops: Op[], start?: StoredRow): StoredRow | undefined {
  return ops.reduce<StoredRow | undefined>((row, next) => applyOp(row, next) ?? row, start);
}

/** Strip to what a reader sees: fields and their clocks, independent of key order. */
const view = (row: StoredRow | undefined) =>
  row ? JSON.parse(JSON.stringify(row, Object.keys(row).sort())) : row;

// Each row: a pair of ops on one row and the field value that must win.
const CASES: { name: string; a: Op; b: Op; field: string; expected: Json }[] = [
  {
    name: 'later physical time wins',
    a: op(alice, 1, 1000, 'outfit', 'coat'),
    b: op(bob, 1, 2000, 'outfit', 'dress'),
    field: 'outfit',
    expected: 'dress',
  },
  {
    name: 'same time: higher counter wins',
    a: op(alice, 1, 1000, 'outfit', 'coat', 2),
    b: op(bob, 1, 1000, 'outfit', 'dress', 1),
    field: 'outfit',
    expected: 'coat',
  },
  {
    name: 'same time and counter: site breaks the tie',
    a: op(alice, 1, 1000, 'outfit', 'coat'),
    b: op(bob, 1, 1000, 'outfit', 'dress'),
    field: 'outfit',
    expected: 'dress',
  },
  {
    name: 'different fields both survive (a)',
    a: op(alice, 1, 1000, 'outfit', 'coat'),
    b: op(bob, 1, 900, 'shoes', 'boots'),
    field: 'outfit',
    expected: 'coat',
  },
  {
    name: 'different fields both survive (b)',
    a: op(alice, 1, 1000, 'outfit', 'coat'),
    b: op(bob, 1, 900, 'shoes', 'boots'),
    field: 'shoes',
    expected: 'boots',
  },
  {
    name: 'a later delete wins over an edit',
    a: op(alice, 1, 1000, 'outfit', 'coat'),
    b: op(bob, 1, 2000, '_deleted', true),
    field: '_deleted',
    expected: true,
  },
  {
    name: 'a later restore wins over a delete',
    a: op(alice, 1, 2000, '_deleted', false),
    b: op(bob, 1, 1000, '_deleted', true),
    field: '_deleted',
    expected: false,
  },
  {
    name: 'object values are replaced whole',
    a: op(alice, 1, 1000, 'hair', { done: true, at: 1, by: 'alice' }),
    b: op(bob, 1, 1500, 'hair', { done: false, at: 2, by: 'bob' }),
    field: 'hair',
    expected: { done: false, at: 2, by: 'bob' },
  },
];

describe('merge: last writer wins per field', () => {
  it.each(CASES)(
    '$name, in either order, and again changes nothing',
    ({ a, b, field, expected }) => {
      const ab = applyAll([a, b]);
      const ba = applyAll([b, a]);
      expect(ab?.[field]).toEqual(expected);
      expect(view(ab)).toEqual(view(ba));
      expect(applyOp(ab, a)).toBeNull();
      expect(applyOp(ab, b)).toBeNull();
    },
  );

  it('refuses to write the key or the clocks', () => {
    expect(applyOp(undefined, op(alice, 1, 1, 'id', 'other'))).toBeNull();
    expect(applyOp(undefined, op(alice, 1, 1, '_clocks', {}))).toBeNull();
  });

  it('never mutates the row it is given', () => {
    const row = applyAll([op(alice, 1, 1000, 'outfit', 'coat')]) as StoredRow;
    const before = JSON.stringify(row);
    applyOp(row, op(bob, 1, 2000, 'outfit', 'dress'));
    expect(JSON.stringify(row)).toBe(before);
  });

  it('merges two snapshots of a row field by field, in either order', () => {
    const mine = applyAll([
      op(alice, 1, 1000, 'outfit', 'coat'),
      op(alice, 2, 3000, 'shoes', 'boots'),
    ]) as StoredRow;
    const theirs = applyAll([
      op(bob, 1, 2000, 'outfit', 'dress'),
      op(bob, 2, 2500, 'shoes', 'mules'),
    ]) as StoredRow;
    const merged = mergeRows(mine, theirs);
    expect(merged.outfit).toBe('dress');
    expect(merged.shoes).toBe('boots');
    expect(view(mergeRows(theirs, mine))).toEqual(view(merged));
    expect(view(mergeRows(merged, theirs))).toEqual(view(merged));
  });
});

describe('merge properties', () => {
  const sites = ['alice', 'bob', 'charlie'] as SiteId[];
  const arbOp = fc.record({
    site: fc.constantFrom(...sites),
    wall: fc.integer({ min: 0, max: 20 }),
    counter: fc.integer({ min: 0, max: 3 }),
    key: fc.constantFrom('l-1', 'l-2'),
    field: fc.constantFrom('outfit', 'shoes', '_deleted'),
    value: fc.oneof(fc.string({ maxLength: 3 }), fc.boolean(), fc.integer()),
  });
  // Ops named by their clock: one clock, one write (as in a real log, where site+counter is unique per site).
  const arbOps = fc.uniqueArray(arbOp, {
    selector: (o) => `${o.site}:${o.wall}:${o.counter}`,
    maxLength: 30,
  });

  function replay(
    list: {
      site: SiteId;
      wall: number;
      counter: number;
      key: string;
      field: string;
      value: Json;
    }[],
  ) {
    const rows = new Map<string, StoredRow>();
    list.forEach((o, seq) => {
      const next = applyOp(rows.get(o.key), {
        site: o.site,
        seq: seq + 1,
        hlc: encodeHlc(o.wall, o.counter, o.site),
        table: 'looks',
        key: o.key,
        field: o.field,
        value: o.value,
      });
      if (next) rows.set(o.key, next);
    });
    return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => view(row));
  }

  it('replicas that see the same ops in any order, with duplicates, end identical', () => {
    fc.assert(
      fc.property(arbOps, fc.integer(), fc.integer({ min: 0, max: 10 }), (ops, seed, dupes) => {
        const shuffled =
          fc.sample(fc.shuffledSubarray(ops, { minLength: ops.length, maxLength: ops.length }), {
            seed,
            numRuns: 1,
          })[0] ?? ops;
        const withDuplicates = [...shuffled, ...shuffled.slice(0, dupes)];
        expect(replay(withDuplicates)).toEqual(replay(ops));
      }),
      { numRuns: 2000 },
    );
  });

  it('every field ends with the value of the op with the highest clock', () => {
    fc.assert(
      fc.property(arbOps, (ops) => {
        const rows = replay(ops) as StoredRow[];
        for (const row of rows) {
          for (const field of Object.keys(row._clocks)) {
            const winner = ops
              .filter((o) => o.key === row.id && o.field === field)
              .map((o) => ({ hlc: encodeHlc(o.wall, o.counter, o.site) as Hlc, value: o.value }))
              .sort((x, y) => (x.hlc < y.hlc ? 1 : -1))[0];
            expect(row[field]).toEqual(winner?.value);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
