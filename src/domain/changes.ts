import { DELETED, type Change, type Json } from './op';
import type { Entities, TableName } from './model';

/** The changes that write every field of `entity` (a create, or a full overwrite). */
export function rowChanges<T extends TableName>(table: T, entity: Entities[T]): Change[] {
  const key = entity.id;
  return Object.entries(entity)
    .filter(([field, value]) => field !== 'id' && value !== undefined)
    .map(([field, value]) => ({ table, key, field, value: value as Json }));
}

/** The changes that write only the given fields of one row. */
export function patchChanges<T extends TableName>(
  table: T,
  key: string,
  patch: Partial<Omit<Entities[T], 'id'>>,
): Change[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => ({ table, key, field, value: value as Json }));
}

/** A delete is a tombstone field, so a concurrent edit cannot resurrect half a row. */
export const deleteChange = (table: TableName, key: string): Change => ({
  table,
  key,
  field: DELETED,
  value: true,
});
