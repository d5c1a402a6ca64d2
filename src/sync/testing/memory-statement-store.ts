import type { ShowId, SiteId } from '../../domain/ids';
import type { SignedStatement } from '../trust/admission';
import type { StatementStore } from '../trust/admission-book';

/** A store in memory, for tests and for a kiosk without a database. */
export function memoryStatementStore(): StatementStore & {
  rows: Map<string, SignedStatement>;
  founders: Map<ShowId, SiteId>;
} {
  const rows = new Map<string, SignedStatement>();
  const founders = new Map<ShowId, SiteId>();
  return {
    rows,
    founders,
    async load(show) {
      return {
        founder: founders.get(show),
        statements: [...rows].filter(([id]) => id.startsWith(`${show}:`)).map(([, s]) => s),
      };
    },
    async add(show, statements) {
      for (const { hash, signed } of statements)
        rows.set(`${show}:${hash}`, structuredClone(signed));
    },
    async setFounder(show, founder) {
      founders.set(show, founder);
    },
  };
}
