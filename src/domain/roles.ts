import type { SiteId } from './ids';
import { LOOK_STEPS, MODEL_STEPS, ROLES, type CallKind, type Role, type TableName } from './model';
import { DELETED, type Json } from './op';

// Who may write what: the one allow-list every kiosk checks an op against, by its
// author's role, before it is applied (the sync engine's door) and before this kiosk
// writes (the kiosk's write path). Derived from what each role's screen writes, so an
// honest kiosk never writes outside its role: an op refused by the others would hold
// up every later op of its author.
//
// The producer writes everything. Every other role writes only the fields listed here.

/** One write as the policy sees it: a field of a row, its new value. */
export interface RoleWrite {
  table: TableName;
  key: string;
  field: string;
  value: Json;
}

/** How one table's fields may be written by a role. */
interface TableRule {
  /** The fields it may write (the tombstone `_deleted` only if listed). */
  fields: readonly string[];
  /** Only the row keyed by the author's own site (its roster row). */
  isOwnRowOnly?: boolean;
  /** Fields whose value is restricted too: the values allowed. */
  values?: Readonly<Record<string, readonly Json[]>>;
}

type RoleRules = Partial<Record<TableName, TableRule>>;

const STEPS: readonly string[] = [...MODEL_STEPS, ...LOOK_STEPS];

const CALL_FIELDS = [
  'kind',
  'text',
  'target',
  'priority',
  'issuedAt',
  'issuedBy',
  'acknowledgedAt',
  'acknowledgedBy',
  'clearedAt',
];

/** Calls issued, acknowledged or cleared; only of `kinds`. */
const callsOf = (kinds: readonly CallKind[]): TableRule => ({
  fields: CALL_FIELDS,
  values: { kind: kinds },
});

/** What every role may write: its own roster row, and a shout-out for the wall's corner (hiding one is the producer's). */
const EVERY_ROLE: RoleRules = {
  kiosks: { fields: ['name', 'role', 'lastSeen'], isOwnRowOnly: true },
  shoutOuts: { fields: ['text', 'emoji', 'photoId', 'at', 'by'] },
};

/** A photo of a model's face or a look's fitting, taken on a tablet. */
const PHOTO: TableRule = { fields: ['photo'] };

export const ROLE_RULES: Readonly<Record<Exclude<Role, 'producer'>, RoleRules>> = {
  wall: { ...EVERY_ROLE },
  curtain: {
    ...EVERY_ROLE,
    // GO: the cue, the run it starts (and the show's phase with it), holds, the end of a run.
    cues: { fields: ['runId', 'lookId', 'goAt', 'by'] },
    runs: { fields: ['kind', 'startedAt', 'endedAt', 'holds'] },
    shows: { fields: ['phase'] },
    // A GO marks the look walked; a new run starts with nobody out or at the line-up.
    progress: { fields: ['walked', 'lineup'] },
    // Line-up calls from the curtain, and the automatic calls (any kind).
    calls: { fields: [...CALL_FIELDS, 'rule', 'expiresAt'] },
  },
  makeup: {
    ...EVERY_ROLE,
    progress: { fields: STEPS },
    // Touch-up requests (and done), acknowledging calls.
    calls: callsOf(['touch-up']),
    // "Seen" on a last-minute change, for the tablet's desk.
    lookChanges: { fields: ['ackDresser', 'ackHair', 'ackMakeup'] },
    models: PHOTO,
    looks: PHOTO,
  },
  content: {
    ...EVERY_ROLE,
    shotMarks: { fields: ['at', 'by'] },
    // Photo calls (and clearing them), acknowledging calls.
    calls: callsOf(['photo']),
  },
};

/**
 * Why `author`, of `role`, may not make this write, or undefined when it may. The
 * reason names the role and the field: "a makeup kiosk may not write the outfit of looks".
 */
export function roleRefusal(role: Role, write: RoleWrite, author: SiteId): string | undefined {
  if (role === 'producer') return undefined;
  const rules = ROLE_RULES[role] as RoleRules | undefined;
  if (!rules) return `an unknown role may not write`;
  const rule = rules[write.table];
  const what =
    write.field === DELETED
      ? `delete ${write.table}`
      : `write the ${write.field} of ${write.table}`;
  const who = `a ${role} kiosk`;
  if (!rule || !rule.fields.includes(write.field)) return `${who} may not ${what}`;
  if (rule.isOwnRowOnly && write.key !== author) return `${who} may ${what} of its own row only`;
  const allowed = rule.values?.[write.field];
  if (allowed && !allowed.includes(write.value))
    return `${who} may not ${what} as ${JSON.stringify(write.value)}`;
  return undefined;
}

export const mayWrite = (role: Role, write: RoleWrite, author: SiteId): boolean =>
  roleRefusal(role, write, author) === undefined;

/**
 * Changes that a role may make, whole rows at a time: a row with any field refused is
 * left out altogether (a call with half its fields would be worse than none).
 */
export function withinRole<W extends RoleWrite>(
  role: Role,
  writes: readonly W[],
  author: SiteId,
): W[] {
  const refusedRows = new Set(
    writes.filter((w) => !mayWrite(role, w, author)).map((w) => `${w.table}\u0000${w.key}`),
  );
  return writes.filter((w) => !refusedRows.has(`${w.table}\u0000${w.key}`));
}

/** Every role and what it may write, for the documentation's table (docs/trust.md "Roles"). */
export function roleTable(): Array<{ role: Role; writes: string[] }> {
  return ROLES.map((role) => {
    if (role === 'producer') return { role, writes: ['everything'] };
    const rules = ROLE_RULES[role] as RoleRules;
    return {
      role,
      writes: Object.entries(rules).map(([table, rule]) => {
        const values = Object.entries(rule.values ?? {})
          .map(([field, allowed]) => ` (${field}: ${allowed.join(', ')})`)
          .join('');
        const own = rule.isOwnRowOnly ? ' (its own row)' : '';
        return `${table}: ${rule.fields.join(', ')}${own}${values}`;
      }),
    };
  });
}
