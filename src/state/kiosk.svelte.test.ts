import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalDb } from '../storage/local';
import { KioskState } from './kiosk.svelte';

// The kiosk state without a browser: its settings database and show databases are
// fake-indexeddb, its windows' channels Node's BroadcastChannel.

let dbs = 0;
let opened: KioskState[] = [];
afterEach(() => {
  opened = [];
});

/** Two windows of one kiosk: two states on the same settings database. */
async function twoWindows() {
  const name = `kiosk-${++dbs}-${Math.random().toString(36).slice(2, 8)}`;
  const windows = [new KioskState({ local: new LocalDb(name) }), new KioskState({ local: new LocalDb(name) })];
  opened.push(...windows);
  await Promise.all(windows.map((window) => window.load()));
  return windows as [KioskState, KioskState];
}

describe('the kiosk’s settings', () => {
  it('are one kiosk across windows: the same site id', async () => {
    const [first, second] = await twoWindows();
    expect(first.site).toBe(second.site);
  });

  it('reach the other windows when the role or name changes in one', async () => {
    const [makeupWindow, wallWindow] = await twoWindows();
    await makeupWindow.setRole('makeup');
    await makeupWindow.setSetting('kioskName', 'Station 2');
    await vi.waitFor(() => expect(wallWindow.settings).toMatchObject({ role: 'makeup', kioskName: 'Station 2' }));
  });
});
