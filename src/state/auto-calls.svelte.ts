import { untrack } from 'svelte';
import {
  autoCallRow,
  callsToIssue,
  currentScope,
  dueNext,
  expiredCalls,
  plannedAutoCalls,
  silenceKey,
  type AutoCall,
  type RuleName,
} from '../domain/auto-calls';
import { patchChanges } from '../domain/changes';
import { withinRole } from '../domain/roles';
import type { Change } from '../domain/op';
import { kiosk } from './kiosk.svelte';
import { clockSync } from './clock-sync.svelte';
import { ownRole } from './own-role';
import { showClock } from './show-clock';
import { sync } from './sync.svelte';

// Runs the automatic-call rules (domain/auto-calls.ts) on this kiosk: every kiosk of
// the show does, so the calls are made while any one of them is up. Each kiosk waits
// its own turn after a call is due (a few hundred ms, from its site id), so usually
// one writes it and the others find it; when two write at once, the copies have the
// same id and merge.

const TICK_MS = 500;
const MAX_TURN_MS = 900;

/** This kiosk's turn after a call is due: fixed per site, spread over MAX_TURN_MS. */
function turnOf(site: string): number {
  let hash = 0;
  for (const char of site) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % MAX_TURN_MS;
}

class AutoCallRunner {
  /** The next calls the rules will make (for the producer), soonest first. */
  next = $state.raw<AutoCall[]>([]);
  #isWriting = false;
  #isStarted = false;

  start(): void {
    if (this.#isStarted || typeof window === 'undefined') return;
    this.#isStarted = true;
    setInterval(() => untrack(() => void this.#tick()), TICK_MS);
  }

  async #tick(): Promise<void> {
    const data = kiosk.data;
    // Never on a clock still finding the venue time.
    if (!data?.isLoaded || this.#isWriting || !clockSync.isSettled) return;
    const now = showClock.now();
    const planned = plannedAutoCalls({
      show: data.show,
      order: data.walking,
      cues: data.cues.current,
      run: data.run,
      position: data.position,
      quickChanges: data.quickChanges,
      modelsById: data.modelsById,
      now,
    });
    const calls = data.calls.current;
    const existing = new Set<string>(calls.map((call) => call.id));
    this.next = dueNext(planned, existing, now, 4);
    // One window per browser writes: the one that syncs, or any when the show is not shared.
    if (sync.isShared && !sync.isLeader) return;
    const changes: Change[] = [];
    for (const call of callsToIssue(planned, existing, now, turnOf(kiosk.site))) {
      const { id, ...row } = autoCallRow(call, kiosk.site);
      changes.push(...patchChanges('calls', id, row));
    }
    // Expired calls are cleared at their expiry time: every kiosk writes the same value.
    for (const call of expiredCalls(calls, now))
      changes.push(...patchChanges('calls', call.id, { clearedAt: call.expiresAt ?? now }));
    // Only the calls this kiosk's role may make (a wall makes none): the others make the rest.
    const role = ownRole();
    const mine = role ? withinRole(role, changes, kiosk.site) : changes;
    if (mine.length === 0) return;
    this.#isWriting = true;
    try {
      await kiosk.write(mine);
    } catch {
      // kiosk.writeError says why; the next tick tries again (same ids, so nothing doubles).
    } finally {
      this.#isWriting = false;
    }
  }
}

export const autoCalls = new AutoCallRunner();

/** Silence a rule for the rest of the run (or this curtain/briefing time). */
export async function silenceRule(rule: RuleName): Promise<void> {
  const data = kiosk.data;
  if (!data) return;
  const scope = currentScope(rule, data.show, data.run);
  if (!scope) return;
  const key = silenceKey(rule, scope);
  const silenced = Array.isArray(data.show.autoSilenced) ? data.show.autoSilenced : [];
  if (silenced.includes(key)) return;
  await kiosk.write(patchChanges('shows', data.showId, { autoSilenced: [...silenced, key] }));
}

/** Let a silenced rule speak again in this run. */
export async function unsilenceRule(rule: RuleName): Promise<void> {
  const data = kiosk.data;
  if (!data) return;
  const scope = currentScope(rule, data.show, data.run);
  if (!scope) return;
  const key = silenceKey(rule, scope);
  const silenced = Array.isArray(data.show.autoSilenced) ? data.show.autoSilenced : [];
  await kiosk.write(
    patchChanges('shows', data.showId, { autoSilenced: silenced.filter((k) => k !== key) }),
  );
}
