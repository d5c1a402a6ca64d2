import type { ShowId } from '../../domain/ids';
import type { TableName } from '../../domain/model';
import type { Change } from '../../domain/op';
import { MemoryNetwork } from '../network/memory-transport';
import { ReplicaSet, type ReplicaStore } from './replica-set';

// A show's worth of kiosks editing at once over the memory network, to measure
// what sync costs: messages, bytes, and how long until everyone agrees. The stores
// are in memory unless `openStore` gives others (the benchmark uses the Dexie one).

export interface SimulationOptions {
  replicas: number;
  edits: number;
  /** Edits made between two network rounds (default: one per replica, as if all tapped at once). */
  editsPerRound?: number;
  seed?: number;
  dropRate?: number;
  duplicateRate?: number;
  delayRate?: number;
  openStore?: (name: string) => ReplicaStore;
}

export interface SimulationResult {
  /** Sync traffic from the first edit until every kiosk holds every edit (handshakes excluded). */
  messages: number;
  bytes: number;
  /** Wall time from the last edit until every kiosk holds every edit. */
  timeToConvergeMs: number;
  /** Network rounds (one hop each) from the first edit until convergence. */
  rounds: number;
  /** Version exchanges needed after the last edit (0: live pushes and gossip did it all). */
  exchanges: number;
}

/** Small deterministic generator, so two runs with one seed make the same edits. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const TABLES: TableName[] = ['looks', 'models', 'progress', 'calls'];
const FIELDS = ['outfit', 'notes', 'station', 'text'];

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const seed = options.seed ?? 1;
  const next = random(seed);
  const showId = `sim-${seed}` as ShowId;
  const network = new MemoryNetwork({
    seed,
    dropRate: options.dropRate,
    duplicateRate: options.duplicateRate,
    delayRate: options.delayRate,
  });
  const set = new ReplicaSet({
    showId,
    secret: 'simulation passphrase',
    network,
    openStore: options.openStore,
  });
  try {
    const names = Array.from({ length: options.replicas }, (_, i) => `kiosk-${i}`);
    await set.add(...names);
    set.connect();
    await set.settle();
    // One exchange tick, as the timer would make a few seconds in: every kiosk learns
    // who its peers are linked to, which keeps gossip from flooding the mesh.
    for (const replica of set.replicas) replica.engine.exchange();
    await set.settle();
    const before = { messages: network.counters.messages, bytes: network.counters.bytes };

    const perRound = options.editsPerRound ?? options.replicas;
    let rounds = 0;
    for (let i = 0; i < options.edits; i++) {
      const name = names[Math.floor(next() * names.length)] as string;
      const change: Change = {
        table: TABLES[Math.floor(next() * TABLES.length)] as TableName,
        key: `row-${Math.floor(next() * 50)}`,
        field: FIELDS[Math.floor(next() * FIELDS.length)] as string,
        value: `edit ${i}`,
      };
      set.clock.advance(Math.floor(next() * 20));
      await set.edit(name, [change]);
      if ((i + 1) % perRound === 0) {
        await Promise.all(set.replicas.map((r) => r.engine.idle()));
        network.step();
        rounds += 1;
      }
    }

    network.chaos = { dropRate: 0, duplicateRate: 0, delayRate: 0, maxDelayRounds: 0 };
    const started = performance.now();
    const converged = await set.converge();
    const timeToConvergeMs = performance.now() - started;
    return {
      messages: network.counters.messages - before.messages,
      bytes: network.counters.bytes - before.bytes,
      timeToConvergeMs,
      rounds: rounds + converged.rounds,
      exchanges: converged.exchanges,
    };
  } finally {
    await set.destroy();
  }
}
