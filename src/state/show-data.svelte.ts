import { isActiveCall, compareCalls } from '../domain/calls';
import { currentRun, showPosition } from '../domain/cues';
import { defaultShow, toEntity } from '../domain/defaults';
import type { ShowId } from '../domain/ids';
import { isDeleted, type StoredRow } from '../domain/merge';
import type { Entities, Progress, TableName } from '../domain/model';
import { quickChanges, runningOrder, walkingOrder } from '../domain/running-order';
import type { ShowDb } from '../storage/db';
import { onRowsCommitted } from '../storage/oplog';
import { Live } from './live.svelte';

/** A row's field clocks in one string: two versions of a row with the same clocks hold the same values. */
const clocksOf = (row: StoredRow): string => Object.values(row._clocks).join(' ');

/**
 * The live entities of a table, in key order. Entities of unchanged rows are kept, and
 * a read that finds nothing changed keeps the last list, so a re-read after a write to
 * other rows (or one already patched in) recomputes nothing downstream.
 */
class LiveTable<T extends TableName> {
  readonly live: Live<Entities[T][]>;
  /** By row id: its clocks and entity (undefined when deleted), as last seen. */
  #seen = new Map<string, { clocks: string; entity: Entities[T] | undefined }>();

  constructor(
    db: ShowDb,
    readonly table: T,
  ) {
    this.live = new Live<Entities[T][]>(async (last) => this.#merge(last, await db.table(table).toArray(), true), []);
  }

  /** Rows a committed write of this window changed: shown now, without waiting for the re-read. */
  patch(rows: readonly StoredRow[]): void {
    this.live.patch((last) => this.#merge(last, rows, false));
  }

  #entity(row: StoredRow): { entity: Entities[T] | undefined; isNew: boolean } {
    const clocks = clocksOf(row);
    const seen = this.#seen.get(row.id);
    if (seen && seen.clocks === clocks) return { entity: seen.entity, isNew: false };
    const entity = isDeleted(row) ? undefined : toEntity(this.table, row);
    this.#seen.set(row.id, { clocks, entity });
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
      for (const id of [...this.#seen.keys()]) if (!byId.has(id)) this.#seen.delete(id);
      const next = rows.flatMap((row) => {
        const entity = byId.get(row.id);
        return entity ? [entity] : [];
      });
      const isSame = !isChanged && next.length === last.length && next.every((entity, i) => entity === last[i]);
      return isSame ? last : next;
    }
    if (!isChanged) return last;
    // Key order, as a read returns them (string keys compare as IndexedDB does).
    const kept = last.filter((entity) => !byId.has(entity.id));
    const added = [...byId.values()].filter((entity): entity is Entities[T] => entity !== undefined);
    return [...kept, ...added].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
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
  readonly show;
  readonly modelsById;
  readonly progress;
  readonly order;
  readonly walking;
  readonly quickChanges;
  readonly activeCalls;
  readonly run;
  readonly position;
  readonly pinnedNotes;
  readonly #tables: LiveTable<TableName>[];
  readonly #offRows: () => void;

  constructor(
    readonly db: ShowDb,
    readonly showId: ShowId,
  ) {
    const tables = {
      shows: new LiveTable(db, 'shows'),
      models: new LiveTable(db, 'models'),
      looks: new LiveTable(db, 'looks'),
      progress: new LiveTable(db, 'progress'),
      calls: new LiveTable(db, 'calls'),
      runs: new LiveTable(db, 'runs'),
      cues: new LiveTable(db, 'cues'),
      notes: new LiveTable(db, 'notes'),
      kiosks: new LiveTable(db, 'kiosks'),
    };
    this.#tables = Object.values(tables);
    this.#offRows = onRowsCommitted(db.name, (changed) => {
      for (const [table, rows] of changed) tables[table as TableName]?.patch(rows);
    });
    this.shows = tables.shows.live;
    this.models = tables.models.live;
    this.looks = tables.looks.live;
    this.progressRows = tables.progress.live;
    this.calls = tables.calls.live;
    this.runs = tables.runs.live;
    this.cues = tables.cues.live;
    this.notes = tables.notes.live;
    this.kiosks = tables.kiosks.live;
    this.show = $derived(this.shows.current.find((s) => s.id === this.showId) ?? defaultShow(this.showId));
    this.modelsById = $derived(new Map(this.models.current.map((model) => [model.id, model])));
    this.progress = $derived(new Map<string, Progress>(this.progressRows.current.map((row) => [row.id, row])));
    this.order = $derived(runningOrder(this.looks.current));
    this.walking = $derived(walkingOrder(this.looks.current));
    this.quickChanges = $derived(quickChanges(this.show, this.looks.current));
    this.activeCalls = $derived(this.calls.current.filter(isActiveCall).sort(compareCalls));
    this.run = $derived(currentRun(this.runs.current));
    this.position = $derived(showPosition(this.walking, this.cues.current, this.run?.id));
    this.pinnedNotes = $derived(this.notes.current.filter((note) => note.pinned).sort((a, b) => b.at - a.at));
  }

  get isLoaded(): boolean {
    return this.shows.isLoaded && this.looks.isLoaded && this.models.isLoaded;
  }

  stop(): void {
    this.#offRows();
    for (const table of this.#tables) table.live.stop();
  }
}
