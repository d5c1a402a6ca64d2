import { photosInUse } from '../domain/photo-gc';
import { isPhotoId, type PhotoId } from '../domain/photo-id';
import { PhotoExchange, type ExchangeLimits, type PhotoKeeper } from '../photos/transfer/exchange';
import type { Transport } from '../sync/network/transport';
import type { SyncEngine } from '../sync/synchronizer/engine';

// Photos travel between kiosks beside the show (docs/photos.md): the exchange rides on
// the engine's sealed links as a side channel, sends when a link's buffer drains,
// and is ticked a few times a second to pace itself and ask again what went quiet.

/** How often the exchange is ticked. */
const TICK_MS = 200;

export interface PhotoSync {
  readonly exchange: PhotoExchange;
  stop(): void;
}

export function startPhotoSync(
  engine: Pick<SyncEngine, 'useSide'>,
  transport: Pick<Transport, 'on'>,
  keeper: PhotoKeeper,
  options: {
    limits?: Partial<ExchangeLimits>;
    log?: (message: string) => void;
    /** Monotonic enough for retries and pacing (tests pass their fake clock). */
    now?: () => number;
    /** When photo work runs (see ExchangeEvents.defer); the app passes `inBackground`. */
    defer?: (run: () => void) => void;
  } = {},
): PhotoSync {
  const exchange = new PhotoExchange(
    keeper,
    options.limits,
    { log: options.log, defer: options.defer },
    options.now,
  );
  const offSide = engine.useSide({
    carries: exchange.carries,
    opened: (link) => exchange.linkOpened(link),
    closed: (peer) => exchange.linkClosed(peer),
    received: (peer, body) => exchange.received(peer, body),
  });
  const offDrained = transport.on('drained', (peer) => exchange.drained(peer));
  const timer = setInterval(() => exchange.tick(), TICK_MS);
  return {
    exchange,
    stop: () => {
      clearInterval(timer);
      offDrained();
      offSide();
      exchange.stop();
    },
  };
}

interface Scheduler {
  postTask(run: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Run `run` as a background-priority task where the browser has `scheduler.postTask`
 * (Chromium): a tap's input, its messages and its paint go first. Elsewhere, a task
 * after those already queued.
 */
export function inBackground(run: () => void): void {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.postTask) void scheduler.postTask(run, { priority: 'background' });
  else setTimeout(run, 0);
}

/** What points at photos in the show, as the live tables hold it. */
export interface PhotoRows {
  looks: readonly { rank: string; id: string; photo?: string }[];
  models: readonly { photo: string }[];
  shoutOuts: readonly { photoId: string; hidden: boolean }[];
}

/**
 * Every photo the show uses, in the order to fetch them: the looks' polaroids in
 * running order (the curtain needs the first looks first), then the models' faces,
 * then the shout-outs'.
 */
export function photosByUrgency(rows: PhotoRows): PhotoId[] {
  const looks = [...rows.looks].sort((a, b) =>
    a.rank === b.rank ? (a.id < b.id ? -1 : 1) : a.rank < b.rank ? -1 : 1,
  );
  const ordered = new Set<PhotoId>();
  for (const look of looks) if (isPhotoId(look.photo)) ordered.add(look.photo);
  for (const id of photosInUse({ models: rows.models, looks: [], shoutOuts: rows.shoutOuts }))
    ordered.add(id);
  return [...ordered];
}
