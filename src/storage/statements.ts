import type { ShowId, SiteId } from '../domain/ids';
import type { SignedStatement } from '../sync/trust/admission';
import type { StatementStore } from '../sync/trust/admission-book';
import type { LocalDb } from './local';

// Each show's admission statements and its pinned founder, in the kiosk's local
// database: the sync layer's StatementStore port. Rows are kept as received; the
// admission book checks every one again (shape, then signature) when it reads them.

export interface StatementRow {
  /** `<show>:<hash>`. */
  id: string;
  show: ShowId;
  /** The signed statement as received: unknown until the book checks it. */
  signed: unknown;
}

const founderKey = (show: ShowId) => `founder:${show}`;

export class DexieStatementStore implements StatementStore {
  constructor(private readonly db: LocalDb) {}

  async load(
    show: ShowId,
  ): Promise<{ founder: SiteId | undefined; statements: SignedStatement[] }> {
    const [founder, rows] = await Promise.all([
      this.db.settings.get(founderKey(show)),
      this.db.statements.where('show').equals(show).toArray(),
    ]);
    return {
      founder: typeof founder?.value === 'string' ? (founder.value as SiteId) : undefined,
      // Checked by the book (parseSignedStatement) before anything reads them.
      statements: rows.map((row) => row.signed as SignedStatement),
    };
  }

  async add(
    show: ShowId,
    statements: ReadonlyArray<{ hash: string; signed: SignedStatement }>,
  ): Promise<void> {
    await this.db.statements.bulkPut(
      statements.map(({ hash, signed }) => ({ id: `${show}:${hash}`, show, signed })),
    );
  }

  async setFounder(show: ShowId, founder: SiteId): Promise<void> {
    await this.db.settings.put({ key: founderKey(show), value: founder });
  }
}
