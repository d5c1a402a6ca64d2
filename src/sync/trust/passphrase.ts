import { wordlist } from '@scure/bip39/wordlists/english.js';

// The show's passphrase. The producer gets a generated one by default: four words
// from the BIP39 English list (2048 words, chosen so that no word is a prefix
// problem and the first four letters tell each apart), 11 bits each, 44 bits in all,
// picked with crypto randomness. The join lets nobody guess offline, so 44 bits
// against online guesses that kiosks count and refuse is ample; typed on a tablet,
// four plain words are quick.
//
// A typed passphrase is refused below 40 bits, by a deliberately conservative
// estimate (a full estimator such as zxcvbn carries dictionaries far larger than
// this app): split into words at spaces and - _ . , /;
//   - a word of the list counts 11 bits; a word said again counts nothing;
//   - otherwise each run of letters, digits or symbols counts by its alphabet
//     (26, 10, 33 characters), where a character that repeats the one before or
//     continues a sequence (abc, 321, qwerty) counts nothing;
//   - a run of letters counts at most 16 bits, what a dictionary word is worth
//     (about 65,000 words), plus a bit per letter whose case is irregular: people
//     pick words, not random letters, and "PaSsWoRd" is still "password".

export const DEFAULT_WORD_COUNT = 4;
/** Below this many bits a typed passphrase is refused. */
export const MIN_PASSPHRASE_BITS = 40;

const BITS_PER_LIST_WORD = Math.log2(wordlist.length); // 11
const DICTIONARY_WORD_BITS = 16;
const LIST = new Set(wordlist);
const SEPARATORS = /[\s\-_.,/]+/u;
const KEYBOARD_ROWS = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1234567890',
  'azertyuiop',
  'qwertzuiop',
];

/** A fresh passphrase: `words` words of the list, separated by spaces. */
export function generatePassphrase(words = DEFAULT_WORD_COUNT): string {
  // Four different words: a repeated word adds nothing (checkPassphrase counts it so),
  // and the producer's own suggestion must never be refused. 2048·2047·2046·2045 ≈ 2^44.
  const chosen = new Set<string>();
  const pick = new Uint16Array(1);
  while (chosen.size < Math.min(words, wordlist.length)) {
    globalThis.crypto.getRandomValues(pick);
    // 2048 divides 65536: taking the low 11 bits is uniform.
    chosen.add(wordlist[(pick[0] as number) % wordlist.length] as string);
  }
  return [...chosen].join(' ');
}

export type PassphraseVerdict =
  { isStrongEnough: true; bits: number } | { isStrongEnough: false; bits: number; reason: string };

/** Whether a typed passphrase may protect a show, and if not, why, in the producer's words. */
export function checkPassphrase(passphrase: string): PassphraseVerdict {
  const { bits, hasPatterns } = estimate(passphrase);
  if (bits >= MIN_PASSPHRASE_BITS) return { isStrongEnough: true, bits };
  const reason =
    bits === 0
      ? 'Type a passphrase, or use the suggested one.'
      : hasPatterns
        ? 'Too easy to guess: repeated words and patterns like "aaaa", "1234" or "qwerty" add nothing. Use four or more different words, or the suggested passphrase.'
        : 'Too easy to guess. Use four or more unrelated words, or the suggested passphrase.';
  return { isStrongEnough: false, bits, reason };
}

/** The estimate in bits (rounded down), and whether repeats or sequences were discounted. */
export function estimate(passphrase: string): { bits: number; hasPatterns: boolean } {
  const words = passphrase.normalize('NFC').trim().split(SEPARATORS).filter(Boolean);
  const seen = new Set<string>();
  let bits = 0;
  let hasPatterns = false;
  for (const word of words) {
    const key = word.toLowerCase();
    if (seen.has(key)) {
      hasPatterns = true;
      continue;
    }
    seen.add(key);
    if (LIST.has(key)) {
      bits += BITS_PER_LIST_WORD;
      continue;
    }
    for (const run of word.match(/\p{L}+|\p{N}+|[^\p{L}\p{N}]+/gu) ?? []) {
      const { count, discounted } = novelCharacters(run);
      hasPatterns ||= discounted;
      bits += runBits(run, count);
    }
  }
  return { bits: Math.floor(bits), hasPatterns };
}

function runBits(run: string, novel: number): number {
  if (/^\p{N}+$/u.test(run)) return novel * Math.log2(10);
  if (!/^\p{L}+$/u.test(run)) return novel * Math.log2(33);
  const asWord = Math.min(novel * Math.log2(26), DICTIONARY_WORD_BITS);
  const lower = run.toLowerCase();
  if (run === lower) return asWord;
  const isCapitalised = run[0] !== lower[0] && run.slice(1) === lower.slice(1);
  if (isCapitalised || run === run.toUpperCase()) return asWord + 1;
  const isUpper = (c: string) => c !== c.toLowerCase();
  const chars = [...run];
  const caseChanges = chars.filter((c, i) => i > 0 && isUpper(c) !== isUpper(chars[i - 1] ?? c));
  return asWord + Math.min(caseChanges.length, novel);
}

/**
 * Characters that are neither a repeat of the one before nor the next step of a
 * sequence (abc, 321, qwerty); `discounted` when three or more in a row form one.
 */
function novelCharacters(run: string): { count: number; discounted: boolean } {
  const chars = [...run.toLowerCase()];
  let count = 0;
  let streak = 0;
  let discounted = false;
  chars.forEach((current, i) => {
    const previous = chars[i - 1];
    const isPattern =
      previous !== undefined &&
      (previous === current ||
        Math.abs((current.codePointAt(0) ?? 0) - (previous.codePointAt(0) ?? 0)) === 1 ||
        KEYBOARD_ROWS.some(
          (row) => row.includes(previous + current) || row.includes(current + previous),
        ));
    streak = isPattern ? streak + 1 : 0;
    discounted ||= streak >= 2;
    if (!isPattern) count += 1;
  });
  return { count, discounted };
}
