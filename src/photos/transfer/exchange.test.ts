import { describe, expect, it } from 'vitest';
import type { PhotoId } from '../../domain/photo-id';
import { addressPhoto } from './content-address';
import { PhotoExchange, type ExchangeLink, type PhotoKeeper } from './exchange';
import type { PhotoMessage } from './messages';
import { photoBytes } from './testing/photo-bytes';

// The exchange's bounds, with links played by hand: what a peer can make it hold,
// and how fast it sends.

const photos = await Promise.all(
  [1, 2, 3].map(async (seed) => {
    const bytes = photoBytes(40_000, seed);
    return { bytes, id: (await addressPhoto(bytes)).id };
  }),
);

function keeper(held: ReadonlyArray<{ id: PhotoId; bytes: Uint8Array }>): PhotoKeeper {
  const stored = new Map(held.map((p) => [p.id, p.bytes]));
  return {
    read: async (id) => stored.get(id),
    has: async (id) => stored.has(id),
    keep: async (id, bytes) => {
      stored.set(id, bytes);
    },
  };
}

class Link implements ExchangeLink {
  readonly sent: PhotoMessage[] = [];
  readonly refused: string[] = [];
  idle = true;
  buffered = 0;
  constructor(
    readonly peer: string,
    readonly label = `kiosk "${peer}"`,
  ) {}
  send(message: PhotoMessage): boolean {
    this.sent.push(message);
    return true;
  }
  isIdle(): boolean {
    return this.idle;
  }
  bufferedAmount(): number {
    return this.buffered;
  }
  bad(reason: string): void {
    this.refused.push(reason);
  }
}

const want = (id: PhotoId) => JSON.stringify({ type: 'photo-want', id });

describe('the photo exchange', () => {
  it('sends a peer no more photo messages a second than its pace allows', async () => {
    let now = 0;
    const exchange = new PhotoExchange(
      keeper(photos),
      { messagesPerSecond: 50, sender: { chunksPerPump: 100 } },
      {},
      () => now,
    );
    const bob = new Link('bob');
    exchange.linkOpened(bob);
    for (const photo of photos) exchange.received('bob', want(photo.id));
    await exchange.settled();
    // A burst of a tenth of a second's worth, then nothing until time passes.
    expect(bob.sent).toHaveLength(5);
    exchange.tick();
    await exchange.settled();
    expect(bob.sent).toHaveLength(5);
    now += 100;
    exchange.tick();
    await exchange.settled();
    expect(bob.sent).toHaveLength(10);
  });

  it('sends nothing while the link carries the show, nor while its buffer holds a chunk', async () => {
    const exchange = new PhotoExchange(keeper(photos), { messagesPerSecond: 1_000 });
    const bob = new Link('bob');
    bob.idle = false;
    exchange.linkOpened(bob);
    exchange.received('bob', want(photos[0]!.id));
    await exchange.settled();
    expect(bob.sent).toEqual([]);
    bob.idle = true;
    bob.buffered = 20_000;
    exchange.drained('bob');
    await exchange.settled();
    expect(bob.sent).toEqual([]);
    bob.buffered = 0;
    exchange.drained('bob');
    await exchange.settled();
    expect(bob.sent.map((m) => m.type)).toContain('photo-have');
  });

  it('drops what a peer sends faster than it can be checked, beyond a bound', async () => {
    const exchange = new PhotoExchange(keeper([]), { maxWaitingChars: 1_000 });
    const mallory = new Link('mallory');
    const reasons = mallory.refused;
    exchange.linkOpened(mallory);
    // Twenty messages that are not photo messages, 100 characters each, at once: ten wait, ten are dropped unread.
    const junk = JSON.stringify({ type: 'photo-want', id: 'x'.repeat(70) });
    for (let i = 0; i < 20; i++) exchange.received('mallory', junk);
    await exchange.settled();
    expect(reasons.length).toBeLessThan(20);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons[0]).toBe(
      `photo message from kiosk "mallory": photo-want: id '${'x'.repeat(60)}' is not a photo id`,
    );
  });

  it('checks and sends nothing until its background turn comes', async () => {
    const turns: Array<() => void> = [];
    const exchange = new PhotoExchange(
      keeper(photos),
      { messagesPerSecond: 1_000 },
      { defer: (run) => turns.push(run) },
    );
    const bob = new Link('bob');
    exchange.linkOpened(bob);
    exchange.received('bob', want(photos[0]!.id));
    await Promise.resolve();
    expect(bob.sent).toEqual([]);
    // Its turn to check the ask, then its turn to send.
    while (turns.length > 0) {
      turns.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await exchange.settled();
    expect(bob.sent[0]).toMatchObject({ type: 'photo-have', id: photos[0]!.id });
  });
});
