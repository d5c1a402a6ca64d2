import * as v from 'valibot';
import { fieldValueProblem, rowValueProblem } from '../../domain/entity-schemas';
import { decodeHlc, isHlc, type Hlc } from '../../domain/hlc';
import { SHOW_ID_PATTERN, SITE_ID_PATTERN, type ShowId, type SiteId } from '../../domain/ids';
import { isWritableField, type StoredRow } from '../../domain/merge';
import { MAX_PAGE_OPS, OP_HASH_BYTES } from '../../domain/signed-page';
import type { WirePage } from '../trust/pages';
import { ROLES, TABLES, type Role, type TableName } from '../../domain/model';
import {
  MAX_PREVIEW_OPS,
  MAX_VALUE_CHARS,
  type Json,
  type Op,
  type PendingOp,
  type VersionVector,
} from '../../domain/op';
import { signedStatementSchema, type SignedStatement } from '../trust/admission';

// The sync protocol: every message between two kiosks, told apart by `type`.
// Everything that arrives is checked here before anything else looks at it.

// Protocol 2: the join is a password-authenticated key exchange (hello, share,
// confirm: docs/trust.md), and every message after it travels sealed.
export const PROTOCOL_VERSION = 2;

/** A whole message, as JSON text length. A reliable data channel carries this in one piece. */
export const MAX_MESSAGE_CHARS = 1024 * 1024;
export const MAX_OPS_PER_MESSAGE = 2000;
export const MAX_ROWS_PER_MESSAGE = 5000;
export const MAX_SITES = 10_000;
const MAX_JSON_DEPTH = 32;
const MAX_KEY_CHARS = 200;
const MAX_FIELD_CHARS = 64;
/**
 * A message of the join, as JSON text: the most a link that has not joined may send.
 * Its fields have fixed lengths, so anything longer is not one of ours.
 */
export const MAX_JOIN_MESSAGE_CHARS = 2048;

/** `forged-site`: the peer's site id is not its key's, or it could not sign with that key. */
export type DeniedReason = 'wrong-passphrase' | 'other-show' | 'protocol' | 'forged-site';
export const DENIED_REASONS: readonly DeniedReason[] = [
  'wrong-passphrase',
  'other-show',
  'protocol',
  'forged-site',
];

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  showId: ShowId;
  siteId: SiteId;
  name: string;
  role: Role;
  /** 24 fresh random bytes (base64url): one half of this run's session id. Absent from an older kiosk's hello only if it is not protocol 2. */
  nonce: string;
  /** The kiosk's public signing key: its site id must be derived from it. Protocol 2 and later. */
  key?: { alg: string; key: string };
}
/** One side's CPace share, `Y = y·g` (32 bytes, base64url). */
export interface ShareMessage {
  type: 'share';
  y: string;
}
/** One side's confirmation tag (64 bytes) and its identity signature over the run's transcript. */
export interface ConfirmMessage {
  type: 'confirm';
  tag: string;
  signature: string;
}
export interface DeniedMessage {
  type: 'denied';
  reason: DeniedReason;
}
/**
 * Every message of a joined link, in this envelope: `body` is the inner message's
 * JSON text, exactly as sealed (link-auth.ts); `n` counts the messages in this
 * direction and `tag` authenticates both. The body is read only once the tag checks.
 */
export interface SealedMessage {
  type: 'sealed';
  n: number;
  tag: string;
  body: string;
}
export interface VersionsMessage {
  type: 'versions';
  versions: VersionVector;
  /** Set when this answers an ops or snapshot batch that asked for more. */
  ack?: number;
  /** Sites this kiosk is linked to: peers skip gossiping it what those sites push to it themselves. */
  peers?: SiteId[];
}
export interface OpsMessage {
  type: 'ops';
  ops: Op[];
  /** The sender has more for us after this batch. */
  more: boolean;
  /** Set on catch-up batches: answer with a `versions` carrying `ack: batch` once applied. Live pushes have none. */
  batch?: number;
  /** The authors' signed pages that cover these ops (trust/pages.ts), relayed unchanged. */
  pages?: WirePage[];
}
/**
 * Ops this kiosk is writing right now, sent before its own commit so that the others
 * paint a tap at once. Shown, never stored: the `ops` push after the commit is what
 * peers keep, so a kiosk that dies mid-write leaves nothing behind it.
 */
export interface PreviewMessage {
  type: 'preview';
  ops: PendingOp[];
}
export interface SnapshotMessage {
  type: 'snapshot';
  id: number;
  part: number;
  last: boolean;
  tables: Partial<Record<TableName, StoredRow[]>>;
  /** On the last part only: the versions the whole snapshot covers. */
  versions?: VersionVector;
  /** What proves each row field's winning write: its author's signed page (trust/pages.ts). */
  proofs?: SnapshotProofs;
}

/**
 * Proofs of a snapshot part's fields: `fields[table][i][field]` = `[seq, page]` for the
 * i-th row of that table in the part, `page` an index into `pages` (which carry their
 * hashes: the page's other ops are not at hand).
 */
export interface SnapshotProofs {
  pages: WirePage[];
  fields: Partial<Record<TableName, Array<Record<string, [number, number]>>>>;
}

/** The sender's log cannot catch us up: it offers a snapshot, sent only once asked for. */
export interface SnapshotOfferMessage {
  type: 'snapshot-offer';
  id: number;
}
/** The answer to an offer: send that snapshot (with each site's head op before it). */
export interface SnapshotAskMessage {
  type: 'snapshot-ask';
  id: number;
}

/**
 * Admission statements (trust/admission.ts) this kiosk holds: sent when a link opens
 * and whenever one is new here. Each is checked by the admission book, not trusted.
 */
export interface AdmissionsMessage {
  type: 'admissions';
  statements: SignedStatement[];
}
/** Statements per admissions message, at most (a show has tens). */
export const MAX_STATEMENTS_PER_MESSAGE = 256;

/** The messages of the join: all a link may carry before it is joined, each under MAX_JOIN_MESSAGE_CHARS. */
export type JoinMessage = HelloMessage | ShareMessage | ConfirmMessage | DeniedMessage;

/** What travels inside a sealed envelope once the link is joined. */
export type ShowMessage =
  | VersionsMessage
  | OpsMessage
  | PreviewMessage
  | SnapshotMessage
  | SnapshotOfferMessage
  | SnapshotAskMessage
  | AdmissionsMessage;

export type Message =
  | HelloMessage
  | ShareMessage
  | ConfirmMessage
  | DeniedMessage
  | SealedMessage
  | VersionsMessage
  | OpsMessage
  | PreviewMessage
  | SnapshotMessage
  | SnapshotOfferMessage
  | SnapshotAskMessage
  | AdmissionsMessage;

export type MessageType = Message['type'];

// ---- building blocks -------------------------------------------------------

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** base64url of `bytes` bytes, unpadded. */
const base64Of = (bytes: number) => new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`);
/** Names that would reach an object's prototype if used as a field. */
const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

const quote = (value: unknown): string =>
  typeof value === 'string' ? `'${value.slice(0, 60)}'` : String(value);

const siteId = v.pipe(
  v.string(),
  v.regex(SITE_ID_PATTERN, (issue) => `${quote(issue.input)} is not a site id`),
);
const counter = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number'),
  v.minValue(0, 'must not be negative'),
);
export const versionVector = v.pipe(
  v.record(siteId, counter),
  v.check((vv) => Object.keys(vv).length <= MAX_SITES, `has more than ${MAX_SITES} sites`),
);

/** Why `value` is not plain JSON of bounded depth, or undefined when it is. */
export function jsonProblem(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : 'is not a finite number';
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_FIELDS.has(key)) return `has a forbidden key ${quote(key)}`;
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return `is not JSON (${typeof value})`;
}

function valueProblem(value: unknown): string | undefined {
  const problem = jsonProblem(value);
  if (problem) return problem;
  const size = JSON.stringify(value).length;
  return size > MAX_VALUE_CHARS
    ? `is ${size} characters long, more than the ${MAX_VALUE_CHARS} allowed`
    : undefined;
}

const fieldProblem = (field: string): string | undefined =>
  !isWritableField(field) || FORBIDDEN_FIELDS.has(field)
    ? `${quote(field)} is not writable`
    : field.length > MAX_FIELD_CHARS
      ? `is longer than ${MAX_FIELD_CHARS} characters`
      : undefined;

const field = v.pipe(
  v.string(),
  v.check(
    (name) => fieldProblem(name) === undefined,
    (issue) => fieldProblem(String(issue.input)) ?? 'is not writable',
  ),
);
const rowKey = v.pipe(
  v.string(),
  v.minLength(1, 'is empty'),
  v.maxLength(MAX_KEY_CHARS, 'is too long'),
);
const hlc = v.custom<Hlc>(isHlc, (issue) => `${quote(issue.input)} is not a clock`);

const pendingEntries = {
  site: siteId,
  hlc,
  table: v.picklist(TABLES, (issue) => `${quote(issue.input)} is not a table`),
  key: rowKey,
  field,
  value: v.custom<Json>(
    (value) => valueProblem(value) === undefined,
    (issue) => valueProblem(issue.input) ?? 'is invalid',
  ),
};
// The clock ends in the site that wrote it: the tie-break between equal times relies on it.
const clockOfSite = <T extends { site: string; hlc: Hlc }>() =>
  v.check<T, string>((o) => decodeHlc(o.hlc).site === o.site, 'clock was not issued by its site');
// The value must fit its table's field (domain/entity-schemas.ts), not only be JSON.
const fitsItsField = <T extends { table: TableName; key: string; field: string; value: Json }>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { table, field, value } = dataset.value;
    const why = fieldValueProblem(table, field, value);
    if (why)
      addIssue({ message: `${table} ${quote(dataset.value.key)} field ${quote(field)} ${why}` });
  });

const op = v.pipe(
  v.object({
    ...pendingEntries,
    seq: v.pipe(
      v.number(),
      v.safeInteger('must be a positive integer'),
      v.minValue(1, 'must be a positive integer'),
    ),
  }),
  clockOfSite(),
  fitsItsField(),
);
const pendingOp = v.pipe(v.object(pendingEntries), clockOfSite(), fitsItsField());

const seqNumber = v.pipe(
  v.number(),
  v.safeInteger('must be a positive integer'),
  v.minValue(1, 'must be a positive integer'),
);
/** A signed page as it travels (trust/pages.ts): bounded, its signature checked later. */
const wirePage = v.pipe(
  v.strictObject({
    site: siteId,
    from: seqNumber,
    to: seqNumber,
    sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,200}$/, 'is not a signature')),
    hashes: v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[A-Za-z0-9_-]*$/, 'are not base64url'),
        v.maxLength(Math.ceil((MAX_PAGE_OPS * OP_HASH_BYTES * 4) / 3), 'are too many'),
      ),
    ),
    by: v.optional(siteId),
  }),
  v.check(
    (page) => page.from <= page.to && page.to - page.from < MAX_PAGE_OPS,
    `spans more than ${MAX_PAGE_OPS} seqs, or none`,
  ),
);

/** What is wrong with a stored row from outside (a peer's snapshot, a backup file): one rule, phrased by each reader. */
export type RowProblem =
  | { kind: 'not-an-object' }
  | { kind: 'no-id' }
  | { kind: 'no-clocks' }
  | { kind: 'unwritable'; field: string; why: string }
  | { kind: 'bad-clock'; field: string }
  | { kind: 'clock-without-value'; field: string }
  | { kind: 'value-without-clock'; field: string }
  | { kind: 'bad-value'; field: string; why: string };

/** Why `input` is not a stored row (`id`, `_clocks`, and one clocked value per field), or undefined. */
export function storedRowProblem(input: unknown): RowProblem | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { kind: 'not-an-object' };
  const row = input as Record<string, unknown>;
  if (typeof row.id !== 'string' || row.id === '' || row.id.length > MAX_KEY_CHARS)
    return { kind: 'no-id' };
  const clocks = row._clocks;
  if (typeof clocks !== 'object' || clocks === null || Array.isArray(clocks))
    return { kind: 'no-clocks' };
  for (const [name, clock] of Object.entries(clocks)) {
    const why = fieldProblem(name);
    if (why) return { kind: 'unwritable', field: name, why };
    if (!isHlc(clock)) return { kind: 'bad-clock', field: name };
    if (!Object.prototype.hasOwnProperty.call(row, name))
      return { kind: 'clock-without-value', field: name };
  }
  for (const name of Object.keys(row)) {
    if (name === 'id' || name === '_clocks') continue;
    if (!Object.prototype.hasOwnProperty.call(clocks, name))
      return { kind: 'value-without-clock', field: name };
    const why = valueProblem(row[name]);
    if (why) return { kind: 'bad-value', field: name, why };
  }
  return undefined;
}

/** A row problem as the sync log says it. */
function rowProblem(input: unknown): string | undefined {
  const problem = storedRowProblem(input);
  if (!problem) return undefined;
  switch (problem.kind) {
    case 'not-an-object':
      return 'is not an object';
    case 'no-id':
      return 'has no valid id';
    case 'no-clocks':
      return 'has no field clocks';
    case 'unwritable':
      return `field ${problem.why}`;
    case 'bad-clock':
      return `field ${quote(problem.field)} has no valid clock`;
    case 'clock-without-value':
      return `field ${quote(problem.field)} has a clock but no value`;
    case 'value-without-clock':
      return `field ${quote(problem.field)} has no clock`;
    case 'bad-value':
      return `field ${quote(problem.field)} ${problem.why}`;
  }
}

const row = v.custom<StoredRow>(
  (input) => rowProblem(input) === undefined,
  (issue) => rowProblem(issue.input) ?? 'is not a row',
);

/** The first row of `tables` whose values do not fit its table's fields, if any. */
function firstMisfit(tables: Partial<Record<TableName, StoredRow[]>>) {
  for (const [table, rows = []] of Object.entries(tables) as [TableName, StoredRow[]][]) {
    for (const [index, item] of rows.entries()) {
      const problem = rowValueProblem(table, item);
      if (problem) return { table, rows, index, item, problem };
    }
  }
  return undefined;
}

/** A snapshot's tables, `{table: rows}`: the one schema for a peer's snapshot message and a backup file. */
const snapshotTables = v.pipe(
  v.record(
    v.picklist(TABLES, (issue) => `${quote(issue.input)} is not a table`),
    v.array(row),
  ),
  // Each row whole: every value must fit its table's field (domain/entity-schemas.ts).
  v.rawCheck(({ dataset, addIssue }) => {
    const misfit = dataset.typed ? firstMisfit(dataset.value) : undefined;
    if (!misfit) return;
    const { table, rows, index, item, problem } = misfit;
    addIssue({
      message: `field ${quote(problem.field)} ${problem.why}`,
      path: [
        {
          type: 'object',
          origin: 'value',
          input: dataset.value as Record<string, unknown>,
          key: table,
          value: rows,
        },
        { type: 'array', origin: 'value', input: rows, key: index, value: item },
      ],
    });
  }),
);

/** What is wrong with a snapshot's tables from outside; each reader phrases it. */
export type TablesProblem =
  | { kind: 'not-tables' }
  | { kind: 'unknown-table'; table: string }
  | { kind: 'not-a-list'; table: string }
  | { kind: 'bad-row'; table: string; index: number; problem: RowProblem };

/** Check a snapshot's tables (from a backup file) by the schema of sync's snapshots. Never throws. */
export function parseSnapshotTables(
  input: unknown,
):
  | { ok: true; tables: Partial<Record<TableName, StoredRow[]>> }
  | { ok: false; problem: TablesProblem } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problem: { kind: 'not-tables' } };
  // valibot's record skips these keys without a word; a file holding one is refused whole.
  const skipped = Object.keys(input).find((key) => FORBIDDEN_FIELDS.has(key));
  if (skipped !== undefined)
    return { ok: false, problem: { kind: 'unknown-table', table: skipped } };
  const result = v.safeParse(snapshotTables, input, { abortEarly: true });
  if (result.success) return { ok: true, tables: result.output };
  const [table, item] = (result.issues[0].path ?? []) as Array<{
    key: unknown;
    value: unknown;
    origin?: string;
  }>;
  const name = String(table?.key);
  if (table?.origin === 'key')
    return { ok: false, problem: { kind: 'unknown-table', table: name } };
  if (!item) return { ok: false, problem: { kind: 'not-a-list', table: name } };
  const misfit = rowValueProblem(name as TableName, (item.value ?? {}) as Record<string, unknown>);
  const problem: RowProblem =
    storedRowProblem(item.value) ??
    (misfit ? { kind: 'bad-value', ...misfit } : { kind: 'not-an-object' });
  return { ok: false, problem: { kind: 'bad-row', table: name, index: Number(item.key), problem } };
}

// ---- messages --------------------------------------------------------------

// Join messages are strict (an unknown key refuses the message) and every field is
// bounded, so what a link that has not joined can make this kiosk read stays small.
const joinSchemas = {
  hello: v.strictObject({
    type: v.literal('hello'),
    protocol: v.pipe(
      v.number(),
      v.safeInteger('must be a whole number'),
      v.minValue(1, 'must be positive'),
    ),
    showId: v.pipe(
      v.string(),
      v.regex(SHOW_ID_PATTERN, (issue) => `${quote(issue.input)} is not a show code`),
    ),
    siteId,
    name: v.pipe(v.string(), v.maxLength(80, 'is longer than 80 characters')),
    role: v.picklist(ROLES, (issue) => `${quote(issue.input)} is not a kiosk role`),
    nonce: v.pipe(v.string(), v.regex(TOKEN_PATTERN, 'is not a challenge')),
    key: v.optional(
      v.strictObject({
        alg: v.pipe(v.string(), v.maxLength(16, 'is not a key algorithm')),
        key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, 'is not a public key')),
      }),
    ),
  }),
  share: v.strictObject({
    type: v.literal('share'),
    y: v.pipe(v.string(), v.regex(base64Of(32), 'is not a share')),
  }),
  confirm: v.strictObject({
    type: v.literal('confirm'),
    tag: v.pipe(v.string(), v.regex(base64Of(64), 'is not a confirmation tag')),
    signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,200}$/, 'is not a signature')),
  }),
  denied: v.strictObject({
    type: v.literal('denied'),
    reason: v.picklist(DENIED_REASONS, (issue) => `${quote(issue.input)} is not a reason`),
  }),
} satisfies Record<JoinMessage['type'], v.GenericSchema>;

const sealedSchema = v.strictObject({
  type: v.literal('sealed'),
  n: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1, 'must be positive')),
  tag: v.pipe(v.string(), v.maxLength(64, 'is not a tag')),
  body: v.pipe(
    v.string(),
    v.maxLength(MAX_MESSAGE_CHARS, `is longer than the ${MAX_MESSAGE_CHARS} characters allowed`),
  ),
});

const showSchemas = {
  versions: v.object({
    type: v.literal('versions'),
    versions: versionVector,
    ack: v.optional(counter),
    peers: v.optional(v.pipe(v.array(siteId), v.maxLength(256, 'lists more than 256 peers'))),
  }),
  ops: v.object({
    type: v.literal('ops'),
    ops: v.pipe(
      v.array(op),
      v.maxLength(MAX_OPS_PER_MESSAGE, `holds more than ${MAX_OPS_PER_MESSAGE} ops`),
    ),
    more: v.boolean(),
    batch: v.optional(counter),
    pages: v.optional(
      v.pipe(
        v.array(wirePage),
        v.maxLength(MAX_OPS_PER_MESSAGE, `holds more than ${MAX_OPS_PER_MESSAGE} pages`),
      ),
    ),
  }),
  preview: v.object({
    type: v.literal('preview'),
    ops: v.pipe(
      v.array(pendingOp),
      v.maxLength(MAX_PREVIEW_OPS, `holds more than ${MAX_PREVIEW_OPS} ops`),
    ),
  }),
  snapshot: v.pipe(
    v.object({
      type: v.literal('snapshot'),
      id: counter,
      part: counter,
      last: v.boolean(),
      tables: v.pipe(
        snapshotTables,
        v.check(
          (tables) =>
            Object.values(tables).reduce((n, rows) => n + (rows?.length ?? 0), 0) <=
            MAX_ROWS_PER_MESSAGE,
          `hold more than ${MAX_ROWS_PER_MESSAGE} rows`,
        ),
      ),
      versions: v.optional(versionVector),
      proofs: v.optional(
        v.object({
          pages: v.pipe(
            v.array(wirePage),
            v.maxLength(MAX_ROWS_PER_MESSAGE, `hold more than ${MAX_ROWS_PER_MESSAGE} pages`),
          ),
          fields: v.record(
            v.picklist(TABLES, (issue) => `${quote(issue.input)} is not a table`),
            v.pipe(
              v.array(v.record(v.string(), v.tuple([seqNumber, counter]))),
              v.maxLength(MAX_ROWS_PER_MESSAGE, `hold more than ${MAX_ROWS_PER_MESSAGE} rows`),
            ),
          ),
        }),
      ),
    }),
    v.check((s) => !s.last || s.versions !== undefined, 'last part carries no versions'),
  ),
  'snapshot-offer': v.object({ type: v.literal('snapshot-offer'), id: counter }),
  'snapshot-ask': v.object({ type: v.literal('snapshot-ask'), id: counter }),
  admissions: v.object({
    type: v.literal('admissions'),
    statements: v.pipe(
      v.array(signedStatementSchema),
      v.maxLength(
        MAX_STATEMENTS_PER_MESSAGE,
        `holds more than ${MAX_STATEMENTS_PER_MESSAGE} statements`,
      ),
    ),
  }),
} satisfies Record<ShowMessage['type'], v.GenericSchema>;

const schemas = { ...joinSchemas, ...showSchemas, sealed: sealedSchema } satisfies Record<
  MessageType,
  v.GenericSchema
>;

const isMessageType = (type: unknown): type is MessageType =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(schemas, type);

// ---- parsing ---------------------------------------------------------------

export type ParseResult<M extends Message = Message> =
  { ok: true; message: M } | { ok: false; reason: string; type?: MessageType };

/** Say where an issue is in words a producer can read: "op 3: field 'id' is not writable". */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []) as Array<{ key: unknown; origin?: string }>;
  // A key absent from the message (or undefined, which JSON would have dropped).
  const isMissing = issue.kind === 'schema' && issue.input === undefined;
  // A bad record key: the message already quotes it.
  const keys = (path.at(-1)?.origin === 'key' && !isMissing ? path.slice(0, -1) : path).map(
    (item) => item.key,
  );
  let where = '';
  let rest = keys;
  if (keys[0] === 'ops' && typeof keys[1] === 'number')
    [where, rest] = [`op ${keys[1]}`, keys.slice(2)];
  else if (keys[0] === 'pages' && typeof keys[1] === 'number')
    [where, rest] = [`page ${keys[1]}`, keys.slice(2)];
  else if (keys[0] === 'tables' && keys.length >= 3)
    [where, rest] = [`${String(keys[1])} row ${String(keys[2])}`, keys.slice(3)];
  else if ((keys[0] === 'versions' || keys[0] === 'peers') && keys.length >= 2)
    [where, rest] = [String(keys[0]), keys.slice(1)];
  const name = rest.map(String).join('.');
  const what = isMissing
    ? 'is missing'
    : issue.message.startsWith('Invalid ')
      ? `must be ${issue.expected ?? 'something else'} (got ${issue.received})`
      : issue.message;
  const said = name ? `${name} ${what}` : what;
  return where ? `${where}: ${said}` : said;
}

/** Text and its length, or why it is refused: size first, before any parse. */
function readJson(
  raw: unknown,
  limit: number,
): { ok: true; input: unknown } | { ok: false; reason: string } {
  let input = raw;
  let size: number;
  try {
    if (typeof raw === 'string') {
      size = raw.length;
      if (size <= limit) input = JSON.parse(raw);
    } else {
      const text = JSON.stringify(raw);
      if (text === undefined) return { ok: false, reason: 'is not a JSON value' };
      size = text.length;
    }
  } catch {
    return { ok: false, reason: 'is not JSON' };
  }
  if (size > limit)
    return { ok: false, reason: `is ${size} characters long, more than the ${limit} allowed` };
  return { ok: true, input };
}

function parseAs<M extends Message>(
  input: unknown,
  accepted: Partial<Record<MessageType, v.GenericSchema>>,
  refusal: (type: MessageType) => string,
): ParseResult<M> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: 'is not an object' };
  }
  const type = (input as { type?: unknown }).type;
  if (!isMessageType(type)) return { ok: false, reason: `has an unknown type ${quote(type)}` };
  const schema = accepted[type];
  if (!schema) return { ok: false, type, reason: refusal(type) };
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (!result.success) {
    const [issue] = result.issues;
    return { ok: false, type, reason: issue ? describeIssue(issue) : 'is invalid' };
  }
  // The schemas check every branded string (site ids, clocks, tables), so the cast is earned.
  return { ok: true, message: result.output as M };
}

const wireSchemas = { ...joinSchemas, sealed: sealedSchema };

/**
 * Check a raw message as it arrives on a link: one of the join, or a sealed envelope.
 * Nothing else travels bare, so nothing else is parsed. Cheap and bounded whoever
 * sent it: the type is read first, join messages are strict objects of bounded
 * fields, and a sealed body stays text until its tag is checked. Never throws.
 */
export function parseWireMessage(raw: unknown): ParseResult<JoinMessage | SealedMessage> {
  if (typeof raw === 'string') {
    const read = readJson(raw, MAX_MESSAGE_CHARS + MAX_JOIN_MESSAGE_CHARS);
    if (!read.ok) return read;
    raw = read.input;
  }
  return parseAs(raw, wireSchemas, () => 'travels only sealed');
}

/**
 * Check the body of a sealed envelope, once its tag checked: a show message, fully
 * (size, then shape, deeply). Never throws.
 */
export function parseShowMessage(text: string): ParseResult<ShowMessage> {
  const read = readJson(text, MAX_MESSAGE_CHARS);
  if (!read.ok) return read;
  return parseAs(read.input, showSchemas, () => 'cannot travel sealed');
}

/**
 * Check any message, whatever the link's state (tests, tools): size first (cheap to
 * refuse a flood), then its shape, deeply. Never throws.
 */
export function parseMessage(raw: unknown): ParseResult {
  const read = readJson(raw, MAX_MESSAGE_CHARS);
  if (!read.ok) return read;
  return parseAs(read.input, schemas, () => 'is invalid');
}

const opList = v.pipe(v.array(op), v.maxLength(MAX_OPS_PER_MESSAGE * 10));

/** Check ops handed over by another window (windows/outbox.ts): same rules as from a peer. */
export function parseOps(raw: unknown): Op[] | undefined {
  const result = v.safeParse(opList, raw, { abortEarly: true });
  return result.success ? (result.output as Op[]) : undefined;
}

const pendingList = v.pipe(v.array(pendingOp), v.maxLength(MAX_PREVIEW_OPS));

/** Check previews handed over by another window (windows/outbox.ts): as a preview from a peer. */
export function parsePendingOps(raw: unknown): PendingOp[] | undefined {
  const result = v.safeParse(pendingList, raw, { abortEarly: true });
  return result.success ? (result.output as PendingOp[]) : undefined;
}
