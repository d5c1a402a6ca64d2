import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/clock';
import type { ShowId } from '../domain/ids';
import { MemoryNetwork } from './network/memory-transport';
import type { PeerId } from './network/transport';
import { startSync } from './start-sync';
import { createIdentity, openIdentity } from './trust/identity';
import { FixedAuthority } from './testing/fixed-authority';
import { MemoryOpStore } from './testing/memory-op-store';

const showId = 'spring-26' as ShowId;

describe('startSync', () => {
  it('links the kiosks it is told of, syncs their edits, and stops cleanly', async () => {
    const network = new MemoryNetwork({ delivery: 'auto' });
    const clock = new FakeClock(1_760_000_000_000);
    const secret = new TextEncoder().encode('velvet curtain lantern orbit');
    const identities = new Map<string, Awaited<ReturnType<typeof openIdentity>>>();
    const authority = new FixedAuthority();
    const start = async (name: string, peers: string[] = []) => {
      const store = new MemoryOpStore();
      const identity = await openIdentity(await createIdentity());
      identities.set(name, identity);
      authority.admit(identity.site, 'producer', identity.publicKeyInfo);
      return startSync({
        store,
        identity,
        showId,
        secret,
        transport: network.createTransport(name),
        kiosk: { name, role: 'makeup' },
        clock,
        authority,
        peers: peers as PeerId[],
        engine: { exchangeIntervalMs: 0, log: () => {} },
      }).then((running) => ({ ...running, store }));
    };
    const alice = await start('alice');
    const bob = await start('bob', ['alice']);
    await expect.poll(() => alice.engine.status.authenticatedPeers, { timeout: 5000 }).toBe(1);

    const ops = await alice.store.write(
      identities.get('alice')!.site,
      [{ table: 'looks', key: 'l-1', field: 'outfit', value: 'Coat' }],
      clock.now(),
    );
    alice.engine.pushLocal(ops);
    await expect
      .poll(async () => (await bob.store.rows('looks')).map((row) => row.outfit))
      .toEqual(['Coat']);

    await bob.stop();
    await expect.poll(() => alice.engine.status.authenticatedPeers).toBe(0);
    expect(bob.engine.status.running).toBe(false);
    await alice.stop();
  });
});
