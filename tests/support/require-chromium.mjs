#!/usr/bin/env node
// Make sure a Chromium for Playwright is installed before browser tests run.
// Found: exit 0. Missing and running as root (CI, a fresh container): install Debian's
// `chromium` package. Missing otherwise: print the exact command to run and exit 1.
// Keep the candidate list in sync with tests/support/chromium.ts.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** What a person without root runs (and what root runs, without the sudo). */
export const INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium';

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function runCommand(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status ?? 1;
}

/**
 * Find Chromium, installing it when we may. Every effect goes through `io`, so each
 * case is tested without a real apt (tests/support/require-chromium.test.ts).
 * Returns the exit code.
 */
export function requireChromium(io = {}) {
  const env = io.env ?? process.env;
  const isRoot = io.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const executable = io.isExecutable ?? isExecutable;
  const run = io.run ?? runCommand;
  const log = io.log ?? ((line) => console.log(line));
  const error = io.error ?? ((line) => console.error(line));

  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return 0;
    error(`CHROMIUM_PATH is set to "${fromEnv}", but that is not an executable file.`);
    return 1;
  }
  if (CANDIDATES.some(executable)) return 0;

  if (!isRoot) {
    error(`Browser tests need Chromium, and none was found (looked in ${CANDIDATES.join(', ')}).

Run this once, then run the tests again:

  ${INSTALL_COMMAND}

(or set CHROMIUM_PATH=/path/to/chromium). Do not run "playwright install": the tests use the system Chromium.`);
    return 1;
  }

  log('Chromium not found; installing Debian\'s "chromium" package (running as root).');
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const status = run('apt-get', args);
    if (status !== 0) {
      error(
        `"apt-get ${args.join(' ')}" failed (exit ${status}). Install Chromium by hand: apt-get install -y chromium`,
      );
      return 1;
    }
  }
  if (CANDIDATES.some(executable)) return 0;
  error(`apt-get installed "chromium", but none of ${CANDIDATES.join(', ')} is there.`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(requireChromium());
