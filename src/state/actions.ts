import { generateKeyBetween } from 'fractional-indexing';
import { composeCall, type CallTemplate } from '../domain/calls';
import { deleteChange, patchChanges, rowChanges } from '../domain/changes';
import { cueId, isHeld, nextHolds } from '../domain/cues';
import { toEntity } from '../domain/defaults';
import {
  newCallId,
  newLookId,
  newModelId,
  newNoteId,
  newRunId,
  type CallId,
  type LookId,
  type ModelId,
  type NoteId,
} from '../domain/ids';
import type { Look, Model, NoteKind, RunKind, Show, Step, StepState } from '../domain/model';
import type { Change } from '../domain/op';
import { compareLooks } from '../domain/running-order';
import { phaseForRun } from '../domain/show-phase';
import { editLook } from './content-actions';
import { kiosk } from './kiosk.svelte';
import { showClock } from './show-clock';

// What a person can do, as changes written through the kiosk. Screens call these;
// they hold no storage logic of their own.

function data() {
  const current = kiosk.data;
  if (!current) throw new Error('No show is open on this kiosk');
  return current;
}

const write = (changes: Change[]) => kiosk.write(changes);

/** Tap a step: done ↔ not done. Resolves to an undo that puts back exactly what was there. */
export async function toggleStep(
  subjectId: ModelId | LookId,
  step: Step,
): Promise<() => Promise<void>> {
  const previous = data().progress.get(subjectId)?.[step];
  const next: StepState = { done: !previous?.done, at: showClock.now(), by: kiosk.site };
  await write([{ table: 'progress', key: subjectId, field: step, value: { ...next } }]);
  return async () => {
    const restored: StepState = previous ?? { done: false, at: showClock.now(), by: kiosk.site };
    await write([{ table: 'progress', key: subjectId, field: step, value: { ...restored } }]);
  };
}

export async function setStep(
  subjectId: ModelId | LookId,
  step: Step,
  done: boolean,
): Promise<void> {
  await write([
    {
      table: 'progress',
      key: subjectId,
      field: step,
      value: { done, at: showClock.now(), by: kiosk.site },
    },
  ]);
}

export async function issueCall(template: CallTemplate): Promise<CallId> {
  const id = newCallId();
  await write(
    rowChanges('calls', {
      id,
      ...composeCall(template),
      issuedAt: showClock.now(),
      issuedBy: kiosk.site,
      acknowledgedAt: 0,
      acknowledgedBy: '',
      clearedAt: 0,
    }),
  );
  return id;
}

export const acknowledgeCall = (id: CallId, by: string) =>
  write(patchChanges('calls', id, { acknowledgedAt: showClock.now(), acknowledgedBy: by }));

export const clearCall = (id: CallId) =>
  write(patchChanges('calls', id, { clearedAt: showClock.now() }));

/** GO: the next look goes out now. Starts a run (rehearsal or live, by phase) if none is going. */
export async function go(): Promise<void> {
  const current = data();
  const next = current.position.next;
  if (!next) return;
  let run = current.run;
  // A GO is never stamped before the one it follows, even if the venue clock was just
  // corrected backwards: the cue log must keep the order the looks went out in.
  const at = Math.max(showClock.now(), run ? current.position.nowGoAt + 1 : 0);
  const changes: Change[] = [];
  if (!run) {
    const kind: RunKind = current.show.phase === 'live' ? 'live' : 'rehearsal';
    run = { id: newRunId(), kind, startedAt: at, endedAt: 0 };
    changes.push(...rowChanges('runs', run));
    // The phase follows the run: no "Setup" beside a rehearsal run going.
    const phase = phaseForRun(current.show.phase, kind);
    if (phase) changes.push(...patchChanges('shows', current.showId, { phase }));
    // A new run starts with nobody out: what walked in the rehearsal walks again live.
    for (const entry of current.order) {
      const progress = current.progress.get(entry.look.id);
      for (const step of ['walked', 'lineup'] as const) {
        if (progress?.[step]?.done)
          changes.push({
            table: 'progress',
            key: entry.look.id,
            field: step,
            value: { done: false, at, by: kiosk.site },
          });
      }
    }
  }
  // A GO during a hold ends it: the show is moving again.
  if (isHeld(run))
    changes.push(...patchChanges('runs', run.id, { holds: nextHolds(run, false, at) }));
  changes.push(
    ...rowChanges('cues', {
      id: cueId(run.id, next.look.id),
      runId: run.id,
      lookId: next.look.id,
      goAt: at,
      by: kiosk.site,
    }),
  );
  changes.push({
    table: 'progress',
    key: next.look.id,
    field: 'walked',
    value: { done: true, at, by: kiosk.site },
  });
  await write(changes);
}

/** End the run going on (the next GO starts a new one). */
export async function endRun(): Promise<void> {
  const run = data().run;
  if (run) await write(patchChanges('runs', run.id, { endedAt: showClock.now() }));
}

export const updateShow = (patch: Partial<Omit<Show, 'id'>>) =>
  write(patchChanges('shows', data().showId, patch));

export async function addModel(fields: Partial<Omit<Model, 'id'>>): Promise<ModelId> {
  const id = newModelId();
  const model: Model = { ...toEntity('models', { id }), ...fields };
  await write(rowChanges('models', model));
  return id;
}

export const updateModel = (id: ModelId, patch: Partial<Omit<Model, 'id'>>) =>
  write(patchChanges('models', id, patch));

/** Delete a model and every look they walk in (a look without a model cannot go out). */
export async function deleteModel(id: ModelId): Promise<void> {
  const looks = data().looks.current.filter((look) => look.modelId === id);
  await write([deleteChange('models', id), ...looks.map((look) => deleteChange('looks', look.id))]);
}

/** Add a look at the end of the running order. */
export async function addLook(fields: Partial<Omit<Look, 'id' | 'rank'>>): Promise<LookId> {
  const sorted = [...data().looks.current].sort(compareLooks);
  const rank = generateKeyBetween(sorted.at(-1)?.rank || null, null);
  const id = newLookId();
  const look: Look = {
    ...toEntity('looks', { id }),
    rank,
    section: sorted.at(-1)?.section ?? '',
    ...fields,
  };
  await write(rowChanges('looks', look));
  return id;
}

/** Edit a look; after the rehearsal started, also a last-minute change (content-actions.ts). */
export const updateLook = (id: LookId, patch: Partial<Omit<Look, 'id' | 'rank'>>) =>
  editLook(id, patch);

export const setLookCut = (id: LookId, cut: boolean) => write(patchChanges('looks', id, { cut }));

export const deleteLook = (id: LookId) => write([deleteChange('looks', id)]);

/**
 * Move a look to position `toIndex` of the full running order (cut looks included).
 * Only its rank changes: a concurrent move of another look never conflicts with it.
 */
export async function moveLook(id: LookId, toIndex: number): Promise<void> {
  const sorted = [...data().looks.current].sort(compareLooks);
  const others = sorted.filter((look) => look.id !== id);
  const index = Math.max(0, Math.min(toIndex, others.length));
  const before = others[index - 1]?.rank || null;
  const after = others[index]?.rank || null;
  // Equal neighbours (a tie from two kiosks) leave no key between: fall back to just after `before`.
  const rank =
    before !== null && after !== null && before >= after
      ? generateKeyBetween(before, null)
      : generateKeyBetween(before, after);
  await write(patchChanges('looks', id, { rank }));
}

export async function addNote(kind: NoteKind, text: string, pinned = true): Promise<NoteId> {
  const id = newNoteId();
  await write(
    rowChanges('notes', {
      id,
      kind,
      text: text.trim(),
      at: showClock.now(),
      by: kiosk.site,
      pinned,
    }),
  );
  return id;
}

export const setNotePinned = (id: NoteId, pinned: boolean) =>
  write(patchChanges('notes', id, { pinned }));

export const deleteNote = (id: NoteId) => write([deleteChange('notes', id)]);

export const applyChanges = (changes: Change[]) => write(changes);
