import type { Page } from '@playwright/test';

/**
 * Chromium's main-thread metrics of `page` while `run` runs: `ms(name)` is the time one
 * metric grew by (TaskDuration, ScriptDuration, LayoutDuration...), `nodes` the DOM size
 * after. TaskDuration is wall time of tasks, so it grows when the machine is loaded.
 */
export async function measured<T>(
  page: Page,
  run: () => Promise<T>,
): Promise<{ result: T; ms: (name: string) => number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
  const before = await metrics();
  const result = await run();
  const after = await metrics();
  await cdp.detach();
  return {
    result,
    ms: (name) => ((after[name] ?? NaN) - (before[name] ?? NaN)) * 1000,
    nodes: after.Nodes ?? NaN,
  };
}
