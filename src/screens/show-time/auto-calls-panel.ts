import {
  currentScope,
  isSilenced,
  RULE_LABELS,
  warningMinutes,
  type AutoCall,
  type RuleName,
} from '../../domain/auto-calls';
import type { Run, Show } from '../../domain/model';
import { clockTime, formatDuration } from '../../domain/show-time';

// The producer's panel of automatic-call rules, as plain data.

export interface RuleRow {
  rule: RuleName;
  label: string;
  isOn: boolean;
  /** What the rule does, with its tuning, in words. */
  summary: string;
  /** Silenced for the rest of this run (or this curtain/briefing time). */
  isSilenced: boolean;
  /** A silence applies now: a run is going (or a time is set, for the warnings). */
  canSilence: boolean;
  /** "Silence for this run", or until the curtain / the briefing. */
  silenceLabel: string;
}

const ON_FIELD: Record<RuleName, keyof Show> = {
  lineup: 'autoLineup',
  curtain: 'autoCurtainWarnings',
  briefing: 'autoBriefingWarnings',
  'quick-change': 'autoQuickChange',
  'touch-up': 'autoTouchUp',
};
export const onField = (rule: RuleName) => ON_FIELD[rule];

export function ruleRows(show: Show, run: Run | undefined): RuleRow[] {
  const minutes = warningMinutes(show).join(', ') || '—';
  const summaries: Record<RuleName, string> = {
    lineup: `Each look is called to the line-up when the look ${show.lineupLooksBefore} ahead of it goes.`,
    curtain: `Everyone, ${minutes} min before the curtain${show.curtainTime ? ` (${show.curtainTime})` : ' (no curtain time set)'}.`,
    briefing: `Everyone, ${minutes} min before the briefing${show.briefingTime ? ` (${show.briefingTime})` : ' (no briefing time set)'}.`,
    'quick-change':
      'Tablets and her dresser, as a model in a quick change comes off stage, with the time to her next GO.',
    'touch-up': `Makeup, as a model comes off stage who walks again within ${show.touchUpLooks} looks.`,
  };
  return (Object.keys(RULE_LABELS) as RuleName[]).map((rule) => {
    const scope = currentScope(rule, show, run);
    return {
      rule,
      label: RULE_LABELS[rule],
      isOn: show[ON_FIELD[rule]] === true,
      summary: summaries[rule],
      isSilenced: scope !== undefined && isSilenced(show, rule, scope),
      canSilence: scope !== undefined,
      silenceLabel:
        rule === 'curtain'
          ? 'Silence until the curtain'
          : rule === 'briefing'
            ? 'Silence until the briefing'
            : 'Silence for this run',
    };
  });
}

export interface DueRow {
  id: string;
  text: string;
  /** "at 20:14 · in 1:05" (≈ when it follows a GO not yet given). */
  when: string;
}

export const dueRows = (next: readonly AutoCall[], now: number): DueRow[] =>
  next.map((call) => ({
    id: call.id,
    text: call.text,
    when: `${call.isEstimated ? '≈ ' : ''}${clockTime(call.dueAt)} · in ${formatDuration(call.dueAt - now)}`,
  }));

/** "30, 15, 10, 5" typed by the producer → minutes, or a message naming what is wrong. */
export function parseMinutes(text: string): { minutes: number[] } | { problem: string } {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  const minutes: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1 || n > 240)
      return { problem: `“${part}” is not a whole number of minutes from 1 to 240` };
    minutes.push(n);
  }
  if (minutes.length === 0)
    return { problem: 'Give at least one number of minutes, e.g. 30, 15, 10, 5' };
  return { minutes: [...new Set(minutes)].sort((a, b) => b - a) };
}
