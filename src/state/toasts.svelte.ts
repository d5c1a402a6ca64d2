import { errorText } from '../domain/errors';

/** One short message at the bottom of the screen, with at most one action (Undo). */
export interface ToastItem {
  id: number;
  message: string;
  tone: 'info' | 'error';
  actionLabel?: string;
  /** Toasts with the same group replace each other: only the latest undo is offered. */
  group?: string;
}

export interface ToastOptions {
  tone?: 'info' | 'error';
  action?: { label: string; run: () => unknown };
  group?: string;
  /** How long it stays, in ms (6 s by default). Held while a person points at or focuses it. */
  durationMs?: number;
}

interface Timer {
  handle: ReturnType<typeof setTimeout> | undefined;
  /** When the current countdown ends, or the ms left while held. */
  endsAt: number;
  remainingMs: number;
  isHeld: boolean;
}

const MAX_SHOWN = 3;

/** A tiny toast queue: newest last, at most three shown, each leaving on its own timer. */
export class Toasts {
  current = $state<ToastItem[]>([]);
  #nextId = 1;
  readonly #actions = new Map<number, () => unknown>();
  readonly #timers = new Map<number, Timer>();

  show(message: string, options: ToastOptions = {}): number {
    const id = this.#nextId++;
    if (options.group)
      for (const toast of this.current.filter((t) => t.group === options.group))
        this.dismiss(toast.id);
    const toast: ToastItem = { id, message, tone: options.tone ?? 'info' };
    if (options.action) {
      toast.actionLabel = options.action.label;
      this.#actions.set(id, options.action.run);
    }
    if (options.group) toast.group = options.group;
    const shown = [...this.current, toast];
    for (const old of shown.slice(0, Math.max(0, shown.length - MAX_SHOWN))) this.#forget(old.id);
    this.current = shown.slice(-MAX_SHOWN);
    const durationMs = options.durationMs ?? 6000;
    this.#timers.set(id, { handle: undefined, endsAt: 0, remainingMs: durationMs, isHeld: false });
    this.#start(id);
    return id;
  }

  /**
   * Say what was just done, with an Undo that runs `undo`; only the latest undo is
   * offered. An undo that fails says so: "Could not <failure>: <why>".
   */
  undoable(message: string, undo: () => Promise<unknown>, failure = 'undo'): number {
    return this.show(message, {
      group: 'undo',
      action: {
        label: 'Undo',
        run: () => undo().catch(this.failed(failure)),
      },
    });
  }

  /** A handler for a failed action: says "Could not <what>: <why>" as an error toast. */
  failed(what: string): (error: unknown) => void {
    return (error) => void this.show(`Could not ${what}: ${errorText(error)}`, { tone: 'error' });
  }

  /** Run the toast's action once, then remove it. */
  async act(id: number): Promise<void> {
    const action = this.#actions.get(id);
    this.dismiss(id);
    if (action) await action();
  }

  dismiss(id: number): void {
    this.#forget(id);
    this.current = this.current.filter((toast) => toast.id !== id);
  }

  /** Pause (true) or resume (false) a toast's timer: nobody should lose Undo while reaching for it. */
  hold(id: number, isHeld: boolean): void {
    const timer = this.#timers.get(id);
    if (!timer || timer.isHeld === isHeld) return;
    timer.isHeld = isHeld;
    if (isHeld) {
      clearTimeout(timer.handle);
      timer.remainingMs = Math.max(1000, timer.endsAt - Date.now());
    } else {
      this.#start(id);
    }
  }

  #start(id: number): void {
    const timer = this.#timers.get(id);
    if (!timer) return;
    timer.endsAt = Date.now() + timer.remainingMs;
    timer.handle = setTimeout(() => this.dismiss(id), timer.remainingMs);
  }

  #forget(id: number): void {
    clearTimeout(this.#timers.get(id)?.handle);
    this.#timers.delete(id);
    this.#actions.delete(id);
  }
}

export const toasts = new Toasts();
