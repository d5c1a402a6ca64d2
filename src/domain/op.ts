import type { Hlc } from './hlc';
import type { SiteId } from './ids';
import type { StoredRow } from './merge';
import type { TableName } from './model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---- limits: what a kiosk writes and what it accepts from others alike ----

/** One field value (a model's polaroid is the biggest thing we store: a small data: URL). */
export const MAX_VALUE_CHARS = 256 * 1024;
/** A preview is one tap or edit, not a batch: bigger writes go out only as ops. */
export const MAX_PREVIEW_OPS = 50;
/**
 * How long a preview may stand without its op: its writer stores it within
 * milliseconds, so by then the writer died mid-write. Screens read the rows back;
 * the engine no longer lets the op wait for having been previewed.
 */
export const PREVIEW_TIMEOUT_MS = 5_000;

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
