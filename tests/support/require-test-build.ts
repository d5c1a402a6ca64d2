import { existsSync } from 'node:fs';
import path from 'node:path';
import { filesContaining, TEST_HOOKS_MARKER } from './bundle-scan';

/**
 * Playwright's global setup: journeys drive the app through its test hooks, which only a
 * test build has. A production build (what `npm start` leaves in dist/) would fail every
 * journey with a timeout; say why at once instead.
 */
export default async function requireTestBuild(): Promise<void> {
  const dist = path.resolve(process.env.E2E_DIST ?? 'dist');
  const hint = `Build it with: npx vite build --mode test${process.env.E2E_DIST ? ` --outDir "${process.env.E2E_DIST}"` : ''}`;
  if (!existsSync(path.join(dist, 'index.html')))
    throw new Error(`No built app in ${dist}. ${hint}`);
  if ((await filesContaining(path.join(dist, 'assets'), TEST_HOOKS_MARKER)).length === 0)
    throw new Error(
      `${dist} is a production build, without the test hooks (${TEST_HOOKS_MARKER}) the journeys drive. ${hint}`,
    );
}
