import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cueId, showPosition } from './cues';
import { encodeHlc, type Hlc } from './hlc';
import type { LookId, ModelId, RunId, SiteId } from './ids';
import {
  acknowledgeChanges,
  changeAudience,
  curtainChanges,
  describeChange,
  fieldsChangedSince,
  isLookChange,
  lastMinuteFrom,
  lastMinuteSince,
  lookEditChanges,
  lookEditWrites,
  openChanges,
  openChangesOfLook,
  recordLookEdit,
  type LookChange,
} from './look-changes';
import type { Run } from './model';
import { walkingOrder } from './running-order';
import { makeLook } from './test-factories';

const producer = 'producer' as SiteId;
const tablet = 'tablet' as SiteId;
const REHEARSAL = 1_800_000_000_000;
const MIN = 60_000;
const clock = (minutesAfterRehearsal: number, counter = 0) =>
  encodeHlc(REHEARSAL + minutesAfterRehearsal * MIN, counter, producer);
const edit = (minutes: number) => ({
  hlc: clock(minutes),
  at: REHEARSAL + minutes * MIN,
  by: producer,
});

const look14 = makeLook({
  id: 'l-14' as LookId,
  rank: 'a4',
  modelId: 'm-amara' as ModelId,
  outfit: 'Black silk slip dress',
  accessories: ['Belt', 'Gold cuff'],
  shoes: 'Black mules',
  hair: 'Slick bun',
  makeup: 'Red lip',
});

const rehearsal: Run = {
  id: 'r-1' as RunId,
  kind: 'rehearsal',
  startedAt: REHEARSAL,
  endedAt: REHEARSAL + 30 * MIN,
};
const live: Run = { id: 'r-2' as RunId, kind: 'live', startedAt: REHEARSAL + 90 * MIN, endedAt: 0 };

describe('when a change is last-minute', () => {
  it('from the start of the first run, or when the show left setup, whichever came first', () => {
    expect(lastMinuteFrom([])).toBeUndefined();
    expect(lastMinuteFrom([live, rehearsal])).toBe(REHEARSAL);
    expect(lastMinuteFrom([{ ...rehearsal, startedAt: 0 }])).toBeUndefined();
    expect(lastMinuteFrom([live], REHEARSAL - MIN)).toBe(REHEARSAL - MIN);
  });

  it('reads the phase clock of a stored show only once the show has left setup', () => {
    // A new show writes its phase ('setup') when it is created: that is no rehearsal.
    expect(lastMinuteSince('setup', [], clock(-60))).toBeUndefined();
    expect(lastMinuteSince('rehearsal', [], clock(-60))).toBe(REHEARSAL - 60 * MIN);
    expect(lastMinuteSince('setup', [rehearsal], clock(-60))).toBe(REHEARSAL);
    // A damaged clock is no clock.
    expect(lastMinuteSince('live', [], 'yesterday' as Hlc)).toBeUndefined();
  });

  it('records nothing while the show is set up, or for an edit dated before the rehearsal', () => {
    expect(recordLookEdit(look14, { outfit: 'Red coat' }, edit(5), undefined)).toEqual([]);
    expect(recordLookEdit(look14, { outfit: 'Red coat' }, edit(-1), REHEARSAL)).toEqual([]);
  });
});

describe('what an edit changes', () => {
  it('lists only the fields people act on, and only when they differ', () => {
    const changes = lookEditChanges(look14, {
      outfit: 'Red coat',
      shoes: ' Black mules ',
      walkNotes: 'Slower',
      dresser: 'Jo',
    });
    expect(changes).toEqual([
      { field: 'outfit', before: 'Black silk slip dress', after: 'Red coat' },
    ]);
  });

  it('takes accessories as a set: reordering them is no change', () => {
    expect(lookEditChanges(look14, { accessories: ['Gold cuff', 'Belt'] })).toEqual([]);
    expect(lookEditChanges(look14, { accessories: ['Gold cuff'] })).toEqual([
      { field: 'accessories', before: ['Belt', 'Gold cuff'], after: ['Gold cuff'] },
    ]);
  });

  it('writes one record per changed field, named by look, field and clock', () => {
    const records = recordLookEdit(
      look14,
      { accessories: ['Gold cuff'], makeup: 'Nude lip' },
      edit(40),
      REHEARSAL,
    );
    expect(records.map((r) => r.id)).toEqual([
      `l-14/accessories/${clock(40)}`,
      `l-14/makeup/${clock(40)}`,
    ]);
    expect(records[1]).toMatchObject({
      lookId: 'l-14',
      before: 'Red lip',
      after: 'Nude lip',
      at: REHEARSAL + 40 * MIN,
      by: producer,
    });
  });

  it('writes the edit and its records together, and only the edit before the rehearsal', () => {
    const writes = lookEditWrites(
      look14,
      { outfit: 'Red coat', walkNotes: 'Slower' },
      edit(5),
      REHEARSAL,
    );
    expect(writes.filter((w) => w.table === 'looks')).toEqual([
      { table: 'looks', key: 'l-14', field: 'outfit', value: 'Red coat' },
      { table: 'looks', key: 'l-14', field: 'walkNotes', value: 'Slower' },
    ]);
    const record = writes.filter((w) => w.table === 'lookChanges');
    expect(new Set(record.map((w) => w.key))).toEqual(new Set([`l-14/outfit/${clock(5)}`]));
    expect(Object.fromEntries(record.map((w) => [w.field, w.value]))).toMatchObject({
      lookId: 'l-14',
      field: 'outfit',
      before: 'Black silk slip dress',
      after: 'Red coat',
      hlc: clock(5),
    });
    // No acknowledgement is written with the record: each desk writes its own later.
    expect(record.map((w) => w.field)).not.toContain('ackDresser');
    expect(lookEditWrites(look14, { outfit: 'Red coat' }, edit(5), undefined)).toEqual([
      { table: 'looks', key: 'l-14', field: 'outfit', value: 'Red coat' },
    ]);
  });

  it('keeps out stored records that name no field people act on, or carry no clock', () => {
    const [record] = recordLookEdit(look14, { outfit: 'Red coat' }, edit(5), REHEARSAL);
    expect(record && isLookChange(record)).toBe(true);
    expect(isLookChange({ ...record!, field: 'walkNotes' as never })).toBe(false);
    expect(isLookChange({ ...record!, hlc: '' as Hlc })).toBe(false);
    expect(isLookChange({ ...record!, lookId: '' as LookId })).toBe(false);
  });

  it('reads in the words of the rail', () => {
    expect(describeChange('accessories', ['Belt', 'Gold cuff'], ['Gold cuff', 'Scarf'])).toBe(
      'No Belt, Add Scarf',
    );
    expect(describeChange('outfit', 'Black silk slip dress', 'Red coat')).toBe(
      'Outfit: Black silk slip dress → Red coat',
    );
    expect(describeChange('shoes', 'Black mules', '')).toBe('Shoes: none (was Black mules)');
    expect(describeChange('hair', '', 'Wet look')).toBe('Hair: Wet look');
  });

  it('from field clocks alone, says which fields were written after the rehearsal started', () => {
    const clocks = { outfit: clock(-60), shoes: clock(3), walkNotes: clock(4), makeup: clock(0) };
    expect(fieldsChangedSince(clocks, REHEARSAL)).toEqual(['shoes', 'makeup']);
    expect(fieldsChangedSince(clocks, undefined)).toEqual([]);
  });
});

describe('open changes and acknowledgements', () => {
  const noBelt = recordLookEdit(look14, { accessories: ['Gold cuff'] }, edit(40), REHEARSAL);
  const nudeLip = recordLookEdit(look14, { makeup: 'Nude lip' }, edit(41), REHEARSAL);
  const ack = { at: REHEARSAL + 45 * MIN, by: tablet };
  const acknowledged = (
    records: LookChange[],
    desk: 'dresser' | 'hair' | 'makeup',
  ): LookChange[] => {
    const writes = acknowledgeChanges(openChanges(records, desk), desk, ack);
    return records.map((record) => {
      const mine = writes.filter((w) => w.key === record.id);
      return Object.assign({ ...record }, ...mine.map((w) => ({ [w.field]: w.value })));
    });
  };

  it('shows each desk only its own fields', () => {
    const records = [...noBelt, ...nudeLip];
    expect(openChanges(records, 'dresser').map((c) => c.text)).toEqual(['No Belt']);
    expect(openChanges(records, 'makeup').map((c) => c.text)).toEqual([
      'Makeup: Red lip → Nude lip',
    ]);
    expect(openChanges(records, 'hair')).toEqual([]);
  });

  it('stays open until that desk acknowledges it, and acknowledging twice changes nothing more', () => {
    const once = acknowledged([...noBelt, ...nudeLip], 'dresser');
    expect(openChanges(once, 'dresser')).toEqual([]);
    expect(openChanges(once).map((c) => c.desk)).toEqual(['makeup']);
    expect(acknowledged(once, 'dresser')).toEqual(once);
  });

  it('folds two open changes of one field into one, from the first value to the last', () => {
    const redCoat = recordLookEdit(look14, { outfit: 'Red coat' }, edit(40), REHEARSAL);
    const blueCoat = recordLookEdit(
      { ...look14, outfit: 'Red coat' },
      { outfit: 'Blue coat' },
      edit(42),
      REHEARSAL,
    );
    const [open] = openChanges([...blueCoat, ...redCoat]);
    expect(open).toMatchObject({
      text: 'Outfit: Black silk slip dress → Blue coat',
      changeIds: [redCoat[0]?.id, blueCoat[0]?.id],
    });
  });

  it('opens again when the look changes after it was acknowledged, from the acknowledged value', () => {
    const redCoat = acknowledged(
      recordLookEdit(look14, { outfit: 'Red coat' }, edit(40), REHEARSAL),
      'dresser',
    );
    const blueCoat = recordLookEdit(
      { ...look14, outfit: 'Red coat' },
      { outfit: 'Blue coat' },
      edit(50),
      REHEARSAL,
    );
    expect(openChanges([...redCoat, ...blueCoat], 'dresser').map((c) => c.text)).toEqual([
      'Outfit: Red coat → Blue coat',
    ]);
  });

  it('drops a field changed and changed back before anyone saw it', () => {
    const back = recordLookEdit(
      { ...look14, accessories: ['Gold cuff'] },
      { accessories: ['Belt', 'Gold cuff'] },
      edit(41),
      REHEARSAL,
    );
    expect(openChanges([...noBelt, ...back])).toEqual([]);
  });
});

describe('the curtain', () => {
  const looks = [1, 2, 3].map((n) =>
    makeLook({
      id: `l-${n}` as LookId,
      rank: `a${n}`,
      modelId: `m-${n}` as ModelId,
      outfit: `Outfit ${n}`,
    }),
  );
  const order = walkingOrder(looks);
  const run = 'r-2' as RunId;
  const changeOf = (n: number, minutes: number) =>
    recordLookEdit(looks[n - 1]!, { outfit: `New outfit ${n}` }, edit(minutes), REHEARSAL);

  it('shows open changes of the look walking now and the next, not of the others', () => {
    const open = openChanges([...changeOf(1, 10), ...changeOf(2, 11), ...changeOf(3, 12)]);
    const position = showPosition(
      order,
      [
        {
          id: cueId(run, looks[0]!.id),
          runId: run,
          lookId: looks[0]!.id,
          goAt: REHEARSAL + 95 * MIN,
          by: tablet,
        },
      ],
      run,
    );
    const shown = curtainChanges(open, position);
    expect(shown.now.map((c) => [c.lookId, c.text, c.desk])).toEqual([
      ['l-1', 'Outfit: Outfit 1 → New outfit 1', 'dresser'],
    ]);
    expect(shown.next.map((c) => c.lookId)).toEqual(['l-2']);
    expect(openChangesOfLook(open, 'l-3' as LookId)).toHaveLength(1);
  });

  it('before the first look, shows only the next', () => {
    const shown = curtainChanges(openChanges(changeOf(1, 10)), showPosition(order, [], undefined));
    expect(shown).toMatchObject({ now: [], next: [{ lookId: 'l-1' }] });
  });
});

describe('who must see a change', () => {
  it('is the dresser by name for what is worn, the station for hair and makeup', () => {
    const look = { ...look14, dresser: 'Jo' };
    expect(changeAudience({ desk: 'dresser' }, look, { station: 'Chair 3' })).toEqual({
      desk: 'dresser',
      name: 'Jo',
      label: 'Dresser (Jo)',
    });
    expect(changeAudience({ desk: 'makeup' }, look, { station: 'Chair 3' })).toEqual({
      desk: 'makeup',
      name: 'Chair 3',
      label: 'Makeup (Chair 3)',
    });
    expect(changeAudience({ desk: 'hair' }, look, undefined)).toEqual({
      desk: 'hair',
      name: '',
      label: 'Hair',
    });
  });
});

describe('open changes, in any order', () => {
  it('do not depend on the order records arrive in, and all close once every desk acknowledges', () => {
    const edits = fc.array(
      fc.record({
        field: fc.constantFrom('outfit', 'shoes', 'hair', 'makeup', 'accessories') as fc.Arbitrary<
          'outfit' | 'shoes' | 'hair' | 'makeup' | 'accessories'
        >,
        value: fc.constantFrom('A', 'B', 'C'),
        minutes: fc.integer({ min: 0, max: 120 }),
      }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(edits, fc.boolean(), (steps, isReversed) => {
        // Apply the edits in clock order, as the look would see them, recording each.
        let look = look14;
        const records: LookChange[] = [];
        steps.forEach((step, i) => {
          const value = step.field === 'accessories' ? [step.value] : step.value;
          const patch = { [step.field]: value };
          records.push(
            ...recordLookEdit(
              look,
              patch,
              { hlc: clock(step.minutes, i), at: REHEARSAL + step.minutes * MIN, by: producer },
              REHEARSAL,
            ),
          );
          look = { ...look, ...patch };
        });
        const shuffled = isReversed ? [...records].reverse() : records;
        expect(openChanges(shuffled)).toEqual(openChanges(records));
        let acked = records;
        for (const desk of ['dresser', 'hair', 'makeup'] as const) {
          const writes = acknowledgeChanges(openChanges(acked, desk), desk, {
            at: REHEARSAL + 200 * MIN,
            by: tablet,
          });
          acked = acked.map((record) =>
            Object.assign(
              { ...record },
              ...writes.filter((w) => w.key === record.id).map((w) => ({ [w.field]: w.value })),
            ),
          );
        }
        expect(openChanges(acked)).toEqual([]);
      }),
    );
  });
});
