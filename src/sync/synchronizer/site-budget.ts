import type { SiteId } from '../../domain/ids';
import type { VersionVector } from '../../domain/op';
import { MAX_SITES } from '../protocol/messages';
import type { PeerId } from '../network/transport';

// New sites are bounded. Every site a kiosk holds ops of is a line of its version
// vector, sent in every exchange and kept for good: 10,001 one-op sites from one
// peer would make every later versions message too long to be accepted (and grow
// memory without end). A show has tens of kiosks, so each peer may introduce a few
// dozen new sites a minute, and a kiosk holds at most MAX_KNOWN_SITES in all; ops of
// a site beyond that are refused (catch-up offers them again when there is room).

/** Sites a kiosk holds ops of, at most: well inside what a versions message may list. */
export const MAX_KNOWN_SITES = Math.floor(MAX_SITES / 10);
/** New sites one peer may introduce at once, and per minute after that. */
export const NEW_SITES_BURST = 64;
export const NEW_SITES_PER_MINUTE = 64;

export class SiteBudget {
  readonly #admitted = new Set<SiteId>();
  readonly #tokens = new Map<PeerId, { tokens: number; at: number }>();

  constructor(
    private readonly maxKnown = MAX_KNOWN_SITES,
    private readonly burst = NEW_SITES_BURST,
    private readonly perMinute = NEW_SITES_PER_MINUTE,
  ) {}

  /** The sites a kiosk holding `known` knows, those this budget let in included: one set per intake. */
  knownSites(known: VersionVector): Set<string> {
    return new Set([...Object.keys(known), ...this.#admitted]);
  }

  /**
   * Whether an op of `site` from `peer` may be taken in (`known` from `knownSites`,
   * kept current by this call); spends the peer's budget for a new site.
   */
  allows(peer: PeerId, site: SiteId, known: Set<string>, now: number): boolean {
    if (known.has(site)) return true;
    if (known.size >= this.maxKnown) return false;
    const bucket = this.#tokens.get(peer) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + (Math.max(0, now - bucket.at) / 60_000) * this.perMinute,
    );
    bucket.at = now;
    this.#tokens.set(peer, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    this.#admitted.add(site);
    known.add(site);
    return true;
  }
}
