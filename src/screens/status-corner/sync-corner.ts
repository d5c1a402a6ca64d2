// The status corner's words: pure, so every case is tested without a DOM.

export type Signalling = 'connecting' | 'up' | 'down';

export interface CornerInput {
  hasShow: boolean;
  /** This kiosk holds the show key (a passphrase was set or typed). */
  isShared: boolean;
  signalling: Signalling;
  /** Kiosks online, this one included, and all kiosks of the show. */
  online: number;
  total: number;
  /** The most of this kiosk's changes still waiting for some kiosk. */
  waiting: number;
  authError: string;
  rejection: string;
  badMessages: number;
  isLeader: boolean;
  isDiscoverySupported: boolean | null;
  /** The signalling server this kiosk's settings name; empty = the app's own. */
  server?: string;
  /** "This kiosk's clock is 2 min fast…" (clock/estimator.ownClockOffText), or ''. */
  ownClockOff?: string;
  /** The kiosk is still finding the venue clock (no countdown shown yet). */
  isClockSettling?: boolean;
  /** "Sound is blocked: tap once to allow it", or ''. */
  soundBlocked?: string;
  /** Started (or relinked) and not yet holding what the other kiosks hold: the changes missing, 0 = not known yet. */
  catchingUp?: { missing: number } | null;
}

export type CornerTone = 'ok' | 'muted' | 'warn' | 'danger';

export interface CornerView {
  tone: CornerTone;
  icon: string;
  label: string;
  /** Lines for the details panel. */
  details: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function cornerView(input: CornerInput): CornerView | null {
  if (!input.hasShow) return null;
  const waiting = input.waiting > 0 ? ` · ${input.waiting} waiting` : '';
  let view: Omit<CornerView, 'details'>;
  if (input.authError)
    view = { tone: 'danger', icon: '⚠', label: 'Not syncing: passphrase refused' };
  else if (!input.isShared) view = { tone: 'muted', icon: '○', label: 'Not shared yet' };
  else if (input.catchingUp)
    view = {
      tone: 'warn',
      icon: '⟳',
      label: `Catching up${input.catchingUp.missing > 0 ? ` · ${plural(input.catchingUp.missing, 'change', 'changes')}` : '…'}`,
    };
  else if (input.online > 1)
    view = {
      tone: 'ok',
      icon: '●',
      label: `Online · ${input.online} of ${plural(input.total, 'kiosk', 'kiosks')}${waiting}`,
    };
  else if (input.signalling === 'up')
    view = { tone: 'muted', icon: '◌', label: `Looking for kiosks${waiting}` };
  else view = { tone: 'warn', icon: '○', label: `Offline${waiting}` };
  // A lying clock or blocked sound is said on the corner itself: nobody opens the details mid-show.
  const notes = [
    input.ownClockOff ? 'clock off' : '',
    input.soundBlocked ? 'sound blocked' : '',
  ].filter(Boolean);
  if (notes.length && view.tone !== 'danger')
    view = { tone: 'warn', icon: '⚠', label: `${view.label} · ${notes.join(' · ')}` };

  const details: string[] = [];
  if (input.authError) details.push(input.authError);
  if (!input.isShared)
    details.push('Set a passphrase on the producer screen to let other kiosks join this show.');
  else {
    const server = input.server ? `Signalling server ${input.server}` : 'Signalling server';
    details.push(
      input.signalling === 'up'
        ? `${server}: connected.`
        : input.signalling === 'connecting'
          ? `${server}: connecting…`
          : `${server}: unreachable. Kiosks already linked keep syncing; new links wait for it.`,
    );
    if (input.catchingUp)
      details.push(
        'This kiosk shows what it stored; changes made while it was away are on their way.',
      );
    if (input.isDiscoverySupported === false)
      details.push('Kiosks are found through join links and the kiosk list.');
    if (input.waiting > 0)
      details.push(
        `${plural(input.waiting, 'change', 'changes')} of this kiosk not yet delivered to every kiosk.`,
      );
  }
  if (input.isClockSettling)
    details.push('Finding the venue clock: countdowns appear once it is settled.');
  if (input.ownClockOff) details.push(input.ownClockOff);
  if (input.soundBlocked) details.push(input.soundBlocked);
  if (input.rejection) details.push(input.rejection);
  if (input.badMessages > 0)
    details.push(
      `${plural(input.badMessages, 'bad message', 'bad messages')} from other kiosks dropped.`,
    );
  if (input.isShared && !input.isLeader)
    details.push('Another window of this browser syncs for this kiosk.');
  return { ...view, details };
}
