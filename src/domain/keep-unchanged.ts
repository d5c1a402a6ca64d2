/**
 * `next`, with every part that equals the same part of `previous` replaced by that
 * part of `previous` (plain data: arrays, plain objects, primitives). A screen that
 * rebuilds its view model on every change hands Svelte the same objects for what did
 * not change, so a tap re-renders one step of one card, not every card.
 */
export function keepUnchanged<T>(previous: unknown, next: T): T {
  if (Object.is(previous, next)) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(previous)) return next;
    const kept = next.map((item, i) => keepUnchanged(previous[i], item));
    const isSame = kept.length === previous.length && kept.every((item, i) => item === previous[i]);
    if (isSame) return previous as T;
    return (kept.every((item, i) => item === next[i]) ? next : kept) as T;
  }
  if (!isPlainObject(next) || !isPlainObject(previous)) return next;
  const keys = Object.keys(next);
  const values: unknown[] = [];
  let isSame = keys.length === Object.keys(previous).length;
  let isFresh = true;
  for (const key of keys) {
    const isOld = Object.hasOwn(previous, key);
    const value = keepUnchanged(isOld ? previous[key] : undefined, next[key]);
    values.push(value);
    if (!isOld || value !== previous[key]) isSame = false;
    if (value !== next[key]) isFresh = false;
  }
  if (isSame) return previous as T;
  // Nothing of `previous` kept: `next` as it is, not a copy of it.
  if (isFresh) return next;
  const kept: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    // Own keys only, and defined rather than assigned: data from a peer or a file may
    // hold a key named "__proto__", which assignment would turn into a prototype.
    if (key === '__proto__')
      Object.defineProperty(kept, key, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else kept[key] = values[i];
  });
  return kept as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
