/**
 * `tsx server/main.ts [options]`: serve the built app (dist/) and a PeerServer
 * on one origin. See `--help`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startServer, type RunningServer } from './app';

const HELP = `Usage: npm start -- [options]   (or tsx server/main.ts [options] to serve the last build)

Serves the built Backstage kiosk app and a PeerJS server (at /peerjs) on one origin.

Options:
  --port N          port to listen on (env PORT, default ${DEFAULT_PORT}; 0 = any free port)
  --host H          interface to bind (env HOST; default 127.0.0.1, or 0.0.0.0 with --https)
  --https           HTTPS with a self-signed certificate cached in .certs/, for a venue LAN
  --join CODE       print the join link and QR code of the show with this join code
  --no-discovery    do not let clients list connected peers
  --allow-peer-server URL
                    let kiosks use the PeerServer at URL too (Content-Security-Policy);
                    repeat for several
  --dist DIR        built app to serve (default dist/)
  --cert-dir DIR    where the self-signed certificate is kept (default .certs/)
  --build           build the app first (npm start passes it)
  --quiet           print only warnings and errors
  --help            show this help
`;

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`invalid port "${value}" (expected 0–65535)`);
  return port;
}

function parse() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        https: { type: 'boolean', default: false },
        join: { type: 'string' },
        'no-discovery': { type: 'boolean', default: false },
        'allow-peer-server': { type: 'string', multiple: true },
        dist: { type: 'string' },
        'cert-dir': { type: 'string' },
        build: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
}

/** `vite build` with the project's vite.config.ts; a failed build stops here. */
async function build(): Promise<void> {
  // Loaded only when building: help and a plain serve never pay for Vite.
  const vite = await import('vite');
  try {
    await vite.build();
  } catch (error) {
    fail(`the build failed: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  // After --help, so that help answers at once.
  if (args.build) await build();
  const join = args.join?.trim();
  if (args.join !== undefined && !join) fail('--join needs a show code');

  let running: RunningServer;
  try {
    running = await startServer({
      port: parsePort(args.port) ?? parsePort(process.env.PORT),
      host: args.host ?? (process.env.HOST || undefined),
      https: args.https,
      discovery: !args['no-discovery'],
      allowPeerServers: args['allow-peer-server'],
      join,
      distDir: args.dist,
      certDir: args['cert-dir'],
      quiet: args.quiet,
    });
  } catch (error) {
    fail((error as Error).message);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // Second Ctrl+C: do not wait any longer.
      process.exit(130);
    }
    stopping = true;
    if (!args.quiet) console.log(`\n  ${signal}: stopping…`);
    const force = setTimeout(() => {
      console.error('Shutdown took too long; exiting.');
      process.exit(1);
    }, 5000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
