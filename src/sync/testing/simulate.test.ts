import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';

describe('simulate', () => {
  it('brings 5 kiosks editing at once to agreement, and says what it cost', async () => {
    const result = await simulate({ replicas: 5, edits: 100, seed: 7 });
    expect(result.exchanges).toBe(0); // on a healthy network live pushes do it all
    expect(result.messages).toBeGreaterThanOrEqual(100 * 4); // each edit reaches the 4 others
    expect(result.bytes).toBeGreaterThan(result.messages * 50);
    expect(result.rounds).toBeGreaterThan(0);
    expect(result.timeToConvergeMs).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('still converges when the network loses and repeats messages', async () => {
    const result = await simulate({
      replicas: 5,
      edits: 60,
      seed: 11,
      dropRate: 0.2,
      duplicateRate: 0.1,
      delayRate: 0.2,
    });
    expect(result.exchanges).toBeGreaterThan(0); // the version exchange recovers what was lost
  }, 60_000);
});
