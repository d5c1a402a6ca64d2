import { showClock } from './show-clock';

/**
 * Show time as a rune, ticking a few times a second: enough for a seconds display,
 * and every countdown is computed from it as `target - now`, never counted down.
 */
class Now {
  current = $state(showClock.now());
  constructor() {
    if (typeof window !== 'undefined') setInterval(() => (this.current = showClock.now()), 250);
  }
}

export const now = new Now();
