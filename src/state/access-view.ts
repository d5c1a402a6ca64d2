import type { ShowId } from '../domain/ids';
import type { Role } from '../domain/model';

// What the screens show of a show's access on this kiosk, apart from access.ts, which
// reads and writes it (and is loaded with sync, after the first paint).

/** The demo show's passphrase: shown on the producer's screen, typed on the tablets. Four words of the list, like a generated one. */
export const DEMO_PASSPHRASE = 'velvet runway mirror ribbon';

/** What the UI needs of the show's access record (never the key itself). */
export interface AccessView {
  hasKey: boolean;
  /** This kiosk may edit the show (created it, or unlocked the producer role). */
  isProducer: boolean;
  /** The passphrase, kept on the kiosk that set it so the producer can read it out. */
  passphrase: string;
}

export interface JoinRequest {
  showId: string;
  passphrase: string;
  role: Role;
  name: string;
  /** The inviting kiosk's peer id, from the join link. */
  via?: string;
  /** The show's founder, from the join link: whose admissions this kiosk trusts. */
  founder?: string;
}

/** May this kiosk open the producer screen? 'loading' until the show's access record is read. */
export function producerGate(
  showId: ShowId | '' | undefined,
  loadedShowId: ShowId | '',
  access: AccessView | null | undefined,
): 'allowed' | 'locked' | 'loading' {
  if (!showId) return 'allowed';
  if (loadedShowId !== showId || access === undefined) return 'loading';
  return access === null || access.isProducer ? 'allowed' : 'locked';
}
