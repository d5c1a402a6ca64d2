import { describe, expect, it } from 'vitest';
import type { ShowId } from '../../domain/ids';
import { memoryStatementStore } from '../testing/memory-statement-store';
import { admission, signStatement } from './admission';
import { AdmissionBook } from './admission-book';
import { createIdentity, openIdentity, type KioskIdentity } from './identity';

const show = 'spring-show' as ShowId;
const T = 1_780_000_000_000;
const kiosk = async (): Promise<KioskIdentity> => openIdentity(await createIdentity());

/** Statements as they cross a link: JSON. */
const overTheWire = <T>(value: T): unknown[] => JSON.parse(JSON.stringify(value)) as unknown[];

describe('the admission book', () => {
  it('founds a show: the founder is pinned and admitted as producer', async () => {
    const alice = await kiosk();
    const store = memoryStatementStore();
    const book = await AdmissionBook.open(show, store);
    await book.found(alice, 'Producer laptop', T);
    expect(book.founder).toBe(alice.site);
    expect(book.standing(alice.site)).toMatchObject({ kind: 'admitted', role: 'producer' });
    // Founding again signs nothing new.
    expect(await book.found(alice, 'Producer laptop', T + 5)).toBeUndefined();
    expect(book.statements()).toHaveLength(1);
  });

  it('renews its own admission as founder when it nears its end', async () => {
    const alice = await kiosk();
    const book = await AdmissionBook.open(show, memoryStatementStore());
    await book.found(alice, 'Laptop', T);
    const expires = book.info(alice.site).expires!;
    expect(await book.found(alice, 'Laptop', expires - 60_000)).toBeDefined();
    expect(book.info(alice.site).expires).toBeGreaterThan(expires);
  });

  it('keeps what it learned across a restart', async () => {
    const [alice, bob] = [await kiosk(), await kiosk()];
    const store = memoryStatementStore();
    const book = await AdmissionBook.open(show, store);
    await book.found(alice, 'Laptop', T);
    await book.admit(
      alice,
      { site: bob.site, key: bob.publicKeyInfo, role: 'makeup', name: 'Station 2' },
      T + 1,
    );
    const again = await AdmissionBook.open(show, store);
    expect(again.founder).toBe(alice.site);
    expect(again.info(bob.site)).toMatchObject({
      standing: { kind: 'admitted', role: 'makeup' },
      name: 'Station 2',
      issuer: alice.site,
    });
  });

  it('tells its listeners when a standing changes, and a peer learns the same standings', async () => {
    const [alice, bob] = [await kiosk(), await kiosk()];
    const producer = await AdmissionBook.open(show, memoryStatementStore());
    await producer.found(alice, 'Laptop', T);
    await producer.admit(
      alice,
      { site: bob.site, key: bob.publicKeyInfo, role: 'makeup', name: 'Tablet' },
      T + 1,
    );
    await producer.remove(alice, bob.site, 12, T + 2);

    const tablet = await AdmissionBook.open(show, memoryStatementStore());
    await tablet.pinFounder(alice.site);
    let heard = 0;
    tablet.subscribe(() => (heard += 1));
    const received = await tablet.receive(overTheWire(producer.statements()));
    expect(received.refused).toEqual([]);
    expect(received.fresh).toHaveLength(3);
    expect(tablet.standing(bob.site)).toEqual(producer.standing(bob.site));
    expect(tablet.standing(bob.site)).toMatchObject({ kind: 'removed', upTo: 12 });
    expect(heard).toBe(1);
    // The same again is nothing new.
    expect((await tablet.receive(overTheWire(producer.statements()))).fresh).toEqual([]);
  });

  it('pins the founder of the first valid chain it receives when joined by typed code', async () => {
    const [alice, bob] = [await kiosk(), await kiosk()];
    const producer = await AdmissionBook.open(show, memoryStatementStore());
    await producer.found(alice, 'Laptop', T);
    await producer.admit(
      alice,
      { site: bob.site, key: bob.publicKeyInfo, role: 'wall', name: 'Wall' },
      T + 1,
    );
    const store = memoryStatementStore();
    const joining = await AdmissionBook.open(show, store);
    expect(joining.founder).toBeUndefined();
    await joining.receive(overTheWire(producer.statements()));
    expect(joining.founder).toBe(alice.site);
    expect(store.founders.get(show)).toBe(alice.site);
    expect(joining.info(bob.site).issuer).toBe(alice.site);
  });

  it('keeps the founder from the join link: another self-made chain never moves trust', async () => {
    const [alice, mallory] = [await kiosk(), await kiosk()];
    const joining = await AdmissionBook.open(show, memoryStatementStore());
    expect(await joining.pinFounder(alice.site)).toBe(true);
    const fake = await AdmissionBook.open(show, memoryStatementStore());
    await fake.found(mallory, 'Fake laptop', T);
    await joining.receive(overTheWire(fake.statements()));
    expect(joining.founder).toBe(alice.site);
    expect(joining.standing(mallory.site)).toEqual({ kind: 'unknown' });
    expect(await joining.pinFounder(mallory.site)).toBe(false);
  });

  it('refuses statements with a reason naming what is wrong', async () => {
    const [alice, bob, carol] = [await kiosk(), await kiosk(), await kiosk()];
    const book = await AdmissionBook.open(show, memoryStatementStore());
    await book.found(alice, 'Laptop', T);
    await book.admit(
      alice,
      { site: bob.site, key: bob.publicKeyInfo, role: 'makeup', name: 'Tablet' },
      T + 1,
    );
    const forged = await signStatement(
      bob,
      admission({
        show,
        site: carol.site,
        key: carol.publicKeyInfo,
        role: 'producer',
        name: 'x',
        issuer: bob.site,
        issuedAt: T + 2,
      }),
    );
    const received = await book.receive([...overTheWire([forged]), { s: 'nonsense' }]);
    expect(received.refused).toEqual([
      'statement 2: s is not an admission or a removal',
      `the admission of ${carol.site} as producer by ${bob.site} is signed by ${bob.site}, which was not a producer then`,
    ]);
    expect(book.standing(carol.site)).toEqual({ kind: 'unknown' });
  });

  it('lets a second producer admit and remove, and refuses a tablet that tries', async () => {
    const [alice, second, tablet] = [await kiosk(), await kiosk(), await kiosk()];
    const book = await AdmissionBook.open(show, memoryStatementStore());
    await book.found(alice, 'Laptop', T);
    await book.admit(
      alice,
      { site: second.site, key: second.publicKeyInfo, role: 'producer', name: 'Backup laptop' },
      T + 1,
    );
    await book.admit(
      second,
      { site: tablet.site, key: tablet.publicKeyInfo, role: 'makeup', name: 'Tablet' },
      T + 2,
    );
    await book.remove(second, tablet.site, 4, T + 3);
    expect(book.standing(tablet.site)).toMatchObject({ kind: 'removed', upTo: 4 });
    await expect(book.remove(tablet, second.site, 0, T + 4)).rejects.toThrow(/not a producer/);
    expect(book.isProducer(second.site)).toBe(true);
  });

  it('signs a removal after the admission it ends even when this clock is behind', async () => {
    const [alice, tablet] = [await kiosk(), await kiosk()];
    const book = await AdmissionBook.open(show, memoryStatementStore());
    await book.found(alice, 'Laptop', T);
    await book.admit(
      alice,
      { site: tablet.site, key: tablet.publicKeyInfo, role: 'wall', name: 'Wall' },
      T + 60_000,
    );
    await book.remove(alice, tablet.site, 1, T); // a minute behind
    expect(book.standing(tablet.site)).toMatchObject({ kind: 'removed' });
  });
});
