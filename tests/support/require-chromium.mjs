#!/usr/bin/env node
// Exit 0 when a Chromium for Playwright is installed, else explain how to get one.
// Keep the candidate list in sync with tests/support/chromium.ts.
import { accessSync, constants } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const fromEnv = process.env.CHROMIUM_PATH;
if (fromEnv) {
  if (executable(fromEnv)) process.exit(0);
  console.error(`CHROMIUM_PATH is set to "${fromEnv}", but that is not an executable file.`);
  process.exit(1);
}
if (candidates.some(executable)) process.exit(0);

console.error(`Browser tests need Chromium, and none was found (looked in ${candidates.join(', ')}).

  Debian/Ubuntu:  sudo apt-get install -y chromium
  Elsewhere:      set CHROMIUM_PATH=/path/to/chromium (or Chrome)

Do not run "playwright install": the tests use the system Chromium.`);
process.exit(1);
