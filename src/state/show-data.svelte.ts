import { isActiveCall, compareCalls } from '../domain/calls';
import { currentRun, showPosition } from '../domain/cues';
import { defaultShow, readEntity } from '../domain/defaults';
import type { ShowId } from '../domain/ids';
import { applyOp, isDeleted, mergeRows, type StoredRow } from '../domain/merge';
import type { Entities, Progress, TableName } from '../domain/model';
import { PREVIEW_TIMEOUT_MS, type PendingOp } from '../domain/op';
import { DerivedOrder } from '../domain/derived-order';
import { isLookChange, openChanges } from '../domain/look-changes';
import type { ShowDb } from '../storage/db';
import { showDbName } from '../storage/db-names';
import type { FollowMutations } from '../storage/mutations';
import type { CommitSource, HandedRows } from '../storage/worker-op-store';
import type { ObservabilitySet } from 'dexie';
import { changedRows, type ChangedRows } from './changed-rows';
import { Live } from './live.svelte';

/** A row's field clocks in one string: two versions of a row with the same clocks hold the same values. */
const clocksOf = (row: StoredRow): string => Object.values(row._clocks).join(' ');

/**
 * The live entities of a table, in key order. Entities of unchanged rows are kept, and
 * a read that finds nothing changed keeps the last list, so a re-read after a write to
 * other rows (or one already patched in) recomputes nothing downstream.
 *
 * Previews (ops being written, here or on a peer) lie over the stored rows until
 * the store holds them: a re-read in between does not take a tap back off screen.
 */
class LiveTable<T extends TableName> {
  readonly live: Live<Entities[T][]>;
  /** By row id: the row, its clocks and entity (undefined when deleted), as last seen. */
  #seen = new Map<string, { row: StoredRow; clocks: string; entity: Entities[T] | undefined }>();
  /** By row id: previewed rows the store does not hold yet. */
  #pending = new Map<string, StoredRow>();
  /** Rows a commit named that no writer has handed on yet (see `mutated`). */
  readonly #unconfirmed = new Set<string>();
  #isCheckScheduled = false;
  readonly #db: () => Promise<ShowDb>;
  readonly #onRefused: OnRefused;
  /** The rows a plain read found before the database was open, for the first whole read. */
  #stored: StoredRow[] | undefined;

  constructor(
    db: () => Promise<ShowDb>,
    readonly table: T,
    onRefused: OnRefused,
    stored: StoredRow[] | undefined,
  ) {
    this.#db = db;
    this.#onRefused = onRefused;
    this.#stored = stored;
    this.live = new Live<Entities[T][]>(async (keys) => {
      const rows = keys ? await this.#rows(keys) : await this.#all();
      return (last) => this.#merge(last, this.#overlay(rows), keys === undefined);
    }, []);
  }

  /** Every row as stored: the first time, what the plain read found if it read any. */
  async #all(): Promise<StoredRow[]> {
    const stored = this.#stored;
    this.#stored = undefined;
    return stored ?? ((await (await this.#db()).table(this.table).toArray()) as StoredRow[]);
  }

  /** These rows as stored; a row gone from the table (shown before) as a tombstone. */
  async #rows(keys: readonly string[]): Promise<StoredRow[]> {
    const found = await (await this.#db()).table(this.table).bulkGet([...keys]);
    return keys.flatMap((id, i): StoredRow[] => {
      const row = found[i] as StoredRow | undefined;
      if (row) return [row];
      return this.#seen.has(id) ? [{ id, _clocks: {}, _deleted: true }] : [];
    });
  }

  /** Rows a committed write changed: shown now, without waiting for the re-read. */
  patch(rows: readonly StoredRow[]): void {
    this.live.patch((last) => this.#merge(last, this.#overlay(rows), false));
  }

  /**
   * Rows a commit changed, from Dexie's `storagemutated`. A commit of this window fires it
   * before its writer goes on, and a writer that hands its rows on (`committed`) does so
   * before the task ends: those rows are shown as stored, and reading them back would only
   * find them again (on a tablet, a read transaction per tap). So the rows are read once
   * the task is over, but for those handed on meanwhile. Another window's commit, or one
   * whose rows nobody hands on, is read as before, a task later.
   */
  mutated(rows: ChangedRows): void {
    if (rows === 'all' || !this.live.isLoaded) return this.live.changed(rows);
    for (const key of rows) this.#unconfirmed.add(key);
    if (this.#isCheckScheduled) return;
    this.#isCheckScheduled = true;
    setTimeout(() => {
      this.#isCheckScheduled = false;
      const keys = [...this.#unconfirmed];
      this.#unconfirmed.clear();
      if (keys.length > 0) this.live.changed(keys);
    }, 0);
  }

  /**
   * Rows as a commit of this window (or of its op store's worker) stored them, handed on
   * by their writer: shown now, not read back. A row older in some field than the one
   * shown (a later write was read first, the worker's reply coming after it; or a fork
   * undone) is read instead: the store has the last word.
   */
  committed(rows: readonly StoredRow[]): void {
    const behind: string[] = [];
    const ahead = rows.filter((row) => {
      this.#unconfirmed.delete(row.id);
      if (!this.#isBehind(row)) return true;
      behind.push(row.id);
      return false;
    });
    if (ahead.length > 0) this.patch(ahead);
    if (behind.length > 0) this.live.changed(behind);
  }

  /** Some field of the row shown has a later clock than `row`'s, or `row` lacks it. */
  #isBehind(row: StoredRow): boolean {
    const shown = this.#seen.get(row.id)?.row;
    if (!shown) return false;
    for (const [field, clock] of Object.entries(shown._clocks)) {
      const mine = row._clocks[field];
      if (mine === undefined || mine < clock) return true;
    }
    return false;
  }

  /**
   * Ops being written, merged into the rows as last seen and shown before they are
   * stored. The stored rows take over when the write commits; if it never does, the
   * rows are read back after PREVIEW_TIMEOUT_MS.
   */
  preview(ops: readonly PendingOp[]): void {
    if (!this.live.isLoaded) return; // nothing shown yet to merge into
    const rows = new Map<string, StoredRow>();
    for (const op of ops) {
      const next = applyOp(rows.get(op.key) ?? this.#seen.get(op.key)?.row, op);
      if (next) rows.set(op.key, next);
    }
    if (rows.size === 0) return;
    for (const [id, row] of rows) this.#pending.set(id, row);
    this.live.patch((last) => this.#merge(last, [...rows.values()], false));
    setTimeout(() => void this.readBack([...rows.keys()]), PREVIEW_TIMEOUT_MS);
  }

  /** Drop the previews of these rows and show them as stored (a write that failed or never came). */
  async readBack(keys: readonly string[]): Promise<void> {
    const stale = keys.filter((id) => this.#pending.delete(id));
    if (stale.length === 0) return;
    const found = await (await this.#db()).table(this.table).bulkGet(stale);
    // A row only the preview had: a tombstone takes it off screen.
    this.patch(
      stale.map(
        (id, i) => (found[i] as StoredRow | undefined) ?? { id, _clocks: {}, _deleted: true },
      ),
    );
  }

  /** Stored rows with the pending previews over them; a preview the store now holds is done. */
  #overlay(stored: readonly StoredRow[]): StoredRow[] {
    if (this.#pending.size === 0) return stored as StoredRow[];
    const rows = stored.map((row) => {
      const pending = this.#pending.get(row.id);
      if (!pending) return row;
      const merged = mergeRows(row, pending);
      if (clocksOf(merged) === clocksOf(row)) this.#pending.delete(row.id);
      return merged;
    });
    return rows;
  }

  #entity(row: StoredRow): { entity: Entities[T] | undefined; isNew: boolean } {
    const clocks = clocksOf(row);
    const seen = this.#seen.get(row.id);
    if (seen && seen.clocks === clocks) return { entity: seen.entity, isNew: false };
    let entity: Entities[T] | undefined;
    if (!isDeleted(row)) {
      const read = readEntity(this.table, row);
      entity = read.entity;
      // Once per version of the row: a re-read of the same clocks is answered above.
      for (const { field, why } of read.refused)
        this.#onRefused(
          `Refused the ${field} of ${this.table} row '${row.id}' stored on this kiosk: it ${why}. The screens show its default instead.`,
        );
    }
    this.#seen.set(row.id, { row, clocks, entity });
    return { entity, isNew: true };
  }

  /** `rows` are the whole table (a read) or some rows of it (a patch). */
  #merge(last: Entities[T][], rows: readonly StoredRow[], isWhole: boolean): Entities[T][] {
    let isChanged = false;
    const byId = new Map<string, Entities[T] | undefined>();
    for (const row of rows) {
      const { entity, isNew } = this.#entity(row);
      byId.set(row.id, entity);
      if (isNew) isChanged = true;
    }
    if (isWhole) {
      // Rows only a preview has so far stay, as a patch would show them.
      let isAdded = false;
      for (const [id, row] of this.#pending) {
        if (byId.has(id)) continue;
        byId.set(id, this.#entity(row).entity);
        isAdded = true;
      }
      for (const id of [...this.#seen.keys()]) if (!byId.has(id)) this.#seen.delete(id);
      const entries = [...byId.entries()];
      if (isAdded) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const next = entries.flatMap(([, entity]) => (entity ? [entity] : []));
      const isSame =
        !isChanged && next.length === last.length && next.every((entity, i) => entity === last[i]);
      return isSame ? last : next;
    }
    if (!isChanged) return last;
    // Key order, as a read returns them (string keys compare as IndexedDB does).
    const kept = last.filter((entity) => !byId.has(entity.id));
    const added = [...byId.values()].filter(
      (entity): entity is Entities[T] => entity !== undefined,
    );
    return [...kept, ...added].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** Says that a stored value was refused (entity-schemas.ts): which table, row and field, and why. */
export type OnRefused = (message: string) => void;

/** Where a show's rows come from. */
export interface ShowSource {
  /** The show's database and how to follow its commits; or later, through `attach`. */
  db?: ShowDb;
  follow?: FollowMutations;
  /** What a plain read found before the database was open (storage/boot-read.ts), shown first. */
  stored?: ReadonlyMap<TableName, StoredRow[]>;
  onRefused?: OnRefused;
}

/** Everything one show holds, live from this kiosk's database, plus what screens derive from it. */
export class ShowData {
  readonly shows;
  readonly models;
  readonly looks;
  readonly progressRows;
  readonly calls;
  readonly runs;
  readonly cues;
  readonly notes;
  readonly kiosks;
  readonly lookChanges;
  readonly shotMarks;
  readonly shoutOuts;
  readonly show;
  readonly modelsById;
  readonly progress;
  readonly order;
  readonly walking;
  readonly quickChanges;
  /** The quick change into each look, by look id. */
  readonly quickChangeInto;
  readonly activeCalls;
  readonly run;
  readonly position;
  readonly pinnedNotes;
  /** Last-minute changes some desk has not acknowledged yet (look-changes.ts). */
  readonly openChanges;
  readonly #tables: LiveTable<TableName>[];
  readonly #byName: Partial<Record<string, LiveTable<TableName>>>;
  readonly #onMutated: (parts: ObservabilitySet) => void;
  #commits: CommitSource | undefined;
  /** The show's database, once the kiosk's storage is open (`attach`). */
  db = $state.raw<ShowDb | undefined>(undefined);
  readonly #opened: Promise<ShowDb>;
  #open: (db: ShowDb) => void = () => {};
  #unfollow: (() => void) | undefined;
  #isStopped = false;
  readonly #wasStored: boolean;
  /** The database's name, as Dexie's `storagemutated` names it. */
  readonly #dbName: string;

  constructor(
    readonly showId: ShowId,
    source: ShowSource = {},
  ) {
    const onRefused = source.onRefused ?? ((message) => console.warn(message));
    this.#wasStored = source.stored !== undefined;
    this.#dbName = showDbName(showId);
    this.#opened = new Promise((resolve) => (this.#open = resolve));
    const opened = () => this.#opened;
    const live = <T extends TableName>(table: T) =>
      new LiveTable(opened, table, onRefused, source.stored?.get(table));
    const tables = {
      shows: live('shows'),
      models: live('models'),
      looks: live('looks'),
      progress: live('progress'),
      calls: live('calls'),
      runs: live('runs'),
      cues: live('cues'),
      notes: live('notes'),
      kiosks: live('kiosks'),
      lookChanges: live('lookChanges'),
      shotMarks: live('shotMarks'),
      shoutOuts: live('shoutOuts'),
    };
    this.#tables = Object.values(tables);
    this.#byName = tables;
    this.#onMutated = (parts) => {
      // A commit of the op store's worker: the rows its call handed back are not read.
      const handed = this.#commits?.claim(parts);
      if (handed) void handed.then((rows) => this.#named(parts, rows));
      else this.#named(parts);
    };
    if (source.db && source.follow) this.attach(source.db, source.follow);
    this.shows = tables.shows.live;
    this.models = tables.models.live;
    this.looks = tables.looks.live;
    this.progressRows = tables.progress.live;
    this.calls = tables.calls.live;
    this.runs = tables.runs.live;
    this.cues = tables.cues.live;
    this.notes = tables.notes.live;
    this.kiosks = tables.kiosks.live;
    this.lookChanges = tables.lookChanges.live;
    this.shotMarks = tables.shotMarks.live;
    this.shoutOuts = tables.shoutOuts.live;
    this.show = $derived(
      this.shows.current.find((s) => s.id === this.showId) ?? defaultShow(this.showId),
    );
    this.modelsById = $derived(new Map(this.models.current.map((model) => [model.id, model])));
    this.progress = $derived(
      new Map<string, Progress>(this.progressRows.current.map((row) => [row.id, row])),
    );
    // Kept from edit to edit: an edit of one look gives one new entry, the rest stay.
    const derivedOrder = new DerivedOrder();
    const figures = $derived(derivedOrder.update(this.show, this.looks.current));
    this.order = $derived(figures.order);
    this.walking = $derived(figures.walking);
    this.quickChanges = $derived(figures.quickChanges);
    this.quickChangeInto = $derived(figures.quickChangeInto);
    this.activeCalls = $derived(this.calls.current.filter(isActiveCall).sort(compareCalls));
    this.run = $derived(currentRun(this.runs.current));
    this.position = $derived(showPosition(this.walking, this.cues.current, this.run?.id));
    this.openChanges = $derived(openChanges(this.lookChanges.current.filter(isLookChange)));
    this.pinnedNotes = $derived(
      this.notes.current.filter((note) => note.pinned).sort((a, b) => b.at - a.at),
    );
  }

  /**
   * The show's database is open: reads go to it from now on, and its commits are
   * followed (one listener for every table, see Live). Rows shown from a plain read
   * before (`source.stored`) are read once more, whole: a commit of another window
   * between that read and now would otherwise be missed.
   */
  attach(db: ShowDb, follow: FollowMutations): void {
    if (this.db || this.#isStopped) return;
    this.db = db;
    this.#unfollow = follow(this.#onMutated);
    this.#open(db);
    if (this.#wasStored) for (const table of this.#tables) table.live.changed('all');
  }

  /** The show's database, once open. */
  opened(): Promise<ShowDb> {
    return this.#opened;
  }

  /**
   * Rows a commit names (`storagemutated`): read again, but for those `handed` (the rows
   * the commit's writer handed back, shown as it stored them).
   */
  #named(parts: ObservabilitySet, handed?: HandedRows): void {
    for (const table of this.#tables) {
      const rows = changedRows(parts, this.#dbName, table.table);
      if (!rows) continue;
      const mine = handed?.get(table.table);
      if (!mine || rows === 'all') {
        table.mutated(rows);
        continue;
      }
      table.committed(mine);
      const shown = new Set(mine.map((row) => row.id));
      const rest = rows.filter((key) => !shown.has(key));
      if (rest.length > 0) table.mutated(rest);
    }
  }

  /**
   * Follow the commits of an op store in a worker: they reach this window as another
   * context's, and the rows they stored come back in its replies (see `#named`). Until
   * the returned stop.
   */
  followCommits(source: CommitSource): () => void {
    this.#commits = source;
    return () => {
      if (this.#commits === source) this.#commits = undefined;
    };
  }

  /** Ops being written, shown before they are stored (see LiveTable.preview). */
  preview(ops: readonly PendingOp[]): void {
    for (const table of this.#tables) {
      const mine = ops.filter((op) => op.table === table.table);
      if (mine.length) table.preview(mine);
    }
  }

  /**
   * Rows a commit of this window stored (its own write, or ops from peers stored here),
   * exactly as stored, handed on by the writer as soon as its transaction resolves:
   * shown at once, and not read back (see LiveTable.mutated).
   */
  patchRows(changed: ReadonlyMap<string, readonly StoredRow[]>): void {
    for (const [table, rows] of changed) this.#byName[table]?.committed(rows);
  }

  /** Take back a preview whose write failed: show the rows as stored. */
  unpreview(ops: readonly PendingOp[]): void {
    for (const table of this.#tables) {
      const keys = [...new Set(ops.filter((op) => op.table === table.table).map((op) => op.key))];
      if (keys.length) void table.readBack(keys);
    }
  }

  get isLoaded(): boolean {
    return this.shows.isLoaded && this.looks.isLoaded && this.models.isLoaded;
  }

  stop(): void {
    this.#isStopped = true;
    this.#unfollow?.();
    for (const table of this.#tables) table.live.stop();
  }
}
