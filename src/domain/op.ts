import type { Hlc } from './hlc';
import type { SiteId } from './ids';
import type { StoredRow } from './merge';
import type { TableName } from './model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The tombstone field: a delete is an ordinary write of `true` to it, so it merges like any field. */
export const DELETED = '_deleted';

/**
 * One change to one field of one row: the only thing sync has to carry.
 * `site` + `seq` name it uniquely (seq counts up from 1 per site, without gaps).
 */
export interface Op {
  site: SiteId;
  seq: number;
  hlc: Hlc;
  table: TableName;
  key: string;
  field: string;
  value: Json;
}

/**
 * An op about to be written: its site and clock, not yet its seq (the store gives
 * that in the write's transaction). Peers are shown these at once and store the op
 * itself once its writer has stored it.
 */
export type PendingOp = Omit<Op, 'seq'>;

/** A change before it has a site, seq and clock: what the app asks the store to write. */
export interface Change {
  table: TableName;
  key: string;
  field: string;
  value: Json;
}

/** `{site: highest seq held without gaps}`: what a kiosk has, in a few bytes. */
export type VersionVector = Record<string, number>;

/** Every row with its field clocks, and the version they cover: what catches up a kiosk too far behind for ops. */
export interface Snapshot {
  versions: VersionVector;
  tables: Record<string, StoredRow[]>;
}
