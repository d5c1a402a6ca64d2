import type { ChannelBinding } from '../transport';

// What binds a join to one WebRTC link (docs/trust.md): the DTLS certificate
// fingerprints of both ends. The browser checks the peer's certificate against the
// fingerprint in the peer's SDP before the data channel opens, so the SDPs' lines
// name the very certificates of this link. A relay holds two links with its own
// certificates, so the kiosks on either side see different pairs.

const FINGERPRINT_LINE = /^a=fingerprint:(\S+ [0-9A-Fa-f:]+)\s*$/m;

/** The first `a=fingerprint` of an SDP (`sha-256 AB:CD:...`), or undefined. */
export function sdpFingerprint(sdp: string | undefined | null): string | undefined {
  return sdp ? FINGERPRINT_LINE.exec(sdp)?.[1] : undefined;
}

/** Both ends' certificate fingerprints, from the SDPs, else from the connection's stats. */
export async function dtlsBinding(
  connection: RTCPeerConnection | null | undefined,
): Promise<ChannelBinding | undefined> {
  if (!connection) return undefined;
  const ours = sdpFingerprint(connection.localDescription?.sdp);
  const theirs = sdpFingerprint(connection.remoteDescription?.sdp);
  if (ours && theirs) return { ours, theirs };
  return statsBinding(connection);
}

/** RTCTransportStats names each end's RTCCertificateStats. */
async function statsBinding(connection: RTCPeerConnection): Promise<ChannelBinding | undefined> {
  try {
    const stats = await connection.getStats();
    const reports = new Map<string, Record<string, unknown>>();
    stats.forEach((report: Record<string, unknown>) => reports.set(String(report.id), report));
    for (const report of reports.values()) {
      if (report.type !== 'transport') continue;
      const ours = certificate(reports.get(String(report.localCertificateId)));
      const theirs = certificate(reports.get(String(report.remoteCertificateId)));
      if (ours && theirs) return { ours, theirs };
    }
  } catch {
    // A closed connection has no stats: no binding, and the join refuses.
  }
  return undefined;
}

const certificate = (report: Record<string, unknown> | undefined): string | undefined =>
  typeof report?.fingerprint === 'string'
    ? `${String(report.fingerprintAlgorithm ?? 'sha-256')} ${report.fingerprint}`
    : undefined;
