import { Dexie, type EntityTable, type Table } from 'dexie';
import type { HlcState } from '../domain/hlc';
import type { ShowId, SiteId } from '../domain/ids';
import type { StoredRow } from '../domain/merge';
import type { Op } from '../domain/op';
import { TABLES } from '../domain/model';
import { showDbName } from './db-names';
import { pagesOf, type LogPage, type PageKey } from './log-pages';
import type { StoredPhoto } from './photo-store';
import type { SignedPage } from '../domain/signed-page';

/** How far this kiosk holds each site's ops: `seq` without gaps, `floor` = ops at or below it are not in the log (compacted, or came in a snapshot). */
export interface SiteVersion {
  site: SiteId;
  seq: number;
  floor: number;
}

/** Per-database bookkeeping, read and written inside the write transactions. */
export interface Meta {
  key: 'clock';
  hlc: HlcState;
  /** The last seq this kiosk used in this show, under `site`. */
  seq: number;
  /**
   * The site `seq` counts for. Absent before kiosks had key-derived site ids: that
   * seq belongs to the kiosk's old site, and its new site counts from its own version.
   */
  site?: SiteId;
}

type Rows = Table<StoredRow, string>;

/**
 * One database per show (`backstage-show-<id>`): kiosks of two shows can never mix,
 * and leaving a show is dropping a database. Versions are explicit so that later
 * releases can migrate stored shows without loss: add `this.version(n+1)` with an
 * `upgrade()`, never edit an existing one.
 */
export class ShowDb extends Dexie {
  shows!: Rows;
  models!: Rows;
  looks!: Rows;
  progress!: Rows;
  calls!: Rows;
  runs!: Rows;
  cues!: Rows;
  notes!: Rows;
  kiosks!: Rows;
  lookChanges!: Rows;
  shotMarks!: Rows;
  shoutOuts!: Rows;
  /** The op log, in pages of consecutive seqs (log-pages.ts). */
  log!: Table<LogPage, PageKey>;
  versions!: EntityTable<SiteVersion, 'site'>;
  meta!: EntityTable<Meta, 'key'>;
  /** Authors' signed pages of the log (sync/trust/pages.ts), by `[site, from, to]`. */
  pages!: Table<SignedPage, [string, number, number]>;
  /** Photo bytes by content id: kiosk-local, never in the op log (photo-store.ts). */
  photos!: EntityTable<StoredPhoto, 'id'>;

  constructor(readonly showId: ShowId) {
    super(showDbName(showId));
    this.version(1).stores({
      shows: 'id',
      models: 'id',
      looks: 'id',
      progress: 'id',
      calls: 'id',
      runs: 'id',
      cues: 'id',
      notes: 'id',
      kiosks: 'id',
      ops: '[site+seq], hlc',
      versions: 'site',
      meta: 'key',
    });
    // 2: the log moves from one record per op to pages of consecutive ops.
    this.version(2)
      .stores({ log: '[site+first+last]' })
      .upgrade(async (tx) => {
        const ops = (await tx.table('ops').toArray()) as Op[];
        await tx.table('log').bulkAdd(pagesOf(ops));
      });
    // 3: the per-op table goes once version 2 has copied it.
    this.version(3).stores({ ops: null });
    // 4: last-minute changes, the content team's shots and the wall's shout-outs (new, empty).
    this.version(4).stores({ lookChanges: 'id', shotMarks: 'id', shoutOuts: 'id' });
    // 5: photos, by content id (the rows point at them through their `photo` field).
    this.version(5).stores({ photos: 'id' });
    // 6: authors' signatures of the log, per page (new, empty: older ops have none).
    this.version(6).stores({ pages: '[site+from+to]' });
  }
}

export { showDbName } from './db-names';

/** The tables sync carries: every entity table of the domain model. */
export const SYNCED_TABLES = TABLES;

export function rowsTable(db: ShowDb, table: string): Rows {
  if (!(SYNCED_TABLES as readonly string[]).includes(table)) {
    throw new Error(`Unknown table "${table}"`);
  }
  return db.table(table);
}

export type { SiteId };
