/** Every touch, click, key or wheel counts as somebody at the screen. */
const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function watchInput(report: (at: number) => void, doc: Document = document): () => void {
  const onInput = () => report(Date.now());
  for (const type of INPUTS) doc.addEventListener(type, onInput, { capture: true, passive: true });
  return () => {
    for (const type of INPUTS) doc.removeEventListener(type, onInput, { capture: true });
  };
}

/**
 * A tablet's home view: its role screen, where it stands (its station) kept, every other
 * filter dropped. `#/makeup?station=2&dresser=Ana` → `/makeup?station=2`.
 */
export function homeRoute(path: string, params: URLSearchParams): string {
  const station = params.get('station');
  return station ? `${path}?${new URLSearchParams({ station })}` : path;
}

/** Has the screen been left alone long enough to go home? `idleMinutes` 0 = never. */
export function isIdleLongEnough(lastInputAt: number, now: number, idleMinutes: number): boolean {
  return idleMinutes > 0 && now - lastInputAt >= idleMinutes * 60_000;
}
