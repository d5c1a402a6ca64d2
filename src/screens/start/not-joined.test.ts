import { describe, expect, it } from 'vitest';
import { isNotJoined } from './not-joined';

describe('isNotJoined', () => {
  it('is true when a peer refused the passphrase and nothing of the show arrived', () => {
    expect(isNotJoined({ authError: 'Wrong passphrase', isLoaded: true, hasShowRow: false })).toBe(
      true,
    );
  });

  it('is false once the show is here, or with no refusal, or while loading', () => {
    expect(isNotJoined({ authError: 'Wrong passphrase', isLoaded: true, hasShowRow: true })).toBe(
      false,
    );
    expect(isNotJoined({ authError: '', isLoaded: true, hasShowRow: false })).toBe(false);
    expect(isNotJoined({ authError: 'Wrong passphrase', isLoaded: false, hasShowRow: false })).toBe(
      false,
    );
  });
});
