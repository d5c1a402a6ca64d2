import { FakeClock } from '../../clock/clock';
import type { ShowId, SiteId } from '../../domain/ids';
import type { StoredRow } from '../../domain/merge';
import { TABLES, type Role, type TableName } from '../../domain/model';
import type { Change, Op, VersionVector } from '../../domain/op';
import { SyncEngine, type SyncEngineOptions } from '../synchronizer/engine';
import { MemoryNetwork, type MemoryTransport } from '../network/memory-transport';
import type { OpStore } from '../synchronizer/op-store';
import { MemoryOpStore } from './memory-op-store';
import { createIdentity, openIdentity, type KioskIdentity } from '../trust/identity';
import type { JoinSecret } from '../trust/join';
import type { Authority } from '../trust/authority';
import { FixedAuthority } from './fixed-authority';

// A show's kiosks in one process: a store, a memory transport and an engine each,
// on one MemoryNetwork, all driven by hand. Used by the engine tests, the
// convergence properties and the simulation. The stores are in memory unless
// `openStore` gives others (the benchmark's simulation runs on the Dexie one).

/** A replica's store: the engine's port, and what the app and the tests do besides. */
export interface ReplicaStore extends OpStore {
  /** A local write: ops, their effect and the version at once. */
  write(site: SiteId, changes: readonly Change[], now: number): Promise<Op[]>;
  /** Drop ops up to each site's version minus `keepPerSite`; how many went. */
  compact(keepPerSite: number): Promise<number>;
  /** Every row of a table, sorted by id. */
  rows(table: TableName): Promise<StoredRow[]>;
  destroy(): Promise<void>;
}

const inMemory = (): ReplicaStore =>
  Object.assign(new MemoryOpStore(), { destroy: async () => {} });

/** The app's exchange interval (SyncEngine's default): how far `converge` moves the clock per round. */
const EXCHANGE_INTERVAL_MS = 3_000;

export interface Replica {
  name: string;
  /** Derived from its identity's key (so not its name). */
  site: SiteId;
  identity: KioskIdentity;
  store: ReplicaStore;
  transport: MemoryTransport;
  engine: SyncEngine;
  /** Every op this replica wrote itself. */
  written: Op[];
}

export interface ReplicaSetOptions {
  showId: ShowId;
  /** The show's secret (a passphrase, or `deriveShowSecret` bytes), or one per replica name (to test a wrong passphrase). */
  secret: JoinSecret | ((name: string) => JoinSecret);
  /** The show of each replica, when they differ (default `showId`). */
  showOf?: (name: string) => ShowId;
  network?: MemoryNetwork;
  clock?: FakeClock;
  engineOptions?: SyncEngineOptions;
  role?: Role;
  /** Each replica's identity (default: a fresh key pair); attack tests hand a kiosk a forged one. */
  identityOf?: (name: string) => KioskIdentity | undefined;
  /** Each replica's store (default: in memory). */
  openStore?: (name: string) => ReplicaStore;
  /** Who is admitted with which role, shared by every replica (default: a fixed one of this set). */
  authority?: FixedAuthority;
  /** The role each replica is admitted with as it is added (default producer); null: not admitted. */
  admitAs?: (name: string) => Role | null;
  /**
   * Each replica's Authority (default: `authority`, one table shared by all, where every
   * replica added is admitted as a producer with its identity's key).
   */
  authorityOf?: (name: string) => Authority;
}

export class ReplicaSet {
  readonly network: MemoryNetwork;
  readonly clock: FakeClock;
  readonly replicas: Replica[] = [];
  readonly authority: FixedAuthority;

  constructor(private readonly options: ReplicaSetOptions) {
    this.network = options.network ?? new MemoryNetwork();
    this.authority = options.authority ?? new FixedAuthority();
    this.clock = options.clock ?? new FakeClock(1_760_000_000_000);
  }

  /** Add and start kiosks by name (the name is also the peer id; the site id is its key's). */
  async add(...names: string[]): Promise<Replica[]> {
    const added: Replica[] = [];
    for (const name of names) {
      const store = (this.options.openStore ?? inMemory)(name);
      const transport = this.network.createTransport(name);
      const identity =
        this.options.identityOf?.(name) ?? (await openIdentity(await createIdentity()));
      const role = this.options.admitAs ? this.options.admitAs(name) : 'producer';
      if (role) this.authority.admit(identity.site, role, identity.publicKeyInfo);
      const replica: Replica = {
        name,
        site: identity.site,
        identity,
        store,
        transport,
        engine: this.newEngine(name, identity, store, transport),
        written: [],
      };
      await transport.start();
      await replica.engine.start();
      this.replicas.push(replica);
      added.push(replica);
    }
    return added;
  }

  get(name: string): Replica {
    const replica = this.replicas.find((r) => r.name === name);
    if (!replica) throw new Error(`No replica "${name}"`);
    return replica;
  }

  /** Write changes on one kiosk and push them, as the app does. */
  async edit(name: string, changes: Change[]): Promise<Op[]> {
    const replica = this.get(name);
    const ops = await replica.store.write(replica.site, changes, this.clock.now());
    replica.written.push(...ops);
    replica.engine.pushLocal(ops);
    await replica.engine.sent();
    return ops;
  }

  /** Link two kiosks (or every reachable pair): what the mesh does. */
  connect(a?: string, b?: string): void {
    if (a && b) this.get(a).transport.dial(this.get(b).transport.self);
    else this.network.dialAll();
  }

  /** A kiosk reloads: its engine stops (links drop) and a new one starts on the same database. */
  async reload(name: string): Promise<void> {
    const replica = this.get(name);
    await replica.engine.stop();
    replica.engine = this.newEngine(name, replica.identity, replica.store, replica.transport);
    await replica.engine.start();
  }

  /** Deliver until nothing moves: every engine idle and nothing in flight. Returns the rounds taken. */
  async settle(maxRounds = 10_000): Promise<number> {
    for (let round = 0; round < maxRounds; round++) {
      await Promise.all(this.replicas.map((r) => r.engine.idle()));
      if (!this.network.isBusy) return round;
      this.network.step();
    }
    throw new Error(`The network did not settle in ${maxRounds} rounds`);
  }

  /** Every replica holds every op written anywhere. */
  async isConverged(): Promise<boolean> {
    const vectors = await Promise.all(this.replicas.map((r) => r.store.versions()));
    const all: VersionVector = {};
    for (const vv of vectors)
      for (const [site, seq] of Object.entries(vv)) all[site] = Math.max(all[site] ?? 0, seq);
    return vectors.every((vv) => Object.entries(all).every(([site, seq]) => vv[site] === seq));
  }

  /**
   * Redial, settle and run exchange rounds until every replica holds everything
   * (the timer's job in the app, every 3 s: the clock moves on by that much per round,
   * so what only time settles, like the trust in ops pushed on a link, settles here too).
   * Returns the exchange rounds it took.
   */
  async converge(maxExchanges = 50): Promise<{ exchanges: number; rounds: number }> {
    let rounds = 0;
    for (let exchanges = 0; exchanges <= maxExchanges; exchanges++) {
      this.connect();
      rounds += await this.settle();
      if (await this.isConverged()) return { exchanges, rounds };
      this.clock.advance(EXCHANGE_INTERVAL_MS);
      for (const replica of this.replicas) replica.engine.exchange();
      rounds += await this.settle();
    }
    throw new Error(`Replicas did not converge in ${maxExchanges} exchanges`);
  }

  /** Every synced row of one replica, by table, sorted by id: what must be equal everywhere. */
  async rows(name: string): Promise<Record<TableName, StoredRow[]>> {
    const { store } = this.get(name);
    const entries = await Promise.all(
      TABLES.map(async (table) => [table, await store.rows(table)] as const),
    );
    return Object.fromEntries(entries) as Record<TableName, StoredRow[]>;
  }

  /** Stop every engine and drop every store. */
  async destroy(): Promise<void> {
    for (const replica of this.replicas) {
      await replica.engine.stop();
      await replica.transport.stop();
      await replica.store.destroy();
    }
  }

  /** The replica named `name`, by its site id (what ops and statuses name). */
  bySite(site: string): Replica | undefined {
    return this.replicas.find((replica) => replica.site === site);
  }

  private newEngine(
    name: string,
    identity: KioskIdentity,
    store: OpStore,
    transport: MemoryTransport,
  ): SyncEngine {
    const { secret, showOf, engineOptions, role } = this.options;
    return new SyncEngine({
      store,
      identity,
      showId: showOf?.(name) ?? this.options.showId,
      secret: typeof secret === 'function' ? secret(name) : secret,
      kiosk: { name, role: role ?? 'makeup' },
      transport,
      clock: this.clock,
      authority: this.options.authorityOf?.(name) ?? this.authority,
      options: { exchangeIntervalMs: 0, log: () => {}, ...engineOptions },
    });
  }
}
