// Windows of one browser are one kiosk: they share the show database, so only one
// of them needs to talk to the other kiosks. A Web Lock elects it; the lock is
// released when that window closes (or crashes), and the next window in line takes
// over. Without Web Locks (very old browsers) every window leads.

/** The part of the Web Locks API used here (navigator.locks). */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

export interface Leadership {
  readonly isLeader: boolean;
  /** Step down (or stop waiting to lead); resolves once the lead's own stop has run. */
  stop(): Promise<void>;
}

export const meshLockName = (showId: string): string => `backstage-mesh-${showId}`;

/**
 * Run `lead` while this window holds the lock `name`. `lead` returns its own stop,
 * called when this window steps down. `onChange` hears every change of role.
 */
export function leadWhenElected(
  name: string,
  lead: () => Promise<() => Promise<void> | void> | (() => Promise<void> | void),
  onChange: (isLeader: boolean) => void = () => {},
  /** null: no Web Locks, lead at once. */
  locks: LockManagerLike | null = typeof navigator !== 'undefined'
    ? ((navigator.locks as LockManagerLike | undefined) ?? null)
    : null,
): Leadership {
  const abort = new AbortController();
  let isLeader = false;
  let release: (() => void) | undefined;
  let isStopped = false;
  let finished: Promise<void> = Promise.resolve();

  const hold = async (): Promise<void> => {
    if (isStopped) return;
    isLeader = true;
    onChange(true);
    let stopLead: (() => Promise<void> | void) | undefined;
    try {
      stopLead = await lead();
      if (!isStopped) await new Promise<void>((resolve) => (release = resolve));
    } catch (error) {
      console.warn('[sync] the mesh failed to start in this window', error);
    } finally {
      try {
        await stopLead?.();
      } catch (error) {
        console.warn('[sync] the mesh failed to stop cleanly', error);
      }
      isLeader = false;
      onChange(false);
    }
  };

  if (!locks) {
    finished = hold();
  } else {
    finished = locks.request(name, { signal: abort.signal }, hold).then(
      () => undefined,
      (error: unknown) => {
        // AbortError: we stopped waiting before our turn came. Anything else: say so.
        if (!(error instanceof Error && error.name === 'AbortError'))
          console.warn('[sync] could not take the mesh lock', error);
      },
    );
  }

  return {
    get isLeader() {
      return isLeader;
    },
    async stop() {
      isStopped = true;
      abort.abort();
      release?.();
      await finished;
    },
  };
}
