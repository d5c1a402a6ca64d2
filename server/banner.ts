import QRCode from 'qrcode';
import type { RunningServer } from './app';
import { CA_CERT_PATH } from './certificate';

/** Role screens printed on start, in the order a producer sets them up. */
export const ROLE_SCREENS = [
  { name: 'Producer', hash: '#/producer' },
  { name: 'Wall', hash: '#/wall' },
  { name: 'Curtain', hash: '#/curtain' },
  { name: 'Makeup', hash: '#/makeup' },
  { name: 'Content', hash: '#/content' },
] as const;

/** The link a kiosk opens to join a show (the app's route `#/join?show=CODE`). */
export function joinUrl(origin: string, code: string): string {
  return `${origin}/#/join?show=${encodeURIComponent(code)}`;
}

export interface BannerOptions {
  log: (line: string) => void;
  join?: string;
  discovery: boolean;
  distDir: string;
}

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);

async function qr(text: string): Promise<string> {
  const code = await QRCode.toString(text, {
    type: 'terminal',
    small: true,
    errorCorrectionLevel: 'M',
  });
  return code.replace(/\s+$/, '');
}

/** What a producer needs on start: where each screen is, and how tablets join. */
export async function printBanner(running: RunningServer, options: BannerOptions): Promise<void> {
  const { log } = options;
  const [local, ...lan] = running.urls;
  const lines: string[] = [];
  const width = Math.max(...ROLE_SCREENS.map((r) => r.name.length)) + 2;
  const screens = (origin: string) =>
    ROLE_SCREENS.map((r) => `    ${r.name.padEnd(width)}${origin}/${r.hash}`);

  lines.push('');
  lines.push(`  ${bold('Backstage kiosk')}  ${dim(`serving ${options.distDir}`)}`);
  lines.push(
    `  ${dim(`PeerServer at ${running.peer.path} (peer discovery ${options.discovery ? 'on' : 'off'}), same origin`)}`,
  );
  lines.push('');
  lines.push(`  On this machine:`);
  lines.push(...screens(local!));
  for (const origin of lan) {
    lines.push('');
    lines.push(`  On the network (${origin}):`);
    lines.push(...screens(origin));
  }
  lines.push('');
  lines.push(`  First time? Open any screen and load the demo show from the first-run screen.`);
  if (running.certificate) {
    const { certificate } = running;
    lines.push('');
    lines.push(
      `  HTTPS with this machine's own certificate: browsers warn once per device until it is trusted.`,
    );
    lines.push(
      `  Accepting the warning is enough to run a screen; for offline use and installing the app,`,
    );
    lines.push(
      `  trust the certificate on each device: open ${lan[0] ?? local}${CA_CERT_PATH} and install it.`,
    );
    if (certificate.caCreated)
      lines.push(
        `  This certificate authority is new (first start, a new laptop name or network, or the old one's year was up): devices that trusted an earlier one trust this one too.`,
      );
    lines.push(`  ${dim(`CA certificate SHA-256 ${certificate.caFingerprint}`)}`);
    const until = certificate.caValidTo.toISOString().slice(0, 10);
    lines.push(
      `  ${dim(`(${certificate.caCertFile}; valid for this laptop's names and networks until ${until}${certificate.created ? '; server certificate renewed' : ''})`)}`,
    );
  } else if (lan.length > 0) {
    lines.push('');
    lines.push(
      `  Note: over plain HTTP, other devices get no service worker or WebCrypto (not a secure context); use --https for the venue network.`,
    );
  }

  // The QR code points at the address other devices can reach, when there is one.
  const shareOrigin = lan[0] ?? local!;
  lines.push('');
  if (options.join) {
    const link = joinUrl(shareOrigin, options.join);
    lines.push(`  Join show ${bold(options.join)}: ${link}`);
    lines.push('');
    lines.push(await qr(link));
  } else {
    lines.push(`  Scan to open the kiosk: ${shareOrigin}`);
    lines.push(
      `  To add a kiosk to a show, open the producer screen to get the show's join link and QR code.`,
    );
    lines.push('');
    lines.push(await qr(shareOrigin));
  }
  if (lan.length === 0) {
    lines.push('');
    lines.push(
      `  Only this machine can connect. For tablets on the venue network, restart with --https.`,
    );
  }
  lines.push('');
  lines.push(`  ${dim('Press Ctrl+C to stop.')}`);
  lines.push('');
  log(lines.join('\n'));
}
