import { untrack } from 'svelte';
import { callsToAnnounce, chimeFor } from '../domain/call-attention';
import { kiosk } from './kiosk.svelte';
import { playChime, type ChimeKind } from './chime';
import { showClock } from './show-clock';

// Sound on this kiosk: whether it wants the call chime (asked once at setup, kept in
// localStorage), whether the browser lets it play, and the chime for each new call.
//
// Browsers keep sound blocked until a tap on the page, after every load. The tap that
// set the kiosk up (joining, choosing a role) unlocks it; after a reload the first tap
// anywhere does. Until then the status corner says sound is blocked.

const KEY = 'backstage-sound';
/** Chimes closer together than this are one chime (a batch of calls from one GO). */
const MIN_GAP_MS = 1500;

type Choice = 'on' | 'off' | '';

function readChoice(): Choice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'on' || value === 'off' ? value : '';
  } catch {
    return '';
  }
}

class Sound {
  /** What this kiosk's setup chose; '' = not asked yet (then: on, except on the producer's laptop). */
  choice = $state<Choice>(typeof localStorage === 'undefined' ? '' : readChoice());
  /** The browser lets this page play sound now. */
  isRunning = $state(false);
  /** New-call chimes due on this kiosk so far (played where sound is on and allowed): for tests. */
  chimes = $state.raw<{ kind: ChimeKind; at: number }[]>([]);
  #context: AudioContext | undefined;
  #seen: Set<string> | undefined;
  #seenShow = '';
  #lastAt = 0;
  #isStarted = false;

  /** The kiosk wants the chime: chosen on, or not asked and not the producer. */
  get wantsSound(): boolean {
    return (
      this.choice === 'on' || (this.choice === '' && kiosk.role !== 'producer' && kiosk.role !== '')
    );
  }

  /** "Sound is blocked…" for the status corner, or ''. */
  get blockedText(): string {
    return this.wantsSound && !this.isRunning
      ? 'Sound is blocked until a tap: tap anywhere on this screen to hear the call chime.'
      : '';
  }

  start(): void {
    if (this.#isStarted || typeof window === 'undefined') return;
    this.#isStarted = true;
    // Any tap or key may unlock sound: the browser allows it only inside such an event.
    const unlock = () => {
      if (this.wantsSound && !this.isRunning) void this.unlock(false);
    };
    window.addEventListener('pointerdown', unlock, { capture: true });
    window.addEventListener('keydown', unlock, { capture: true });
    $effect.root(() => {
      $effect(() => {
        const data = kiosk.data;
        const active = data?.activeCalls ?? [];
        untrack(() => this.#announce(data?.showId ?? '', active));
      });
    });
  }

  /** Set the kiosk's choice (setup, or the status corner); turning on also unlocks and plays a test chime. */
  async choose(on: boolean): Promise<void> {
    this.choice = on ? 'on' : 'off';
    try {
      localStorage.setItem(KEY, this.choice);
    } catch {
      // not kept: asked again after a reload
    }
    if (on) await this.unlock(true);
  }

  /** Must run inside a tap or key event handler for the browser to allow it. */
  async unlock(withChime: boolean): Promise<void> {
    if (typeof AudioContext === 'undefined') return;
    try {
      this.#context ??= new AudioContext();
      const context = this.#context;
      context.onstatechange = () => (this.isRunning = context.state === 'running');
      await context.resume();
      this.isRunning = context.state === 'running';
      if (withChime && this.isRunning) playChime(context, 'normal');
    } catch {
      this.isRunning = false;
    }
  }

  #announce(
    showId: string,
    active: readonly Parameters<typeof callsToAnnounce>[0][number][],
  ): void {
    if (showId !== this.#seenShow) {
      this.#seenShow = showId;
      this.#seen = undefined;
    }
    if (!kiosk.data?.calls.isLoaded) return;
    const { announce, seen } = callsToAnnounce(active, this.#seen, showClock.now());
    this.#seen = seen;
    const kind = chimeFor(announce);
    if (kind) this.#play(kind);
  }

  #play(kind: ChimeKind): void {
    const now = showClock.now();
    if (now - this.#lastAt < MIN_GAP_MS && kind !== 'urgent') return;
    this.#lastAt = now;
    this.chimes = [...this.chimes.slice(-49), { kind, at: now }];
    const context = this.#context;
    if (!this.wantsSound || !context || context.state !== 'running') return;
    playChime(context, kind);
  }
}

export const sound = new Sound();
