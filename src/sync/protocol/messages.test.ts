import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import { MAX_VALUE_CHARS } from '../../domain/op';
import {
  MAX_JOIN_MESSAGE_CHARS,
  MAX_MESSAGE_CHARS,
  MAX_OPS_PER_MESSAGE,
  parseMessage,
  parseOps,
  parseShowMessage,
  parseWireMessage,
} from './messages';

const alice = 'alice' as SiteId;
const clock = encodeHlc(1_700_000_000_000, 0, alice);
const op = (overrides: Record<string, unknown> = {}) => ({
  site: 'alice',
  seq: 1,
  hlc: clock,
  table: 'looks',
  key: 'l-1',
  field: 'outfit',
  value: 'Black wool coat',
  ...overrides,
});
const row = {
  id: 'l-1',
  outfit: 'Coat',
  accessories: ['belt'],
  _clocks: { outfit: clock, accessories: clock },
};
const hello = {
  type: 'hello',
  protocol: 2,
  showId: 'spring-26',
  siteId: 'alice',
  name: 'Curtain',
  role: 'curtain',
  nonce: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  key: { alg: 'Ed25519', key: 'B'.repeat(43) },
};
const share = { type: 'share', y: 'C'.repeat(43) };
const confirm = { type: 'confirm', tag: 'D'.repeat(86), signature: 'E'.repeat(86) };

describe('parseMessage', () => {
  const good: Array<[string, unknown]> = [
    ['a hello', hello],
    ['a share', share],
    ['a confirmation', confirm],
    ['a sealed envelope', { type: 'sealed', n: 1, tag: 'F'.repeat(22), body: '{"type":"x"}' }],
    ['a denial', { type: 'denied', reason: 'wrong-passphrase' }],
    [
      'a version vector with an ack and peers',
      { type: 'versions', versions: { alice: 3, bob: 0 }, ack: 2, peers: ['bob'] },
    ],
    [
      'an ops batch',
      {
        type: 'ops',
        ops: [op(), op({ seq: 2, field: '_deleted', value: true })],
        more: true,
        batch: 1,
      },
    ],
    [
      'an ops batch with nested values',
      {
        type: 'ops',
        ops: [op({ table: 'calls', field: 'target', value: { kind: 'looks', from: 1, to: 4 } })],
        more: false,
      },
    ],
    [
      'a middle snapshot part',
      { type: 'snapshot', id: 1, part: 0, last: false, tables: { looks: [row] } },
    ],
    [
      'a last snapshot part',
      { type: 'snapshot', id: 1, part: 1, last: true, tables: {}, versions: { alice: 9 } },
    ],
    ['a message as JSON text', JSON.stringify({ type: 'versions', versions: { alice: 1 } })],
  ];
  it.each(good)('accepts %s', (_, raw) => {
    const result = parseMessage(raw);
    expect(result).toMatchObject({ ok: true });
  });

  const bad: Array<[string, unknown, string]> = [
    ['a message that is not an object', 42, 'is not an object'],
    ['text that is not JSON', '{nope', 'is not JSON'],
    ['an unknown type', { type: 'gimme' }, "unknown type 'gimme'"],
    ['a message without type', { versions: {} }, 'unknown type undefined'],
    [
      'a message over the size cap',
      { type: 'versions', versions: {}, pad: 'x'.repeat(MAX_MESSAGE_CHARS) },
      'more than the 1048576 allowed',
    ],
    ['a hello without a nonce', { ...hello, nonce: undefined }, 'nonce is missing'],
    [
      'a hello with an unknown role',
      { ...hello, role: 'janitor' },
      "role 'janitor' is not a kiosk role",
    ],
    [
      'a hello with a bad site id',
      { ...hello, siteId: 'Alice Smith' },
      "siteId 'Alice Smith' is not a site id",
    ],
    [
      'a denial with an unknown reason',
      { type: 'denied', reason: 'because' },
      "reason 'because' is not a reason",
    ],
    [
      'a vector with a negative seq',
      { type: 'versions', versions: { alice: -1 } },
      'versions: alice must not be negative',
    ],
    [
      'a vector with a fractional seq',
      { type: 'versions', versions: { alice: 1.5 } },
      'versions: alice must be a whole number',
    ],
    [
      'an op on a reserved field',
      { type: 'ops', ops: [op(), op(), op(), op({ field: 'id' })], more: false },
      "op 3: field 'id' is not writable",
    ],
    [
      'an op on the prototype',
      { type: 'ops', ops: [op({ field: '__proto__' })], more: false },
      "op 0: field '__proto__' is not writable",
    ],
    [
      'an op on an unknown table',
      { type: 'ops', ops: [op({ table: 'passwords' })], more: false },
      "op 0: table 'passwords' is not a table",
    ],
    [
      'an op with seq 0',
      { type: 'ops', ops: [op({ seq: 0 })], more: false },
      'op 0: seq must be a positive integer',
    ],
    [
      'an op with a malformed clock',
      { type: 'ops', ops: [op({ hlc: 'yesterday' })], more: false },
      "op 0: hlc 'yesterday' is not a clock",
    ],
    [
      'an op whose clock names another site',
      { type: 'ops', ops: [op({ hlc: encodeHlc(1, 0, 'bob' as SiteId) })], more: false },
      'op 0: clock was not issued by its site',
    ],
    [
      'an op with an oversized value',
      { type: 'ops', ops: [op({ value: 'x'.repeat(MAX_VALUE_CHARS) })], more: false },
      'op 0: value is 262',
    ],
    [
      'an op with a non-JSON value',
      { type: 'ops', ops: [op({ value: new Date(0) })], more: false },
      'op 0: value is not JSON (object)',
    ],
    [
      'an op without a key',
      { type: 'ops', ops: [op({ key: undefined })], more: false },
      'op 0: key is missing',
    ],
    [
      'a batch with too many ops',
      {
        type: 'ops',
        ops: Array.from({ length: MAX_OPS_PER_MESSAGE + 1 }, (_, i) =>
          op({ seq: i + 1, value: 'Coat' }),
        ),
        more: false,
      },
      'ops holds more than 2000 ops',
    ],
    ['a batch without its more flag', { type: 'ops', ops: [] }, 'more is missing'],
    [
      'a snapshot row without clocks',
      {
        type: 'snapshot',
        id: 1,
        part: 0,
        last: false,
        tables: { looks: [{ id: 'l-1', outfit: 'Coat' }] },
      },
      'looks row 0: has no field clocks',
    ],
    [
      'a snapshot row with an unclocked field',
      {
        type: 'snapshot',
        id: 1,
        part: 0,
        last: false,
        tables: { looks: [{ ...row, shoes: 'Boots' }] },
      },
      "looks row 0: field 'shoes' has no clock",
    ],
    [
      'a snapshot of an unknown table',
      { type: 'snapshot', id: 1, part: 0, last: false, tables: { secrets: [] } },
      "tables 'secrets' is not a table",
    ],
    [
      'a last snapshot part without versions',
      { type: 'snapshot', id: 1, part: 0, last: true, tables: {} },
      'last part carries no versions',
    ],
  ];
  it.each(bad)('refuses %s with a clear reason', (_, raw, reason) => {
    const result = parseMessage(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('never throws, even on a cyclic object', () => {
    const cyclic: Record<string, unknown> = { type: 'versions' };
    cyclic.self = cyclic;
    expect(parseMessage(cyclic)).toEqual({ ok: false, reason: 'is not JSON' });
  });

  it('drops fields of a show message it does not know', () => {
    const result = parseMessage({ type: 'versions', versions: {}, extra: 'ignored' });
    expect(result).toEqual({ ok: true, message: { type: 'versions', versions: {} } });
  });
});

describe('parseWireMessage: what a link carries bare', () => {
  it('reads the join messages and sealed envelopes', () => {
    for (const raw of [hello, share, confirm, { type: 'denied', reason: 'forged-site' }])
      expect(parseWireMessage(raw)).toEqual({ ok: true, message: raw });
    const envelope = { type: 'sealed', n: 3, tag: 'F'.repeat(22), body: 'not read yet' };
    expect(parseWireMessage(envelope)).toEqual({ ok: true, message: envelope });
  });

  it('refuses a show message that travels bare, without reading it', () => {
    const ops = { type: 'ops', ops: [op({ field: 'id' })], more: false };
    expect(parseWireMessage(ops)).toEqual({
      ok: false,
      type: 'ops',
      reason: 'travels only sealed',
    });
  });

  it('refuses a join message with anything it does not expect: what a stranger can make a kiosk read stays small', () => {
    const padded = { ...hello, pad: 'x'.repeat(MAX_MESSAGE_CHARS) };
    expect(parseWireMessage(padded)).toMatchObject({ ok: false, type: 'hello' });
    expect(parseWireMessage({ ...hello, name: 'x'.repeat(81) })).toMatchObject({ ok: false });
    expect(parseWireMessage({ ...share, y: 'C'.repeat(44) })).toMatchObject({
      ok: false,
      reason: 'y is not a share',
    });
    // The largest join message a kiosk can send fits the bound.
    const largest = {
      ...hello,
      name: 'x'.repeat(80),
      nonce: 'A'.repeat(128),
      showId: 'a'.repeat(64),
    };
    expect(JSON.stringify(largest).length).toBeLessThan(MAX_JOIN_MESSAGE_CHARS);
  });

  it('refuses a hello of the old protocol by its missing parts only in the handshake, so it can be told why', () => {
    const old = { ...hello, protocol: 1, key: undefined };
    expect(parseWireMessage(JSON.parse(JSON.stringify(old)))).toMatchObject({ ok: true });
  });
});

describe('parseShowMessage: the body of a sealed envelope', () => {
  it('reads show messages and nothing of the join', () => {
    expect(parseShowMessage(JSON.stringify({ type: 'versions', versions: {} }))).toMatchObject({
      ok: true,
    });
    expect(parseShowMessage(JSON.stringify(hello))).toMatchObject({
      ok: false,
      reason: 'cannot travel sealed',
    });
  });
});

describe('parseOps', () => {
  it('accepts a list of valid ops and refuses one invalid op among them', () => {
    expect(parseOps([op(), op({ seq: 2 })])).toHaveLength(2);
    expect(parseOps([op(), op({ field: '_clocks' })])).toBeUndefined();
    expect(parseOps('not a list')).toBeUndefined();
  });
});
