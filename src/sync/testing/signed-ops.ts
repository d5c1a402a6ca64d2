import type { ShowId, SiteId } from '../../domain/ids';
import type { Op } from '../../domain/op';
import type { OpsMessage } from '../protocol/messages';
import type { StoredIdentity } from '../trust/identity';
import { signPages, toWire } from '../trust/pages';

/**
 * An `ops` message of `ops` signed with `identity`'s key, as their author (or as a
 * forger that has only its own key) would send it. `by` signs as a producer vouching
 * for a legacy site.
 */
export async function signedOps(
  identity: StoredIdentity,
  showId: ShowId,
  ops: Op[],
  by?: SiteId,
): Promise<OpsMessage> {
  const pages = await signPages(identity, showId, ops, by);
  return { type: 'ops', ops, more: false, pages: pages.map((page) => toWire(page, false)) };
}
