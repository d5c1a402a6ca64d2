import { MAX_STATEMENTS_PER_MESSAGE } from './protocol/messages';
import type { PeerId } from './network/transport';
import type { SyncEngine } from './synchronizer/engine';
import type { SignedStatement } from './trust/admission';
import type { AdmissionBook } from './trust/admission-book';

// The show's admissions travel over the sealed links: all of them to a peer when its
// link opens, and each new one to every open peer as soon as it is learned (signed
// here or received). The book checks what arrives; a refused statement is reported
// with the peer that sent it.

export interface RefusedStatements {
  peer: PeerId;
  peerName: string | undefined;
  /** Ready to show: "Kiosk "Station 2" sent an admission that does not count: ...". */
  message: string;
}

export function gossipAdmissions(
  engine: SyncEngine,
  book: AdmissionBook,
  onRefused: (refused: RefusedStatements) => void,
): () => void {
  const send = (peer: PeerId, statements: readonly SignedStatement[]) => {
    for (let at = 0; at < statements.length; at += MAX_STATEMENTS_PER_MESSAGE)
      engine.sendTo(peer, {
        type: 'admissions',
        statements: statements.slice(at, at + MAX_STATEMENTS_PER_MESSAGE),
      });
  };
  const offs = [
    engine.on('peer-authenticated', (peer) => send(peer.peerId, book.statements())),
    engine.on('admissions', ({ peer, statements }) => {
      void book.receive(statements, peer).then(({ refused }) => {
        if (refused.length === 0) return;
        const name = engine.status.peers.find((p) => p.peerId === peer)?.name;
        const who = name ? `Kiosk "${name}"` : `Peer ${peer}`;
        onRefused({
          peer,
          peerName: name,
          message: `${who} sent admissions that do not count: ${refused.join('; ')}`,
        });
      });
    }),
    book.onLearned((statements, from) => {
      for (const peer of engine.status.peers)
        if (peer.authenticated && peer.peerId !== from) send(peer.peerId, statements);
    }),
  ];
  return () => offs.forEach((off) => off());
}
