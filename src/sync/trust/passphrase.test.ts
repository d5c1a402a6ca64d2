import { wordlist } from '@scure/bip39/wordlists/english.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPassphrase,
  DEFAULT_WORD_COUNT,
  estimate,
  generatePassphrase,
  MIN_PASSPHRASE_BITS,
} from './passphrase';

describe('the generated passphrase', () => {
  it('is four words of the BIP39 English list, 44 bits, accepted by the check', () => {
    const passphrase = generatePassphrase();
    const words = passphrase.split(' ');
    expect(words).toHaveLength(DEFAULT_WORD_COUNT);
    for (const word of words) expect(wordlist).toContain(word);
    expect(estimate(passphrase).bits).toBeGreaterThanOrEqual(MIN_PASSPHRASE_BITS);
  });

  it('never repeats a word, so the check never refuses the suggestion', () => {
    // A repeat came up about once in 340 draws before words were drawn without one.
    for (let i = 0; i < 3000; i++) {
      const passphrase = generatePassphrase();
      expect(new Set(passphrase.split(' ')).size).toBe(DEFAULT_WORD_COUNT);
      expect(checkPassphrase(passphrase).isStrongEnough).toBe(true);
    }
  });

  it('is different every time and draws from the whole list', () => {
    const words = Array.from({ length: 200 }, () => generatePassphrase(5).split(' ')).flat();
    // 1,000 draws from 2,048 give about 790 distinct words; a biased pick gives far fewer.
    expect(new Set(words).size).toBeGreaterThan(700);
    const indices = words.map((w) => wordlist.indexOf(w));
    expect(Math.max(...indices)).toBeGreaterThan(1900);
    expect(Math.min(...indices)).toBeLessThan(150);
  });
});

describe('checking a typed passphrase', () => {
  it.each([
    ['the old demo passphrase', 'catwalk'],
    ['a common password with digits', 'password123'],
    ['a capitalised word, a year and a symbol', 'Summer2024!'],
    ['a word in irregular case', 'PaSsWoRd'],
    ['one character many times', 'aaaaaaaaaaaaaaaaaaaaaaaa'],
    ['a run of digits', '1234567890123456'],
    ['a keyboard row', 'qwertyuiopasdfghjkl'],
    ['one list word said four times', 'abandon abandon abandon abandon'],
    ['two list words', 'velvet orbit'],
    ['two long words', 'backstage photoshoot'],
    ['only spaces', '     '],
  ])('refuses %s (%j) with a reason', (_, passphrase) => {
    const verdict = checkPassphrase(passphrase);
    expect(verdict.isStrongEnough).toBe(false);
    if (!verdict.isStrongEnough) expect(verdict.reason).toMatch(/passphrase/);
  });

  it('says what is wrong in words a producer understands', () => {
    const repeated = checkPassphrase('abandon abandon abandon abandon');
    expect(!repeated.isStrongEnough && repeated.reason).toMatch(/repeated words and patterns/);
    const short = checkPassphrase('catwalk');
    expect(!short.isStrongEnough && short.reason).toMatch(/four or more unrelated words/);
    const empty = checkPassphrase('');
    expect(!empty.isStrongEnough && empty.reason).toBe(
      'Type a passphrase, or use the suggested one.',
    );
  });

  it.each([
    ['four list words', 'velvet orbit lantern crisp'],
    ['four list words with other separators and case', 'Velvet-orbit_lantern.crisp'],
    ['three long unrelated words', 'pinstripe kaleidoscope fuchsia'],
    ['a random mix of characters', 'x7#Kq9!mP2$z'],
  ])('accepts %s (%j)', (_, passphrase) => {
    expect(checkPassphrase(passphrase).isStrongEnough).toBe(true);
  });

  it('counts eleven bits per distinct word of the list', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...wordlist), { minLength: 1, maxLength: 8 }),
        (words) => {
          expect(estimate(words.join(' ')).bits).toBe(11 * words.length);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('never rises by repeating what is already there', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (text) => {
        expect(estimate(`${text} ${text}`).bits).toBe(estimate(text).bits);
      }),
      { numRuns: 100 },
    );
  });
});
