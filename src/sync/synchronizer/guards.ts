import type { WrongClock } from '../../domain/clock-guard';
import type { SiteId } from '../../domain/ids';
import type { PeerId } from '../network/transport';
import { SnapshotAsks } from './bookkeeping';
import { FloodGuard, type DroppedPeer, type FloodLimits } from './flood';
import type { Fork } from './forks';
import { Intake, type RefusalCounts } from './intake';
import { RoleDoor, type RefusedAuthor } from './role-door';
import { SiteBudget } from './site-budget';
import type { Authority } from '../trust/authority';
import type { SignatureCounts } from './signed-pages';

// What a kiosk accepts once a message is parsed, in one place for the engine: the
// flood limits (flood.ts), the intake of ops (intake.ts: forks, new sites, clocks),
// the snapshot asks (bookkeeping.ts), and what they report for the kiosks panel.

export interface DroppedKiosk extends DroppedPeer {
  siteId: SiteId | undefined;
  name: string | undefined;
}

/** What the guards hold back, refuse and drop, for the status corner and the kiosks panel. */
export interface GuardStatus {
  /** Authors whose ops are held back for a clock too far ahead, furthest first. */
  wrongClocks: WrongClock[];
  held: number;
  /** Peers dropped for a while, with why. */
  dropped: DroppedKiosk[];
  forks: Fork[];
  /** Authors whose changes were refused for their role or their removal (role-door.ts), most first. */
  refusedAuthors: RefusedAuthor[];
  /** Ops refused, by reason; fields of snapshots clocked too far ahead; snapshots not asked for. */
  refused: RefusalCounts & { futureFields: number; unaskedSnapshots: number };
  /** Ops refused at the door for their pages' signatures (signed-pages.ts), and ops of authors not admitted yet. */
  signatures: SignatureCounts;
}

export const noGuardStatus = (): GuardStatus => ({
  wrongClocks: [],
  held: 0,
  dropped: [],
  forks: [],
  refusedAuthors: [],
  refused: {
    fork: 0,
    'too-many-sites': 0,
    'clock-hold-full': 0,
    'gap-hold-full': 0,
    'out-of-role': 0,
    removed: 0,
    futureFields: 0,
    unaskedSnapshots: 0,
  },
  signatures: { unsigned: 0, 'bad-signature': 0, 'unknown-author': 0 },
});

export class Guards {
  readonly flood: FloodGuard;
  readonly intake: Intake;
  readonly asks = new SnapshotAsks();
  futureFields = 0;
  unaskedSnapshots = 0;
  /** Filled by the signature check at the door (signed-pages.ts). */
  readonly signatures: SignatureCounts = { unsigned: 0, 'bad-signature': 0, 'unknown-author': 0 };
  /** Who each dropped peer said it was, for the panel. */
  readonly #who = new Map<PeerId, { siteId: SiteId | undefined; name: string | undefined }>();

  constructor(limits?: Partial<FloodLimits>, authority?: Authority) {
    this.flood = new FloodGuard(limits);
    this.intake = new Intake(new SiteBudget(), new RoleDoor(authority));
  }

  /** Remember who a peer said it was when it is dropped: its session goes. */
  remember(peer: PeerId, siteId: SiteId | undefined, name: string | undefined): void {
    this.#who.set(peer, { siteId, name });
  }

  status(showNow: number): GuardStatus {
    return {
      wrongClocks: this.intake.wrongClocks(showNow),
      held: this.intake.heldCount,
      dropped: this.flood.dropped(showNow).map((drop) => ({
        ...drop,
        siteId: this.#who.get(drop.peer)?.siteId,
        name: this.#who.get(drop.peer)?.name,
      })),
      forks: [...this.intake.forks],
      refusedAuthors: this.intake.door.refusedAuthors(),
      refused: {
        ...this.intake.refusals,
        futureFields: this.futureFields,
        unaskedSnapshots: this.unaskedSnapshots,
      },
      signatures: { ...this.signatures },
    };
  }
}
