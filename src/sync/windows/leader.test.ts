import { describe, expect, it } from 'vitest';
import { leadWhenElected, type LockManagerLike } from './leader';

/** Web Locks in miniature: one holder per name, the others queue in order, abortable while queued. */
class FakeLocks implements LockManagerLike {
  private readonly queues = new Map<string, Array<() => void>>();
  private readonly held = new Set<string>();
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.held.add(name);
        callback({ name }).finally(() => {
          this.held.delete(name);
          resolve(undefined);
          this.queues.get(name)?.shift()?.();
        });
      };
      if (!this.held.has(name)) return run();
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      queue.push(run);
      options.signal?.addEventListener('abort', () => {
        const at = queue.indexOf(run);
        if (at >= 0) queue.splice(at, 1);
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      });
    });
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('leadWhenElected', () => {
  it('lets one window of two lead, and the other take over when it closes', async () => {
    const locks = new FakeLocks();
    const log: string[] = [];
    const windowA = leadWhenElected(
      'backstage-mesh-x',
      () => (log.push('A leads'), () => void log.push('A stops')),
      undefined,
      locks,
    );
    const windowB = leadWhenElected(
      'backstage-mesh-x',
      () => (log.push('B leads'), () => void log.push('B stops')),
      undefined,
      locks,
    );
    await tick();
    expect(windowA.isLeader).toBe(true);
    expect(windowB.isLeader).toBe(false);
    await windowA.stop();
    await tick();
    expect(log).toEqual(['A leads', 'A stops', 'B leads']);
    expect(windowB.isLeader).toBe(true);
    await windowB.stop();
    expect(log.at(-1)).toBe('B stops');
  });

  it('stops waiting when a window that never led is closed', async () => {
    const locks = new FakeLocks();
    const a = leadWhenElected('m', () => () => {}, undefined, locks);
    const b = leadWhenElected('m', () => () => {}, undefined, locks);
    await tick();
    await b.stop();
    expect(b.isLeader).toBe(false);
    await a.stop();
  });

  it('leads at once without Web Locks', async () => {
    const changes: boolean[] = [];
    const only = leadWhenElected(
      'm',
      () => () => {},
      (isLeader) => changes.push(isLeader),
      null,
    );
    await tick();
    expect(only.isLeader).toBe(true);
    await only.stop();
    expect(changes).toEqual([true, false]);
  });
});
