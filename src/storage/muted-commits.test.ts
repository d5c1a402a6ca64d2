import { Dexie, RangeSet, type ObservabilitySet } from 'dexie';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEXIE_COMMITS_CHANNEL, muteCommitBroadcasts } from './muted-commits';

// A context's own BroadcastChannel class, so that Node's global one is left alone.
function scope() {
  const posted: Array<{ name: string; message: unknown }> = [];
  class Channel {
    constructor(readonly name: string) {}
    postMessage(message: unknown): void {
      posted.push({ name: this.name, message });
    }
  }
  return { scope: { BroadcastChannel: Channel as unknown as typeof BroadcastChannel }, posted };
}

const commit = (table: string, key: string): ObservabilitySet => ({
  [`idb://show/${table}/`]: new RangeSet(key),
  'opstore:x:1': new RangeSet(0),
});

describe('Muting some of a context’s commits', () => {
  it('knows the channel Dexie broadcasts its commits on', async () => {
    const db = new Dexie(`muted-commits-${Math.random()}`, { indexedDB, IDBKeyRange });
    db.version(1).stores({ rows: 'id' });
    const listener = new BroadcastChannel(DEXIE_COMMITS_CHANNEL);
    const heard = new Promise<ObservabilitySet>((resolve) => {
      listener.onmessage = (event: MessageEvent<ObservabilitySet>) => resolve(event.data);
    });
    try {
      await db.table('rows').put({ id: 'r-1' });
      expect(Object.keys(await heard)).toContain(`idb://${db.name}/rows/`);
    } finally {
      listener.close();
      await db.delete();
    }
  });

  it('keeps a muted commit from the other contexts, and posts the others', () => {
    const { scope: context, posted } = scope();
    let isMuted = true;
    muteCommitBroadcasts(context, () => isMuted);
    const dexie = new context.BroadcastChannel(DEXIE_COMMITS_CHANNEL);
    dexie.postMessage(commit('progress', 'm-1'));
    expect(posted).toEqual([]);
    isMuted = false;
    dexie.postMessage(commit('looks', 'l-1'));
    expect(posted).toHaveLength(1);
    expect(Object.keys(posted[0]!.message as object)).toContain('idb://show/looks/');
  });

  it('names every table a muted commit wrote, once, to whoever listens later', () => {
    const { scope: context, posted } = scope();
    const muted = muteCommitBroadcasts(context, () => true);
    const dexie = new context.BroadcastChannel(DEXIE_COMMITS_CHANNEL);
    dexie.postMessage(commit('progress', 'm-1'));
    dexie.postMessage(commit('progress', 'm-2'));
    dexie.postMessage(commit('log', 'bob'));
    muted.announceMuted();
    expect(posted).toHaveLength(1);
    const parts = posted[0]!.message as ObservabilitySet;
    // The tables, not the rows (the memory stays small), and only Dexie's parts.
    expect(Object.keys(parts).sort()).toEqual(['idb://show/log/', 'idb://show/progress/']);
    expect(parts['idb://show/progress/']).toMatchObject({ from: -Infinity });
    muted.announceMuted();
    expect(posted).toHaveLength(1);
  });

  it('leaves every other channel alone', () => {
    const { scope: context, posted } = scope();
    muteCommitBroadcasts(context, () => true);
    new context.BroadcastChannel('backstage-outbox').postMessage({ type: 'ops' });
    expect(posted).toEqual([{ name: 'backstage-outbox', message: { type: 'ops' } }]);
  });
});
