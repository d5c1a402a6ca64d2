import type { Clock } from '../clock/clock';
import type { ShowId } from '../domain/ids';
import { gossipAdmissions, type RefusedStatements } from './admission-gossip';
import { Mesh } from './network/mesh';
import type { PeerId, Transport } from './network/transport';
import { SyncEngine, type SyncEngineOptions } from './synchronizer/engine';
import type { AdmissionBook } from './trust/admission-book';
import type { Authority } from './trust/authority';
import type { KioskIdentity } from './trust/identity';
import type { OpStore } from './synchronizer/op-store';
import type { KioskInfo } from './synchronizer/session';

// Sync for one show on one kiosk, wired: the engine on the store and the transport,
// and the mesh that keeps the transport linked to the show's other kiosks.

export interface SyncSetup {
  store: OpStore;
  /** This kiosk's signing key pair (its site id is the key's). */
  identity: KioskIdentity;
  showId: ShowId;
  /** The show's secret (`deriveShowSecret` of the passphrase): peers join on it before anything of the show crosses. */
  secret: Uint8Array;
  transport: Transport;
  /** What the hello says of this kiosk (read at each handshake: keep it current). */
  kiosk: KioskInfo;
  clock: Clock;
  /** Peers to dial from the start (the join link's inviter, the roster). */
  peers?: readonly PeerId[];
  /** Peers this kiosk was linked to before it was closed: dialled at once, without the newcomers' pause. */
  returning?: readonly PeerId[];
  engine?: SyncEngineOptions;
  /** The show's admissions: the engine's authority, gossiped over the links. */
  admissions?: AdmissionBook;
  /** A peer sent statements that do not count (the message names it). */
  onRefusedStatements?: (refused: RefusedStatements) => void;
  /** Who is admitted with which role and key, where no admission book is given (tests). */
  authority?: Authority;
}

export interface RunningSync {
  engine: SyncEngine;
  mesh: Mesh;
  /** Stop the mesh, the engine and the transport, in that order. */
  stop(): Promise<void>;
}

export async function startSync(setup: SyncSetup): Promise<RunningSync> {
  const { transport } = setup;
  // Every op is checked against its author's admission: no sync without them.
  const authority = setup.admissions ?? setup.authority;
  if (!authority)
    throw new Error("startSync needs the show's admissions (or, in tests, an authority)");
  const engine = new SyncEngine({
    store: setup.store,
    identity: setup.identity,
    showId: setup.showId,
    secret: setup.secret,
    kiosk: setup.kiosk,
    transport,
    clock: setup.clock,
    authority,
    options: setup.engine,
  });
  const stopGossip = setup.admissions
    ? gossipAdmissions(engine, setup.admissions, setup.onRefusedStatements ?? (() => {}))
    : () => {};
  const mesh = new Mesh(transport);
  // The transport comes up in the background: links open as soon as signalling does.
  void transport.start();
  await engine.start();
  mesh.start();
  if (setup.returning) mesh.add(setup.returning, { isReturning: true });
  if (setup.peers) mesh.add(setup.peers);
  return {
    engine,
    mesh,
    stop: async () => {
      mesh.stop();
      stopGossip();
      await engine.stop();
      await transport.stop();
    },
  };
}
