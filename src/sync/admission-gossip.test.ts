import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/clock';
import type { ShowId } from '../domain/ids';
import type { Role } from '../domain/model';
import { MemoryNetwork } from './network/memory-transport';
import type { PeerId } from './network/transport';
import { startSync } from './start-sync';
import { admission, signStatement } from './trust/admission';
import { AdmissionBook } from './trust/admission-book';
import { createIdentity, openIdentity, type KioskIdentity } from './trust/identity';
import { memoryStatementStore } from './testing/memory-statement-store';
import { MemoryOpStore } from './testing/memory-op-store';

const showId = 'spring-26' as ShowId;
const T = 1_760_000_000_000;

async function show() {
  const network = new MemoryNetwork({ delivery: 'auto' });
  const clock = new FakeClock(T);
  const secret = new TextEncoder().encode('velvet curtain lantern orbit');
  const refusals: string[] = [];
  const start = async (name: string, role: Role, peers: string[] = []) => {
    const identity: KioskIdentity = await openIdentity(await createIdentity());
    const book = await AdmissionBook.open(showId, memoryStatementStore());
    const running = await startSync({
      store: new MemoryOpStore(),
      identity,
      showId,
      secret,
      transport: network.createTransport(name),
      kiosk: { name, role },
      clock,
      returning: peers as PeerId[],
      engine: { exchangeIntervalMs: 0, log: () => {} },
      admissions: book,
      onRefusedStatements: (refused) => refusals.push(refused.message),
    });
    return { ...running, book, identity };
  };
  return { start, clock, refusals };
}

describe('admissions over the links', () => {
  it('reach a kiosk when its link opens and travel on through a third kiosk', async () => {
    const { start } = await show();
    const alice = await start('alice', 'producer');
    await alice.book.found(alice.identity, 'Laptop', T);
    const bob = await start('bob', 'wall', ['alice']);
    await bob.book.pinFounder(alice.identity.site);
    const carol = await start('carol', 'makeup', ['bob']);
    await expect.poll(() => carol.book.founder).toBe(alice.identity.site);
    expect(carol.book.standing(alice.identity.site)).toMatchObject({ role: 'producer' });

    // A new admission signed on alice reaches carol through bob.
    await alice.book.admit(
      alice.identity,
      {
        site: carol.identity.site,
        key: carol.identity.publicKeyInfo,
        role: 'makeup',
        name: 'Station 2',
      },
      T + 1,
    );
    await expect.poll(() => carol.book.standing(carol.identity.site).kind).toBe('admitted');
    expect(bob.book.standing(carol.identity.site)).toMatchObject({ role: 'makeup' });
    await Promise.all([alice.stop(), bob.stop(), carol.stop()]);
  });

  it('refuses an admission forged by an admitted tablet and names the kiosk that sent it', async () => {
    const { start, refusals } = await show();
    const alice = await start('alice', 'producer');
    await alice.book.found(alice.identity, 'Laptop', T);
    const mallory = await start('mallory', 'makeup', ['alice']);
    await alice.book.admit(
      alice.identity,
      {
        site: mallory.identity.site,
        key: mallory.identity.publicKeyInfo,
        role: 'makeup',
        name: 'Station 2',
      },
      T + 1,
    );
    await expect.poll(() => mallory.book.standing(mallory.identity.site).kind).toBe('admitted');
    const forged = await signStatement(
      mallory.identity,
      admission({
        show: showId,
        site: mallory.identity.site,
        key: mallory.identity.publicKeyInfo,
        role: 'producer',
        name: 'Totally the producer',
        issuer: mallory.identity.site,
        issuedAt: T + 5,
      }),
    );
    const alicePeer = mallory.engine.status.peers[0]!.peerId;
    mallory.engine.sendTo(alicePeer, { type: 'admissions', statements: [forged] });
    await expect.poll(() => refusals).toHaveLength(1);
    expect(refusals[0]).toContain('Kiosk "mallory" sent admissions that do not count');
    expect(alice.book.standing(mallory.identity.site)).toMatchObject({ role: 'makeup' });
    await Promise.all([alice.stop(), mallory.stop()]);
  });
});
