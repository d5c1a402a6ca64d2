import { composeCall } from './calls';
import { heldBetween, type Position } from './cues';
import type { CallId, LookId, ModelId, RunId } from './ids';
import type { Call, CallKind, CallPriority, CallTarget, Cue, Model, Run, Show } from './model';
import {
  plannedSecondsUntil,
  secondsAfter,
  type NumberedLook,
  type QuickChange,
} from './running-order';
import { clockTime, curtainAt, formatDuration, showTimeAt } from './show-time';

// Calls that make themselves: what a stage manager says by voice at the right moment,
// as pure rules over the show, its cue log and the time. Every kiosk runs them; a call
// has the same id, text and issue time wherever it is made (rule + subject + run), so
// copies made by several kiosks at once, or by one that was offline, merge into one.

export type RuleName = 'lineup' | 'curtain' | 'briefing' | 'quick-change' | 'touch-up';

export const RULE_LABELS: Record<RuleName, string> = {
  lineup: 'Line-up calls',
  curtain: 'Curtain warnings',
  briefing: 'Briefing warnings',
  'quick-change': 'Quick-change alerts',
  'touch-up': 'Touch-up reminders',
};

/** A call a rule wants, with when it is due. Written as a call row when due. */
export interface AutoCall {
  id: CallId;
  rule: RuleName;
  /** The run (or curtain/briefing time) it belongs to: silencing is per scope. */
  scope: string;
  dueAt: number;
  /** `dueAt` is a forecast (the GO it follows has not happened): shown as due next, never issued. */
  isEstimated: boolean;
  /** Cleared at this show time if nobody cleared it before. */
  expiresAt: number;
  kind: CallKind;
  text: string;
  target: CallTarget;
  priority: CallPriority;
}

export interface RuleInput {
  show: Show;
  /** The walking order. */
  order: readonly NumberedLook[];
  cues: readonly Cue[];
  run: Run | undefined;
  position: Position;
  quickChanges: readonly QuickChange[];
  modelsById: ReadonlyMap<ModelId, Model>;
  now: number;
}

/** A call is not issued more than this late (a kiosk back from hours offline stays quiet). */
export const STALE_MS = 120_000;
const LINEUP_EXPIRES_MS = 10 * 60_000;
const TOUCH_UP_EXPIRES_MS = 10 * 60_000;

const safe = (part: string): string => part.replace(/[^A-Za-z0-9_-]/g, '_');
export const autoCallId = (rule: RuleName, scope: string, subject: string): CallId =>
  `c-auto-${rule}-${safe(scope)}-${safe(subject)}` as CallId;

export const silenceKey = (rule: RuleName, scope: string): string => `${rule}@${scope}`;
export const isSilenced = (
  show: Pick<Show, 'autoSilenced'>,
  rule: RuleName,
  scope: string,
): boolean =>
  Array.isArray(show.autoSilenced) && show.autoSilenced.includes(silenceKey(rule, scope));

const nameOf = (input: RuleInput, modelId: ModelId): string =>
  input.modelsById.get(modelId)?.name.trim() || 'A model';

/** Whole minutes, 1–240, each once, largest first: the show row may hold anything. */
export function warningMinutes(show: Pick<Show, 'warningMinutes'>): number[] {
  const minutes = Array.isArray(show.warningMinutes) ? show.warningMinutes : [];
  const valid = minutes.filter((m): m is number => Number.isInteger(m) && m >= 1 && m <= 240);
  return [...new Set(valid)].sort((a, b) => b - a);
}

const clampLooks = (n: number, fallback: number): number =>
  Number.isInteger(n) && n >= 1 && n <= 50 ? n : fallback;

/**
 * When each walking look is expected to go, by index: its GO if it went in this run,
 * else paced from the last GO (or from the run's start / the curtain), holds included.
 */
export function expectedGoTimes(input: RuleInput): { at: number; isEstimated: boolean }[] {
  const { show, order, cues, run, position, now } = input;
  const goOf = new Map<LookId, number>();
  if (run)
    for (const cue of cues)
      if (cue.runId === run.id && cue.goAt > 0) goOf.set(cue.lookId, cue.goAt);
  const curtain = curtainAt(show);
  let base: number;
  if (position.now) {
    const due = position.nowGoAt + secondsAfter(show, position.now.look) * 1000;
    base = Math.max(now, due + heldBetween(run, position.nowGoAt, Infinity, now));
  } else base = Math.max(now, run?.startedAt ?? curtain ?? now);
  return order.map((entry, index) => {
    const went = goOf.get(entry.look.id);
    if (went !== undefined) return { at: went, isEstimated: false };
    const at =
      base +
      plannedSecondsUntil(show, order, position.nextIndex, Math.max(index, position.nextIndex)) *
        1000;
    return { at, isEstimated: true };
  });
}

function lineupCalls(
  input: RuleInput,
  goTimes: readonly { at: number; isEstimated: boolean }[],
): AutoCall[] {
  const { show, order, run, position } = input;
  if (!show.autoLineup || !run) return [];
  const before = clampLooks(show.lineupLooksBefore, 6);
  const calls: AutoCall[] = [];
  // Looks already gone or walking need no call; the first `before` looks are the
  // opening line-up, called by the curtain before the first GO.
  for (let index = Math.max(before, position.nextIndex); index < order.length; index++) {
    const entry = order[index] as NumberedLook;
    const { at: dueAt, isEstimated } = goTimes[index - before] as {
      at: number;
      isEstimated: boolean;
    };
    const template = composeCall({ kind: 'lineup', from: entry.number, to: entry.number });
    calls.push({
      id: autoCallId('lineup', run.id, entry.look.id),
      rule: 'lineup',
      scope: run.id,
      dueAt,
      isEstimated,
      expiresAt: dueAt + LINEUP_EXPIRES_MS,
      ...template,
      text: `Look ${entry.number} to the line-up — ${nameOf(input, entry.look.modelId)}`,
    });
  }
  return calls;
}

function timeWarnings(input: RuleInput, rule: 'curtain' | 'briefing'): AutoCall[] {
  const { show, run } = input;
  const isOn = rule === 'curtain' ? show.autoCurtainWarnings : show.autoBriefingWarnings;
  const target = rule === 'curtain' ? curtainAt(show) : showTimeAt(show.date, show.briefingTime);
  // Curtain warnings stop once the live run has started: the curtain is up.
  if (!isOn || target === undefined || show.phase === 'finished') return [];
  if (rule === 'curtain' && run?.kind === 'live') return [];
  const minutes = warningMinutes(show);
  const scope = `${rule}-${target}`;
  return minutes.map((m, i): AutoCall => {
    const dueAt = target - m * 60_000;
    const next = minutes[i + 1];
    const place = rule === 'curtain' ? 'Curtain' : 'Briefing';
    return {
      id: autoCallId(rule, scope, `${m}min`),
      rule,
      scope,
      dueAt,
      isEstimated: false,
      // Replaced by the next warning, the last one by the event itself.
      expiresAt: next !== undefined ? target - next * 60_000 : target,
      kind: rule === 'curtain' ? 'curtain' : 'briefing',
      text: `${place} in ${m} min (${clockTime(target)}) — everyone`,
      target: { kind: 'everyone' },
      priority: m <= 5 ? 'urgent' : 'normal',
    };
  });
}

function offStageCalls(
  input: RuleInput,
  goTimes: readonly { at: number; isEstimated: boolean }[],
): AutoCall[] {
  const { show, order, run, position, quickChanges } = input;
  if (!run || (!show.autoQuickChange && !show.autoTouchUp)) return [];
  const calls: AutoCall[] = [];
  const indexOf = new Map(order.map((entry, index) => [entry.look.id, index]));
  // The model comes off stage as her look's GO passes: from then until her next GO.
  const pairs = new Map<LookId, { from: NumberedLook; to: NumberedLook }>();
  for (const entry of order) {
    const next = order.find(
      (later) => later.number > entry.number && later.look.modelId === entry.look.modelId,
    );
    if (next) pairs.set(entry.look.id, { from: entry, to: next });
  }
  const quick = new Set(quickChanges.map((change) => change.from.look.id));
  for (const { from, to } of pairs.values()) {
    const fromIndex = indexOf.get(from.look.id) as number;
    const toIndex = indexOf.get(to.look.id) as number;
    if (toIndex < position.nextIndex) continue; // she is already back out
    const { at: dueAt, isEstimated } = goTimes[fromIndex] as { at: number; isEstimated: boolean };
    const nextGo = (goTimes[toIndex] as { at: number }).at;
    const name = nameOf(input, from.look.modelId);
    const left = formatDuration(Math.max(0, nextGo - dueAt));
    if (show.autoQuickChange && quick.has(from.look.id)) {
      const dresser = to.look.dresser.trim();
      calls.push({
        id: autoCallId('quick-change', run.id, from.look.id),
        rule: 'quick-change',
        scope: run.id,
        dueAt,
        isEstimated,
        expiresAt: nextGo + 60_000,
        kind: 'quick-change',
        text: `Quick change: ${name} into look ${to.number}${dresser ? ` — dresser ${dresser}` : ''}, ${left} until her GO (${clockTime(nextGo)})`,
        target: { kind: 'looks', from: to.number, to: to.number },
        priority: 'urgent',
      });
    }
    const within = clampLooks(show.touchUpLooks, 3);
    if (show.autoTouchUp && toIndex - fromIndex <= within) {
      calls.push({
        id: autoCallId('touch-up', run.id, from.look.id),
        rule: 'touch-up',
        scope: run.id,
        dueAt,
        isEstimated,
        expiresAt: Math.max(nextGo, dueAt + TOUCH_UP_EXPIRES_MS),
        kind: 'touch-up',
        text: `Touch-up: ${name} before look ${to.number} — ${toIndex - fromIndex} looks, ${left}`,
        target: { kind: 'models', modelIds: [from.look.modelId] },
        priority: 'normal',
      });
    }
  }
  return calls;
}

/** Every call the switched-on rules plan for now, past and future, silenced rules left out, by due time. */
export function plannedAutoCalls(input: RuleInput): AutoCall[] {
  const goTimes = expectedGoTimes(input);
  return [
    ...lineupCalls(input, goTimes),
    ...timeWarnings(input, 'curtain'),
    ...timeWarnings(input, 'briefing'),
    ...offStageCalls(input, goTimes),
  ]
    .filter((call) => !isSilenced(input.show, call.rule, call.scope))
    .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
}

/**
 * The planned calls to write now: due (by this kiosk's turn: `delayMs` after the due
 * time, so that usually one kiosk writes and the others find it), not stale, not
 * expired, and not already among the calls (by id: issued here, on a peer, or before
 * a reload).
 */
export function callsToIssue(
  planned: readonly AutoCall[],
  existing: ReadonlySet<string>,
  now: number,
  delayMs = 0,
): AutoCall[] {
  return planned.filter(
    (call) =>
      !existing.has(call.id) &&
      !call.isEstimated &&
      now >= call.dueAt + delayMs &&
      now - call.dueAt <= STALE_MS &&
      now < call.expiresAt,
  );
}

/** The next few calls the rules will make, soonest first. */
export const dueNext = (
  planned: readonly AutoCall[],
  existing: ReadonlySet<string>,
  now: number,
  count = 3,
): AutoCall[] =>
  planned.filter((call) => call.dueAt > now && !existing.has(call.id)).slice(0, count);

/**
 * The call row an automatic call becomes. Its issue time is its due time, not when
 * this kiosk wrote it, so every copy is the same call; acknowledgement and clearing
 * are left out, so a late copy never reopens a call someone already dealt with.
 */
export function autoCallRow(
  call: AutoCall,
  site: string,
): Omit<Call, 'acknowledgedAt' | 'acknowledgedBy' | 'clearedAt'> {
  return {
    id: call.id,
    kind: call.kind,
    text: call.text,
    target: call.target,
    priority: call.priority,
    issuedAt: call.dueAt,
    issuedBy: site as Call['issuedBy'],
    rule: call.rule,
    expiresAt: call.expiresAt,
  };
}

/** Active calls past their expiry: cleared at exactly their expiry time (every kiosk writes the same). */
export const expiredCalls = (calls: readonly Call[], now: number): Call[] =>
  calls.filter(
    (call) =>
      call.clearedAt === 0 &&
      call.issuedAt > 0 &&
      (call.expiresAt ?? 0) > 0 &&
      now >= (call.expiresAt ?? 0),
  );

/** The scope a rule is silenced in now: the run for run rules, the curtain/briefing time for warnings. */
export function currentScope(
  rule: RuleName,
  show: Show,
  run: Pick<Run, 'id'> | undefined,
): string | undefined {
  if (rule === 'curtain') {
    const at = curtainAt(show);
    return at === undefined ? undefined : `curtain-${at}`;
  }
  if (rule === 'briefing') {
    const at = showTimeAt(show.date, show.briefingTime);
    return at === undefined ? undefined : `briefing-${at}`;
  }
  return run?.id as RunId | undefined;
}
