import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ShowId } from '../domain/ids';
import { AdmissionBook } from '../sync/trust/admission-book';
import { createIdentity, openIdentity } from '../sync/trust/identity';
import { LocalDb } from '../storage/local';
import { DexieStatementStore } from '../storage/statements';

const show = 'spring-show' as ShowId;

describe('admission statements in the local database', () => {
  it('keeps a show’s founder and statements, and the book checks them again when read', async () => {
    const db = new LocalDb(`statements-${Math.random()}`);
    const alice = await openIdentity(await createIdentity());
    const book = await AdmissionBook.open(show, new DexieStatementStore(db));
    await book.found(alice, 'Laptop', 1_780_000_000_000);
    // A row spoiled on disk (an older version, or someone with devtools) is read, then refused.
    await db.statements.put({
      id: `${show}:junk`,
      show,
      signed: { s: { kind: 'admit' }, sig: 'x' },
    });

    const again = await AdmissionBook.open(show, new DexieStatementStore(db));
    expect(again.founder).toBe(alice.site);
    expect(again.standing(alice.site)).toMatchObject({ kind: 'admitted', role: 'producer' });
    expect(again.statements()).toHaveLength(1);
    const other = await AdmissionBook.open('other-show' as ShowId, new DexieStatementStore(db));
    expect(other.statements()).toEqual([]);
    db.close();
  });
});
