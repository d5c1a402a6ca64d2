import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ErrorLogDb, logError, MAX_ERRORS, recentErrors } from './error-log';

const entry = (at: number) => ({
  at,
  kind: 'error' as const,
  message: `boom ${at}`,
  stack: '',
  route: '#/wall',
  buildId: 'test',
});

describe('the error log', () => {
  it('returns the latest errors, newest first', async () => {
    const db = new ErrorLogDb(`errors-${Math.random()}`);
    for (const at of [1, 3, 2]) await logError(db, entry(at));
    expect((await recentErrors(db, 2)).map((e) => e.message)).toEqual(['boom 3', 'boom 2']);
  });

  it(`keeps only the latest ${MAX_ERRORS}`, async () => {
    const db = new ErrorLogDb(`errors-${Math.random()}`);
    for (let at = 1; at <= MAX_ERRORS + 5; at++) await logError(db, entry(at));
    expect(await db.errors.count()).toBe(MAX_ERRORS);
    expect((await recentErrors(db, MAX_ERRORS)).at(-1)?.at).toBe(6);
  });
});
