import { generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import type { LookId, ModelId } from '../../domain/ids';
import type { Look, Model } from '../../domain/model';
import { quickChanges, walkingOrder } from '../../domain/running-order';
import { makeLook, makeModel } from '../../domain/test-factories';
import { NO_DRESSER, printView } from './print';

const show = {
  title: 'Maison Lumière',
  venue: 'Salle 37',
  date: '2026-11-29',
  curtainTime: '20:00',
  pacingSeconds: 45,
  quickChangeLooks: 4,
  quickChangeSeconds: 180,
};
const amara = makeModel({ id: 'm-1' as ModelId, name: 'Amara Okafor' });
const lina = makeModel({ id: 'm-2' as ModelId, name: 'Lina Sørensen' });
const modelsById = new Map<ModelId, Model>([
  [amara.id, amara],
  [lina.id, lina],
]);

function looksOf(count: number, fields: (i: number) => Partial<Look>): Look[] {
  const ranks = generateNKeysBetween(null, null, count);
  return ranks.map((rank, i) =>
    makeLook({ id: `l-${i + 1}` as LookId, rank, modelId: amara.id, ...fields(i) }),
  );
}

const view = (looks: Look[]) =>
  printView(show, walkingOrder(looks), modelsById, quickChanges(show, looks));

describe('printView', () => {
  it('puts 20 looks on a page of the running order', () => {
    const printed = view(looksOf(45, (i) => ({ modelId: i % 2 ? amara.id : lina.id })));
    expect(printed.runningOrder.map((page) => page.looks.length)).toEqual([20, 20, 5]);
    expect(printed.runningOrder.map((page) => page.pageText)).toEqual([
      'Page 1 of 3',
      'Page 2 of 3',
      'Page 3 of 3',
    ]);
    expect(printed.runningOrder[1]?.looks[0]?.number).toBe(21);
  });

  it('makes one sheet per dresser, her looks in order, names told apart case-blind', () => {
    const dressers = ['Jo', 'Ana', 'jo ', '', 'Ana'];
    const printed = view(
      looksOf(5, (i) => ({ dresser: dressers[i] ?? '', outfit: `Outfit ${i + 1}` })),
    );
    expect(printed.dressers.map((sheet) => sheet.dresser)).toEqual(['Ana', 'Jo', NO_DRESSER]);
    expect(printed.dressers[1]?.looks.map((look) => look.number)).toEqual([1, 3]);
    expect(printed.dressers[0]?.looks.map((look) => look.outfit)).toEqual(['Outfit 2', 'Outfit 5']);
  });

  it('marks a quick change on the look the model changes into, and counts them per sheet', () => {
    // Amara walks looks 1 and 3: one look between, 90 s at 45 s pacing.
    const printed = view(
      looksOf(6, (i) => ({ modelId: i === 0 || i === 2 ? amara.id : lina.id, dresser: 'Jo' })),
    );
    const looks = printed.dressers[0]?.looks ?? [];
    expect(looks[2]?.quickChange).toBe('Quick change from look 1 (1 look between, 1:30)');
    expect(looks[0]?.quickChange).toBe('');
    expect(printed.dressers[0]?.summary).toMatch(/^6 looks · \d quick changes?$/);
  });

  it('leaves cut looks off the paper and says who walks, with accessories in one line', () => {
    const printed = view(
      looksOf(3, (i) => ({
        cut: i === 1,
        accessories: ['Gold cuff', 'Silk scarf'],
        modelId: lina.id,
      })),
    );
    expect(printed.runningOrder[0]?.looks.map((look) => look.number)).toEqual([1, 2]);
    expect(printed.runningOrder[0]?.looks[0]?.model).toBe('Lina Sørensen');
    expect(printed.runningOrder[0]?.looks[0]?.accessories).toBe('Gold cuff, Silk scarf');
    expect(printed.subtitle).toBe('Salle 37 · 2026-11-29 · curtain 20:00');
  });
});
