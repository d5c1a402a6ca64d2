import type { ObservabilitySet } from 'dexie';

/** Which rows of a table a write changed: their keys, or every row (a range, a cleared table). */
export type ChangedRows = readonly string[] | 'all';

interface Node {
  from?: unknown;
  to?: unknown;
  l?: Node | null;
  r?: Node | null;
}

/**
 * The rows of `table` in database `dbName` that Dexie's `storagemutated` parts name
 * (`idb://<db>/<table>/` for written keys, `…/:dels` for deleted ones), or undefined when
 * none. Parts are interval trees; a write of single rows gives one-key intervals. Any
 * wider interval (a cleared table, a new database, a range delete) is read as 'all'.
 * Parts from another window arrive structured-cloned: plain objects, read the same way.
 */
export function changedRows(
  parts: ObservabilitySet,
  dbName: string,
  table: string,
): ChangedRows | undefined {
  const prefix = `idb://${dbName}/${table}/`;
  const keys = new Set<string>();
  let isNamed = false;
  for (const part of [prefix, `${prefix}:dels`]) {
    const tree = parts[part] as Node | undefined;
    if (!tree) continue;
    isNamed = true;
    if (!collect(tree, keys)) return 'all';
  }
  return isNamed ? (keys.size > 0 ? [...keys] : undefined) : undefined;
}

/** Adds the tree's keys to `keys`; false when some interval is wider than one string key. */
function collect(node: Node | null | undefined, keys: Set<string>): boolean {
  // Iterative: a tree of many keys must not overflow the stack.
  const stack: (Node | null | undefined)[] = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || !('from' in next)) continue; // an empty range
    if (typeof next.from !== 'string' || next.from !== next.to) return false;
    keys.add(next.from);
    stack.push(next.l, next.r);
  }
  return true;
}
