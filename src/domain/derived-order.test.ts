import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DerivedOrder, upInLooksFrom } from './derived-order';
import type { LookId, ModelId } from './ids';
import type { Look } from './model';
import { quickChanges, runningOrder, upInLooks, walkingOrder } from './running-order';
import { makeLook } from './test-factories';

const show = { pacingSeconds: 40, quickChangeLooks: 3, quickChangeSeconds: 120 };
const look = (id: string, rank: string, modelId: string, extra: Partial<Look> = {}): Look =>
  makeLook({ id: id as LookId, rank, modelId: modelId as ModelId, ...extra });

/** What the plain functions say about these looks. */
const plain = (rules: typeof show, looks: readonly Look[]) => ({
  order: runningOrder(looks),
  walking: walkingOrder(looks),
  quickChanges: quickChanges(rules, looks),
});

describe('derived order', () => {
  const looks = [
    look('a', 'a1', 'amara', { outfit: 'Coat' }),
    look('b', 'a2', 'lena'),
    look('c', 'a3', 'amara'),
    look('d', 'a4', 'mei'),
  ];

  it('gives what runningOrder, walkingOrder and quickChanges give', () => {
    const figures = new DerivedOrder().update(show, looks);
    expect({ ...figures, quickChangeInto: undefined }).toEqual({
      ...plain(show, looks),
      quickChangeInto: undefined,
    });
    expect(figures.quickChangeInto.get('c' as LookId)?.from.look.id).toBe('a');
  });

  it('keeps every other entry, the walking list and the quick changes when one outfit changes', () => {
    const derived = new DerivedOrder();
    const before = derived.update(show, looks);
    const edited = looks.map((l) => (l.id === 'b' ? { ...l, outfit: 'Slip dress' } : l));
    const after = derived.update(show, edited);
    expect(after.order[1]?.look.outfit).toBe('Slip dress');
    expect(after.order.filter((entry, i) => entry !== before.order[i])).toHaveLength(1);
    expect(after.quickChanges).toBe(before.quickChanges);
  });

  it('gives the quick change new entries when the looks it joins change', () => {
    const derived = new DerivedOrder();
    const before = derived.update(show, looks);
    const edited = looks.map((l) => (l.id === 'c' ? { ...l, outfit: 'Trench' } : l));
    const after = derived.update(show, edited);
    expect(after.quickChanges[0]?.to.look.outfit).toBe('Trench');
    expect(after.quickChanges[0]).not.toBe(before.quickChanges[0]);
  });

  it('returns the same figures for the same looks', () => {
    const derived = new DerivedOrder();
    expect(derived.update(show, looks)).toBe(derived.update(show, looks));
  });

  it('finds "up in N looks" as upInLooks does, from the walking order', () => {
    expect(upInLooksFrom(walkingOrder(looks), 1)).toEqual(upInLooks(looks, 1));
  });

  // Random shows, then random edits one after the other, as a producer makes them.
  const models = ['amara', 'lena', 'mei', 'noah', ''];
  const arbLook = (id: string) =>
    fc
      .record({
        rank: fc.constantFrom('a0', 'a1', 'a2', 'a3', 'a4', 'a5'),
        modelId: fc.constantFrom(...models),
        cut: fc.boolean(),
        pacingSeconds: fc.constantFrom(0, 0, 20, 90),
        outfit: fc.string({ maxLength: 3 }),
      })
      .map(({ rank, modelId, ...fields }) => look(id, rank, modelId, fields));
  const ids = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8'];
  const arbEdit = fc.oneof(
    fc.record({
      kind: fc.constant('field' as const),
      at: fc.nat(),
      field: fc.constantFrom('outfit', 'rank', 'modelId', 'cut', 'pacingSeconds'),
      value: fc.constantFrom('a0', 'a3', 'a9', 'amara', 'mei', true, false, 0, 30, 200),
    }),
    fc.record({ kind: fc.constant('add' as const), look: arbLook('new') }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('rules' as const),
      looks: fc.integer({ min: 0, max: 4 }),
      seconds: fc.constantFrom(0, 60, 200),
    }),
  );
  type Edit = typeof arbEdit extends fc.Arbitrary<infer E> ? E : never;

  function apply(
    looks: Look[],
    rules: typeof show,
    edit: Edit,
    step: number,
  ): [Look[], typeof show] {
    if (edit.kind === 'rules')
      return [looks, { ...rules, quickChangeLooks: edit.looks, quickChangeSeconds: edit.seconds }];
    if (edit.kind === 'add') return [[...looks, { ...edit.look, id: `n${step}` as LookId }], rules];
    if (looks.length === 0) return [looks, rules];
    const at = edit.at % looks.length;
    if (edit.kind === 'delete') return [looks.filter((_, i) => i !== at), rules];
    const target = looks[at] as Look;
    const value =
      edit.field === 'cut'
        ? Boolean(edit.value)
        : edit.field === 'pacingSeconds'
          ? Number(edit.value) || 0
          : String(edit.value);
    // Only the edited look is a new object, as the live tables give it.
    return [looks.map((l, i) => (i === at ? { ...target, [edit.field]: value } : l)), rules];
  }

  it('equals the plain functions after every edit of random shows', () => {
    fc.assert(
      fc.property(
        fc.tuple(...ids.map((id) => fc.option(arbLook(id), { nil: undefined }))),
        fc.array(arbEdit, { maxLength: 25 }),
        (initial, edits) => {
          let looks = initial.filter((l): l is Look => l !== undefined);
          let rules = show;
          const derived = new DerivedOrder();
          const check = () => {
            const figures = derived.update(rules, looks);
            const expected = plain(rules, looks);
            expect(figures.order).toEqual(expected.order);
            expect(figures.walking).toEqual(expected.walking);
            expect(figures.quickChanges).toEqual(expected.quickChanges);
            for (const change of expected.quickChanges)
              expect(figures.quickChangeInto.get(change.to.look.id)).toEqual(change);
            expect(figures.quickChangeInto.size).toBe(expected.quickChanges.length);
            return figures;
          };
          check();
          edits.forEach((edit, step) => {
            const before = derived.update(rules, looks);
            [looks, rules] = apply(looks, rules, edit, step);
            const after = check();
            // An entry whose look, number and place did not change is the same object.
            for (const entry of after.order) {
              const was = before.order.find((e) => e.look.id === entry.look.id);
              if (
                was &&
                was.look === entry.look &&
                was.number === entry.number &&
                was.index === entry.index
              )
                expect(entry).toBe(was);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
