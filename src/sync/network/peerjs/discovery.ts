import type { PeerId } from '../transport';

// The show's kiosks as the PeerServer lists them (only with `allow_discovery`): asked
// every few seconds while signalling is up; a PeerServer that does not list peers is
// asked again only now and then.

const UNSUPPORTED_EVERY_MS = 60_000;

export type Fetch = (
  url: string,
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface DiscoveryOptions {
  url: () => string;
  everyMs: number;
  fetch: Fetch;
  /** Only asked while this holds (signalling is up). */
  isUp: () => boolean;
  /** Keep only ids of this show's other kiosks. */
  isWanted: (id: string) => boolean;
  /** Every answer, even an empty one: the mesh notices a kiosk that left and came back. */
  found: (peers: PeerId[]) => void;
  supported: (isSupported: boolean) => void;
  failed: (detail: unknown) => void;
}

export class Discovery {
  readonly #opts: DiscoveryOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #isRunning = false;
  /** undefined = not asked yet; false = the PeerServer does not list peers (404/401/403). */
  #isSupported: boolean | undefined;

  constructor(options: DiscoveryOptions) {
    this.#opts = options;
  }

  get isSupported(): boolean | undefined {
    return this.#isSupported;
  }

  start(): void {
    this.#isRunning = true;
    this.#isSupported = undefined;
  }

  stop(): void {
    this.#isRunning = false;
    clearTimeout(this.#timer);
  }

  /** Ask again, now or after the usual wait. */
  poll(isNow = false): void {
    clearTimeout(this.#timer);
    if (!this.#isRunning) return;
    const every = this.#isSupported === false ? UNSUPPORTED_EVERY_MS : this.#opts.everyMs;
    this.#timer = setTimeout(() => void this.#ask(), isNow ? 0 : every);
  }

  async #ask(): Promise<void> {
    if (!this.#isRunning) return;
    if (this.#opts.isUp()) {
      try {
        const response = await this.#opts.fetch(this.#opts.url());
        if (response.status === 404 || response.status === 401 || response.status === 403) {
          this.#setSupported(false);
        } else if (!response.ok) {
          this.#opts.failed(`HTTP ${response.status}`);
        } else {
          this.#setSupported(true);
          const listed = await response.json();
          if (Array.isArray(listed))
            this.#opts.found(
              listed.filter(
                (id): id is PeerId => typeof id === 'string' && this.#opts.isWanted(id),
              ),
            );
        }
      } catch (error) {
        this.#opts.failed(error);
      }
    }
    this.poll();
  }

  #setSupported(isSupported: boolean): void {
    if (this.#isSupported === isSupported) return;
    this.#isSupported = isSupported;
    this.#opts.supported(isSupported);
  }
}
