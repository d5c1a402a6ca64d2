import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../domain/hlc';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Op } from '../../domain/op';
import { createIdentity, openIdentity, verifierFor } from './identity';
import {
  canonicalJson,
  fromWire,
  hashAt,
  MAX_PAGE_OPS,
  opHash,
  pagesOfMessage,
  pageRuns,
  signPages,
  toWire,
  verifyPage,
} from './pages';

const show = 'spring-26' as ShowId;

async function author() {
  const identity = await openIdentity(await createIdentity());
  const verifier = (await verifierFor(identity.publicKeyInfo))!;
  const op = (seq: number, value: Op['value'] = `Coat ${seq}`): Op => ({
    site: identity.site,
    seq,
    hlc: encodeHlc(1_760_000_000_000 + seq, 0, identity.site),
    table: 'looks',
    key: `l-${seq}`,
    field: 'outfit',
    value,
  });
  return { identity, verifier, op };
}

describe('signed pages', () => {
  it('sign one write as one page its author’s key verifies, for this show only', async () => {
    const { identity, verifier, op } = await author();
    const [page] = await signPages(identity, show, [op(1), op(2), op(3)]);
    expect(page).toMatchObject({ site: identity.site, from: 1, to: 3 });
    expect(await verifyPage(verifier, show, page!)).toBe(true);
    expect(await verifyPage(verifier, 'other-show' as ShowId, page!)).toBe(false);
    const other = await author();
    expect(await verifyPage(other.verifier, show, page!)).toBe(false);
  });

  it('let one op be checked with the page’s other hashes alone', async () => {
    const { identity, verifier, op } = await author();
    const [page] = await signPages(identity, show, [op(1), op(2), op(3)]);
    const wire = toWire(page!, true);
    // Only op 2 is at hand (a snapshot's winning write): the page's hashes stand for the rest.
    const checked = fromWire(wire, () => undefined)!;
    expect(hashAt(checked, 2)).toEqual(opHash(op(2)));
    expect(await verifyPage(verifier, show, checked)).toBe(true);
    expect(hashAt(checked, 2)).not.toEqual(opHash(op(2, 'Tampered')));
  });

  it('hash a value alike whatever the order of its keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const base = {
      site: 'k' as SiteId,
      seq: 1,
      hlc: encodeHlc(1, 0, 'k' as SiteId),
      table: 'progress' as const,
      key: 'm',
      field: 'hair',
    };
    expect(opHash({ ...base, value: { done: true, at: 1, by: 'k' } })).toEqual(
      opHash({ ...base, value: { by: 'k', at: 1, done: true } }),
    );
  });

  it('cut a large write into pages of at most MAX_PAGE_OPS, and runs at gaps and sites', async () => {
    const { op } = await author();
    const ops = Array.from({ length: MAX_PAGE_OPS + 5 }, (_, i) => op(i + 1));
    expect(pageRuns(ops).map((run) => run.length)).toEqual([MAX_PAGE_OPS, 5]);
    expect(pageRuns([op(1), op(3)]).map((run) => run.length)).toEqual([1, 1]);
  });

  it('travel without their hashes when the message holds every op, with them when it holds part', async () => {
    const { identity, op } = await author();
    const pages = await signPages(identity, show, [op(1), op(2), op(3)]);
    expect(pagesOfMessage([op(1), op(2), op(3)], pages)[0]!.hashes).toBeUndefined();
    expect(pagesOfMessage([op(3)], pages)[0]!.hashes).toBeDefined();
    expect(pagesOfMessage([op(4)], pages)).toEqual([]);
  });
});
