import { ED25519_TORSION_SUBGROUP, ristretto255 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromHex, lvCat, prependLen, toHex, utf8 } from './bytes';
import {
  calculateGenerator,
  generatorString,
  intermediateSessionKey,
  oCat,
  sampleScalar,
  scalarFromBytes,
  scalarMult,
  scalarMultVfy,
  sessionIdOutput,
  transcriptOc,
} from './cpace';

// Test vectors of draft-irtf-cfrg-cpace (github.com/cfrg/draft-irtf-cfrg-cpace at 8fb4056,
// draft-irtf-cfrg-cpace.md, appendix "Test vector for CPace using group ristretto255
// and hash SHA-512", and the string-function vectors before it).

const hex = (text: string) => toHex(fromHex(text));

describe('CPace string functions (draft vectors)', () => {
  it('prepend_len writes the length as LEB128', () => {
    expect(toHex(prependLen(new Uint8Array(0)))).toBe('00');
    expect(toHex(prependLen(utf8('1234')))).toBe('0431323334');
    expect(toHex(prependLen(new Uint8Array(127))).slice(0, 2)).toBe('7f');
    expect(toHex(prependLen(new Uint8Array(128))).slice(0, 4)).toBe('8001');
    expect(toHex(prependLen(new Uint8Array(300))).slice(0, 4)).toBe('ac02');
  });

  it('lv_cat', () => {
    expect(toHex(lvCat(utf8('1234'), utf8('5'), utf8(''), utf8('678')))).toBe(
      '043132333401350003363738',
    );
  });

  it('o_cat puts the lexicographically larger string first', () => {
    expect(toHex(oCat(utf8('ABCD'), utf8('BCD')))).toBe('6f6342434441424344');
    expect(toHex(oCat(utf8('BCD'), utf8('ABCDE')))).toBe('6f634243444142434445');
  });

  it('transcript_oc is the same whichever party computes it', () => {
    const expected = '6f6303323334065061727479420331323306506172747941';
    expect(toHex(transcriptOc(utf8('123'), utf8('PartyA'), utf8('234'), utf8('PartyB')))).toBe(
      expected,
    );
    expect(toHex(transcriptOc(utf8('234'), utf8('PartyB'), utf8('123'), utf8('PartyA')))).toBe(
      expected,
    );
  });
});

describe('CPACE-RISTR255-SHA512 (draft vectors)', () => {
  const prs = utf8('Password');
  const ci = fromHex('0b415f696e69746961746f720b425f726573706f6e646572');
  const sid = fromHex('7e4b4791d6a8ef019b936c79fb7f2c57');
  const ya = scalarFromBytes(
    fromHex('da3d23700a9e5699258aef94dc060dfda5ebb61f02a5ea77fad53f4ff0976d08'),
  );
  const yb = scalarFromBytes(
    fromHex('d2316b454718c35362d83d69df6320f38578ed5984651435e2949762d900b80d'),
  );
  const Ya = fromHex('d6bac480f2c386c394efc7c47adb9925dcd2630b64f240c50f8d0eec482b9157');
  const Yb = fromHex('3ea7e0b19560d7c0b0f5734f63b955286dfa8232b5ebe63324e2d9e7433f7258');
  const K = '80b69a8a76457ab6a4d7f887a4bf6b55a2f80ac19c333f917a05fc9887c8b40f';

  it('builds the generator string with the zero padding that fills the first hash block', () => {
    expect(toHex(generatorString(prs, ci, sid))).toBe(
      hex(`11435061636552697374726574746f3235350850617373776f726464
      00000000000000000000000000000000000000000000000000000000
      00000000000000000000000000000000000000000000000000000000
      00000000000000000000000000000000000000000000000000000000
      00000000000000000000000000000000180b415f696e69746961746f
      720b425f726573706f6e646572107e4b4791d6a8ef019b936c79fb7f
      2c57`),
    );
  });

  it('derives the generator from password, channel and session id', () => {
    expect(toHex(calculateGenerator(prs, ci, sid).toBytes())).toBe(
      '222b6b195fe84b1652badb6f6a3ae3d24341e7306967f0b8115b40d5698c7e56',
    );
  });

  it("computes both parties' shares and the same secret point K", () => {
    const g = calculateGenerator(prs, ci, sid);
    expect(toHex(scalarMult(ya, g))).toBe(toHex(Ya));
    expect(toHex(scalarMult(yb, g))).toBe(toHex(Yb));
    expect(toHex(scalarMultVfy(ya, Yb) ?? new Uint8Array())).toBe(K);
    expect(toHex(scalarMultVfy(yb, Ya) ?? new Uint8Array())).toBe(K);
  });

  it('computes the ISK of the parallel (symmetric) setting, and its session id output', () => {
    const transcript = transcriptOc(Ya, utf8('ADa'), Yb, utf8('ADb'));
    expect(toHex(intermediateSessionKey(sid, fromHex(K), transcript))).toBe(
      hex(`544199d71f62f8d9a1fee55727e24fe4a45844593c2b6013c4fa3969
      d0e5debb2244675c0b43397cbb68d342b01fc0f98fc961469a25134d
      e9f0f813c1a57476`),
    );
    expect(toHex(sessionIdOutput(transcript))).toBe(
      hex(`10d5941d4933497fe31b9188d690b84465e2a2d158332a7267284a07
      1a8d0876fc5c8c329dc735d59a9f8ef6623ee23924704a2f929dd631
      ca981227ee82fff2`),
    );
  });

  it('scalar_mult_vfy on a valid input', () => {
    const s = scalarFromBytes(
      fromHex('7cd0e075fa7955ba52c02759a6c90dbbfc10e6d40aea8d283e407d88cf538a05'),
    );
    const X = fromHex('2c3c6b8c4f3800e7aef6864025b4ed79bd599117e427c41bd47d93d654b4a51c');
    expect(toHex(scalarMultVfy(s, X) ?? new Uint8Array())).toBe(
      '7c13645fe790a468f62c39beb7388e541d8405d1ade69d1778c5fe3e7f6b600e',
    );
  });
});

describe('a received share that is not a proper group element is refused', () => {
  const s = sampleScalar();

  it.each([
    [
      "the draft's invalid encoding Y_i1",
      '2b3c6b8c4f3800e7aef6864025b4ed79bd599117e427c41bd47d93d654b4a51c',
    ],
    ['the identity (G.I, all zeros)', '00'.repeat(32)],
    ['a non-canonical encoding (a field element at or above p)', 'ed' + 'ff'.repeat(30) + '7f'],
    ['a negative encoding (odd)', '01' + '00'.repeat(31)],
    ['too short', '00'.repeat(31)],
    ['too long', '00'.repeat(33)],
  ])('%s', (_, encoded) => {
    expect(scalarMultVfy(s, fromHex(encoded))).toBeUndefined();
  });

  it('the low-order points of edwards25519 either fail to decode or decode to nothing usable', () => {
    for (const torsion of ED25519_TORSION_SUBGROUP)
      expect(scalarMultVfy(s, fromHex(torsion))).toBeUndefined();
  });

  it('while a real element is accepted', () => {
    const element = ristretto255.Point.BASE.multiply(sampleScalar()).toBytes();
    expect(scalarMultVfy(s, element)).toBeDefined();
  });
});

describe('scalars', () => {
  it('are fresh, non-zero and below the group order', () => {
    const scalars = Array.from({ length: 20 }, sampleScalar);
    expect(new Set(scalars).size).toBe(20);
    for (const scalar of scalars) {
      expect(scalar > 0n).toBe(true);
      expect(scalar < ristretto255.Point.Fn.ORDER).toBe(true);
    }
  });
});
