import { describe, expect, it } from 'vitest';
import { makeLook } from './test-factories';
import type { LookId, ModelId, SiteId } from './ids';
import type { Look, Progress } from './model';
import { lookReadiness } from './readiness';

const look = (accessories: string[] = []): Look =>
  makeLook({ id: 'l-1' as LookId, rank: 'a0', modelId: 'm-1' as ModelId, accessories });
const done = { done: true, at: 1, by: 'tablet' as SiteId };
const undone = { done: false, at: 2, by: 'tablet' as SiteId };
const modelProgress = (steps: Partial<Progress>): Progress => ({ id: 'm-1' as ModelId, ...steps });
const lookProgress = (steps: Partial<Progress>): Progress => ({ id: 'l-1' as LookId, ...steps });

describe('look readiness', () => {
  it('is not started with nothing done, listing every step in order', () => {
    const readiness = lookReadiness(look(['Belt']), undefined, undefined);
    expect(readiness).toEqual({
      state: 'waiting',
      done: 0,
      total: 5,
      missing: ['hair', 'makeup', 'dressed', 'accessories', 'checked'],
    });
  });

  it('needs no accessories step for a look without accessories', () => {
    expect(lookReadiness(look(), undefined, undefined).total).toBe(4);
  });

  it('is in progress once anything is done, and an undone step counts as open', () => {
    const readiness = lookReadiness(
      look(),
      modelProgress({ hair: done, makeup: undone }),
      undefined,
    );
    expect(readiness.state).toBe('in-progress');
    expect(readiness.missing).toEqual(['makeup', 'dressed', 'checked']);
  });

  it('is ready when every required step is done', () => {
    const readiness = lookReadiness(
      look(),
      modelProgress({ hair: done, makeup: done }),
      lookProgress({ dressed: done, checked: done }),
    );
    expect(readiness.state).toBe('ready');
  });

  it('reports the line-up and walked steps over preparation', () => {
    expect(lookReadiness(look(), undefined, lookProgress({ lineup: done })).state).toBe(
      'at-lineup',
    );
    expect(
      lookReadiness(look(), undefined, lookProgress({ lineup: done, walked: done })).state,
    ).toBe('walked');
  });
});
