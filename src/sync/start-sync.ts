import type { Clock } from '../clock/clock';
import type { ShowId } from '../domain/ids';
import { Mesh } from './network/mesh';
import type { PeerId, Transport } from './network/transport';
import { SyncEngine, type SyncEngineOptions } from './synchronizer/engine';
import type { Authority } from './trust/authority';
import type { KioskIdentity } from './trust/identity';
import { LinkKeyAuthority, learnFromPage } from './trust/link-key-authority';
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
  /** Who is admitted with which key (default: the temporary link-key-authority.ts). */
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
  // Replaced by the producer's admissions: until then, the keys proved in link joins.
  const linkKeys = setup.authority
    ? undefined
    : new LinkKeyAuthority(setup.identity, setup.kiosk.role);
  const engine = new SyncEngine({
    store: setup.store,
    identity: setup.identity,
    showId: setup.showId,
    secret: setup.secret,
    kiosk: setup.kiosk,
    transport,
    clock: setup.clock,
    authority: setup.authority ?? (linkKeys as LinkKeyAuthority),
    keyFromPage: linkKeys ? (site, key) => learnFromPage(linkKeys, site, key) : undefined,
    options: setup.engine,
  });
  engine.on('peer-authenticated', (peer) => {
    if (peer.siteId && peer.key && peer.role) linkKeys?.learn(peer.siteId, peer.key, peer.role);
  });
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
      await engine.stop();
      await transport.stop();
    },
  };
}
