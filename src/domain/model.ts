import type { ShotMark } from './content-view';
import type { CallId, LookId, ModelId, NoteId, RunId, ShowId, SiteId } from './ids';
import type { LookChange } from './look-changes';
import type { ShoutOut } from './shout-outs';

// The show in its own words. Every synced entity is a flat record of fields, so
// that each field can be merged on its own (last writer wins, see merge.ts).

export type ShowKind = 'runway' | 'shoot';
export type ShowPhase = 'setup' | 'rehearsal' | 'live' | 'finished';

export interface Show {
  id: ShowId;
  title: string;
  venue: string;
  /** Local date of the show, `YYYY-MM-DD`. */
  date: string;
  /** Local times `HH:MM` on `date`. */
  callTime: string;
  doorsTime: string;
  curtainTime: string;
  kind: ShowKind;
  phase: ShowPhase;
  /** Seconds between two looks going out. */
  pacingSeconds: number;
  /** A model walking again within fewer looks than this is a quick change. */
  quickChangeLooks: number;
  /** ...or within fewer seconds than this at the show's pacing. */
  quickChangeSeconds: number;
  /** Hair & makeup tablets go back to their home view after this many idle minutes; 0 = never. */
  tabletIdleMinutes: number;
  notes: string;
  // Automatic calls (auto-calls.ts): each rule is switched on and tuned per show.
  /** Call each look to the line-up when the look `lineupLooksBefore` ahead of it goes out. */
  autoLineup: boolean;
  lineupLooksBefore: number;
  /** Warnings before the curtain, at these minutes. */
  autoCurtainWarnings: boolean;
  /** Warnings before the briefing (at `briefingTime`), at the same minutes. */
  autoBriefingWarnings: boolean;
  /** Local `HH:MM` on `date`, '' when there is no briefing. */
  briefingTime: string;
  warningMinutes: number[];
  /** When a model in a quick change comes off stage: an alert to the tablets and her dresser. */
  autoQuickChange: boolean;
  /** A touch-up reminder for a model who walks again within `touchUpLooks` looks. */
  autoTouchUp: boolean;
  touchUpLooks: number;
  /** Rules silenced for one run (or one curtain/briefing time): `rule@scope` (see auto-calls.ts). */
  autoSilenced: string[];
}

export interface Model {
  id: ModelId;
  name: string;
  agency: string;
  /** The face on the line-up board: a photo id (photo-id.ts), '' for none. Older shows may hold a data: URL. */
  photo: string;
  notes: string;
  callTime: string;
  /** Epoch ms, 0 when not checked in. */
  checkedInAt: number;
  station: string;
}

export interface Look {
  id: LookId;
  /** Fractional index: the running order sorts by rank, then id. */
  rank: string;
  modelId: ModelId;
  section: string;
  outfit: string;
  accessories: string[];
  shoes: string;
  hair: string;
  makeup: string;
  dresser: string;
  walkNotes: string;
  /** Seconds before the next look, 0 = the show's pacing. */
  pacingSeconds: number;
  cut: boolean;
  /**
   * The fitting photo (the polaroid on the rail): a photo id (photo-id.ts), '' for none.
   * Optional where a look is made (an import, the demo writes no op for it); read
   * entities always have it (defaults.ts).
   */
  photo?: string;
}

/** One step of preparation: done or not, when, and which kiosk said so. */
export interface StepState {
  done: boolean;
  at: number;
  by: SiteId;
}

export const MODEL_STEPS = ['hair', 'makeup'] as const;
export const LOOK_STEPS = ['dressed', 'accessories', 'checked', 'lineup', 'walked'] as const;
export type ModelStep = (typeof MODEL_STEPS)[number];
export type LookStep = (typeof LOOK_STEPS)[number];
export type Step = ModelStep | LookStep;

export const STEP_LABELS: Record<Step, string> = {
  hair: 'Hair',
  makeup: 'Makeup',
  dressed: 'Dressed',
  accessories: 'Accessories',
  checked: 'Checked',
  lineup: 'At line-up',
  walked: 'Walked',
};

/**
 * Progress of one model (hair, makeup) or one look (dressed ... walked), keyed by its
 * id. One field per step, so two stations tapping different steps never conflict.
 */
export type Progress = { id: ModelId | LookId } & Partial<Record<Step, StepState>>;

export type CallKind =
  'lineup' | 'station' | 'briefing' | 'touch-up' | 'photo' | 'custom' | 'quick-change' | 'curtain';
export type CallPriority = 'normal' | 'urgent';

export type CallTarget =
  | { kind: 'everyone' }
  | { kind: 'models'; modelIds: ModelId[] }
  | { kind: 'looks'; from: number; to: number };

export interface Call {
  id: CallId;
  kind: CallKind;
  /** The words shown, already composed from the template. */
  text: string;
  target: CallTarget;
  priority: CallPriority;
  issuedAt: number;
  issuedBy: SiteId;
  acknowledgedAt: number;
  acknowledgedBy: string;
  clearedAt: number;
  /** The rule that made it (auto-calls.ts), '' for a call a person issued. */
  rule?: string;
  /** Show time it stops being active (cleared then), 0 = until someone clears it. */
  expiresAt?: number;
}

export type RunKind = 'rehearsal' | 'live';

export interface Run {
  id: RunId;
  kind: RunKind;
  startedAt: number;
  endedAt: number;
  /** Holds during the run: `[start, end]` pairs of show time, end 0 while holding. */
  holds?: number[][];
}

/** One look going out in one run: the cue log. Keyed `${runId}:${lookId}`. */
export interface Cue {
  id: string;
  runId: RunId;
  lookId: LookId;
  goAt: number;
  by: SiteId;
}

export type NoteKind = 'briefing' | 'announcement' | 'change' | 'debrief';

export interface Note {
  id: NoteId;
  kind: NoteKind;
  text: string;
  at: number;
  by: SiteId;
  /** Shown on the relaxation wall while true. */
  pinned: boolean;
}

export type Role = 'producer' | 'wall' | 'curtain' | 'makeup' | 'content';
export const ROLES: readonly Role[] = ['producer', 'wall', 'curtain', 'makeup', 'content'];
export const ROLE_LABELS: Record<Role, string> = {
  producer: 'Producer',
  wall: 'Relaxation wall',
  curtain: 'Curtain display',
  makeup: 'Hair & makeup tablet',
  content: 'Content team',
};

/** A kiosk's row in the synced roster (table `kiosks`), used for presence. */
export interface RosterEntry {
  id: SiteId;
  name: string;
  role: Role;
  lastSeen: number;
}

export interface Entities {
  shows: Show;
  models: Model;
  looks: Look;
  progress: Progress;
  calls: Call;
  runs: Run;
  cues: Cue;
  notes: Note;
  kiosks: RosterEntry;
  /** Last-minute changes to looks, acknowledged desk by desk (look-changes.ts). */
  lookChanges: LookChange;
  /** Shots the content team has done, per model or look (content-view.ts). */
  shotMarks: ShotMark;
  /** The relaxation wall's corner (shout-outs.ts). */
  shoutOuts: ShoutOut;
}
export type TableName = keyof Entities;
export const TABLES: readonly TableName[] = [
  'shows',
  'models',
  'looks',
  'progress',
  'calls',
  'runs',
  'cues',
  'notes',
  'kiosks',
  'lookChanges',
  'shotMarks',
  'shoutOuts',
];
