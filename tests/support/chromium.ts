import { accessSync, constants } from 'node:fs';

/** Where to look for the system Chromium (keep in sync with require-chromium.mjs). */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The system Chromium used by Playwright and the benchmark scripts:
 * `CHROMIUM_PATH` if set, else the first of the usual Debian/Ubuntu paths.
 * Never Playwright's downloaded browsers.
 */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find(executable);
  if (found) return found;
  throw new Error(
    `Chromium not found (looked in ${CANDIDATES.join(', ')}). ` +
      'Install it with "sudo apt-get install -y chromium" or set CHROMIUM_PATH.',
  );
}

const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Quiet, deterministic Chromium: no background downloads or first-run UI. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
  // Chromium refuses to start as root with its sandbox on (containers, CI).
  ...(runningAsRoot ? ['--no-sandbox'] : []),
];
