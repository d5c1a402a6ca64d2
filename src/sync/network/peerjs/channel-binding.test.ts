import { describe, expect, it } from 'vitest';
import { dtlsBinding, sdpFingerprint } from './channel-binding';

const FP_A = 'sha-256 AB:CD:EF:01';
const FP_B = 'sha-256 12:34:56:78';
const sdp = (fingerprint: string) =>
  `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=group:BUNDLE 0\r\na=fingerprint:${fingerprint}\r\na=setup:actpass\r\n`;

describe('the DTLS binding of a WebRTC link', () => {
  it('reads the fingerprint line of an SDP', () => {
    expect(sdpFingerprint(sdp(FP_A))).toBe(FP_A);
    expect(sdpFingerprint('v=0\r\n')).toBeUndefined();
    expect(sdpFingerprint(undefined)).toBeUndefined();
  });

  it('pairs our SDP fingerprint with the remote one', async () => {
    const connection = {
      localDescription: { sdp: sdp(FP_A) },
      remoteDescription: { sdp: sdp(FP_B) },
    } as unknown as RTCPeerConnection;
    expect(await dtlsBinding(connection)).toEqual({ ours: FP_A, theirs: FP_B });
  });

  it("falls back on the certificate stats the connection's transport names", async () => {
    const reports = [
      { id: 'T1', type: 'transport', localCertificateId: 'C1', remoteCertificateId: 'C2' },
      { id: 'C1', type: 'certificate', fingerprint: 'AB:CD', fingerprintAlgorithm: 'sha-256' },
      { id: 'C2', type: 'certificate', fingerprint: '12:34', fingerprintAlgorithm: 'sha-256' },
    ];
    const connection = {
      localDescription: null,
      remoteDescription: null,
      getStats: async () => new Map(reports.map((report) => [report.id, report])),
    } as unknown as RTCPeerConnection;
    expect(await dtlsBinding(connection)).toEqual({
      ours: 'sha-256 AB:CD',
      theirs: 'sha-256 12:34',
    });
  });

  it('gives nothing when there is no connection to read', async () => {
    expect(await dtlsBinding(undefined)).toBeUndefined();
  });
});
