/** Listener signatures by event name (an interface like `TransportEvents` fits). */
export type EventMap<Events> = { [E in keyof Events]: (...args: never[]) => void };

/**
 * A small typed event emitter. A throw inside a listener would otherwise escape
 * into whoever emitted (a transport's dispatch, a Dexie callback) and could break
 * sync for every peer, so it is logged and dropped.
 */
export class Emitter<Events extends EventMap<Events>> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) => console.error(error),
  ) {}

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Someone listens to `event` (an event whose payload costs something to build can skip it). */
  has(event: keyof Events): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
