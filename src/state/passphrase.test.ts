import { describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from './access';
import { checkPassphrase, generatePassphrase } from './passphrase';

describe('the show passphrase on the producer’s screen', () => {
  it('is four words by default, and the rule takes it', () => {
    const suggested = generatePassphrase();
    expect(suggested.split(' ')).toHaveLength(4);
    expect(checkPassphrase(suggested).isStrongEnough).toBe(true);
  });

  it('is four words of the list for the demo too, which the rule takes', () => {
    expect(DEMO_PASSPHRASE.split(' ')).toHaveLength(4);
    expect(checkPassphrase(DEMO_PASSPHRASE)).toEqual({ isStrongEnough: true, bits: 44 });
  });

  it('was the one word "catwalk" for the demo before, which the rule refuses', () => {
    expect(checkPassphrase('catwalk').isStrongEnough).toBe(false);
  });
});
