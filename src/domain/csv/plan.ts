import { generateNKeysBetween } from 'fractional-indexing';
import { deleteChange, patchChanges, rowChanges } from '../changes';
import { newLookId, newModelId, type LookId, type ModelId } from '../ids';
import type { Look, Model } from '../model';
import type { Change } from '../op';
import { cleanName, nameKey } from './names';
import type { RunningOrderPreview, RunningOrderRow } from './parse';

/** One look of the new running order, with the model it will point at. */
export interface PlannedLook {
  number: number;
  /** Where it came from in the file. */
  line: number;
  look: Look;
  model: Model;
  isNewModel: boolean;
}

/** What an import will do, computed before anything is written. */
export interface ImportPlan {
  /** In look-number order, which is also rank order. */
  looks: PlannedLook[];
  newModels: Model[];
  /** Existing models the file names, as they will be after the import. */
  matchedModels: Model[];
  /** Matched models whose station the file changes. */
  stationUpdates: number;
  /** The current running order, deleted by the import. */
  replacedLooks: Look[];
  /** Everything to write, in one go: deletes, then models, then looks. */
  changes: Change[];
}

export interface Existing {
  models: readonly Model[];
  looks: readonly Look[];
}

/** Id factories, replaceable so tests get stable ids. */
export interface ImportIds {
  modelId?: () => ModelId;
  lookId?: () => LookId;
}

/**
 * Turns checked rows into the changes that replace the running order. Models are
 * matched by name (case and spacing aside) and kept; unknown names become new models.
 */
export function planImport(
  rows: readonly RunningOrderRow[],
  existing: Existing,
  ids: ImportIds = {},
): ImportPlan {
  const makeModelId = ids.modelId ?? newModelId;
  const makeLookId = ids.lookId ?? newLookId;

  const known = new Map<string, Model>();
  for (const model of existing.models) {
    const key = nameKey(model.name);
    if (!known.has(key)) known.set(key, model);
  }

  const ordered = [...rows].sort((a, b) => a.look - b.look);
  const chosen = new Map<string, { model: Model; isNew: boolean }>();
  const stationChanged = new Set<ModelId>();
  const callTimeChanged = new Set<ModelId>();
  for (const row of ordered) {
    const key = nameKey(row.model);
    let entry = chosen.get(key);
    if (!entry) {
      const found = known.get(key);
      entry = found
        ? { model: { ...found }, isNew: false }
        : { model: blankModel(makeModelId(), cleanName(row.model)), isNew: true };
      chosen.set(key, entry);
    }
    if (row.station !== '' && entry.model.station !== row.station) {
      entry.model.station = row.station;
      if (!entry.isNew) stationChanged.add(entry.model.id);
    }
    if (row.callTime !== '' && entry.model.callTime !== row.callTime) {
      entry.model.callTime = row.callTime;
      if (!entry.isNew) callTimeChanged.add(entry.model.id);
    }
  }

  const ranks = generateNKeysBetween(null, null, ordered.length);
  const looks: PlannedLook[] = ordered.map((row, i) => {
    const entry = chosen.get(nameKey(row.model));
    if (!entry) throw new Error(`no model planned for line ${row.line}`);
    const look: Look = {
      id: makeLookId(),
      rank: ranks[i] ?? '',
      modelId: entry.model.id,
      section: row.section,
      outfit: row.outfit,
      accessories: [...row.accessories],
      shoes: row.shoes,
      hair: row.hair,
      makeup: row.makeup,
      dresser: row.dresser,
      walkNotes: row.notes,
      pacingSeconds: 0,
      cut: false,
    };
    return { number: row.look, line: row.line, look, model: entry.model, isNewModel: entry.isNew };
  });

  const entries = [...chosen.values()];
  const newModels = entries.filter((e) => e.isNew).map((e) => e.model);
  const matchedModels = entries.filter((e) => !e.isNew).map((e) => e.model);
  const changes: Change[] = [
    ...existing.looks.map((look) => deleteChange('looks', look.id)),
    ...newModels.flatMap((model) => rowChanges('models', model)),
    ...matchedModels
      .filter((model) => stationChanged.has(model.id))
      .flatMap((model) => patchChanges('models', model.id, { station: model.station })),
    ...matchedModels
      .filter((model) => callTimeChanged.has(model.id))
      .flatMap((model) => patchChanges('models', model.id, { callTime: model.callTime })),
    ...looks.flatMap(({ look }) => rowChanges('looks', look)),
  ];

  return {
    looks,
    newModels,
    matchedModels,
    stationUpdates: stationChanged.size,
    replacedLooks: [...existing.looks],
    changes,
  };
}

function blankModel(id: ModelId, name: string): Model {
  return { id, name, agency: '', photo: '', notes: '', callTime: '', checkedInAt: 0, station: '' };
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const DELIMITER_NAMES = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab (cells pasted from a spreadsheet)',
} as const;

/**
 * The sentence the producer reads before importing, e.g. "8 looks, 2 new models,
 * 4 matched models; 5 existing looks will be replaced. Delimiter: semicolon."
 */
export function describeImport(preview: RunningOrderPreview, plan: ImportPlan): string {
  const replaced = plan.replacedLooks.length;
  const sentences = [
    `${count(plan.looks.length, 'look', 'looks')}, ` +
      `${count(plan.newModels.length, 'new model', 'new models')}, ` +
      `${count(plan.matchedModels.length, 'matched model', 'matched models')}; ` +
      (replaced === 0
        ? 'no existing looks to replace.'
        : `${count(replaced, 'existing look', 'existing looks')} will be replaced.`),
  ];
  if (plan.stationUpdates > 0) {
    sentences.push(
      `${count(plan.stationUpdates, 'matched model gets', 'matched models get')} a new station.`,
    );
  }
  if (preview.sheet !== undefined) sentences.push(`Sheet: "${preview.sheet}".`);
  if (preview.delimiter !== undefined) {
    sentences.push(`Delimiter: ${DELIMITER_NAMES[preview.delimiter]}.`);
  }
  if (preview.ignoredColumns.length > 0) {
    const names = preview.ignoredColumns.map((name) => `"${name}"`).join(', ');
    sentences.push(`Ignored columns: ${names}.`);
  }
  return sentences.join(' ');
}
