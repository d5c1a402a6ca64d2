import { isActiveCall, compareCalls } from '../domain/calls';
import { currentRun, showPosition } from '../domain/cues';
import { defaultShow, toEntity } from '../domain/defaults';
import type { ShowId } from '../domain/ids';
import { isDeleted, type StoredRow } from '../domain/merge';
import type { Entities, Progress, TableName } from '../domain/model';
import { quickChanges, runningOrder, walkingOrder } from '../domain/running-order';
import type { ShowDb } from '../storage/db';
import { Live } from './live.svelte';

function liveTable<T extends TableName>(db: ShowDb, table: T): Live<Entities[T][]> {
  return new Live(async () => {
    const rows: StoredRow[] = await db.table(table).toArray();
    return rows.filter((row) => !isDeleted(row)).map((row) => toEntity(table, row));
  }, []);
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

  constructor(
    readonly db: ShowDb,
    readonly showId: ShowId,
  ) {
    this.shows = liveTable(db, 'shows');
    this.models = liveTable(db, 'models');
    this.looks = liveTable(db, 'looks');
    this.progressRows = liveTable(db, 'progress');
    this.calls = liveTable(db, 'calls');
    this.runs = liveTable(db, 'runs');
    this.cues = liveTable(db, 'cues');
    this.notes = liveTable(db, 'notes');
    this.kiosks = liveTable(db, 'kiosks');
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
    for (const live of [this.shows, this.models, this.looks, this.progressRows, this.calls, this.runs, this.cues, this.notes, this.kiosks]) {
      live.stop();
    }
  }
}
