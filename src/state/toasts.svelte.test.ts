import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Toasts } from './toasts.svelte';

describe('Toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows a toast for six seconds, then removes it', () => {
    const toasts = new Toasts();
    toasts.show('Hair done for Amara Okafor');
    expect(toasts.current.map((toast) => toast.message)).toEqual(['Hair done for Amara Okafor']);
    vi.advanceTimersByTime(5999);
    expect(toasts.current).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(toasts.current).toEqual([]);
  });

  it('runs the action once and removes the toast', async () => {
    const toasts = new Toasts();
    const undo = vi.fn();
    const id = toasts.show('Hair done', { action: { label: 'Undo', run: undo } });
    expect(toasts.current[0]?.actionLabel).toBe('Undo');
    await toasts.act(id);
    await toasts.act(id);
    expect(undo).toHaveBeenCalledTimes(1);
    expect(toasts.current).toEqual([]);
  });

  it('keeps only the latest toast of a group: one Undo at a time', () => {
    const toasts = new Toasts();
    toasts.show('Hair done', { group: 'undo' });
    toasts.show('Saved elsewhere');
    toasts.show('Makeup done', { group: 'undo' });
    expect(toasts.current.map((toast) => toast.message)).toEqual([
      'Saved elsewhere',
      'Makeup done',
    ]);
  });

  it('shows at most three', () => {
    const toasts = new Toasts();
    for (const message of ['a', 'b', 'c', 'd']) toasts.show(message);
    expect(toasts.current.map((toast) => toast.message)).toEqual(['b', 'c', 'd']);
  });

  it('waits while held and resumes with the time that was left', () => {
    const toasts = new Toasts();
    const id = toasts.show('Hair done', { durationMs: 6000 });
    vi.advanceTimersByTime(4000);
    toasts.hold(id, true);
    vi.advanceTimersByTime(60_000);
    expect(toasts.current).toHaveLength(1);
    toasts.hold(id, false);
    vi.advanceTimersByTime(1999);
    expect(toasts.current).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(toasts.current).toEqual([]);
  });
});
