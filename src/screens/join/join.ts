import { isJoinCode } from '../../domain/ids';
import { peerIdOfStored } from '../../domain/peer-ids';
import { ROLE_LABELS, ROLES, type Role } from '../../domain/model';
import { founderParam } from '../../state/admission-flow';

// The join screen's decisions, pure: what the link says, what is wrong with the
// form, and what to tell the person while the show's kiosks check the passphrase.

/** Show codes are short lowercase letters and digits; people type them with spaces, dashes or capitals. */
export function normaliseCode(text: string): string {
  return text.toLowerCase().replace(/[\s-]+/g, '');
}

export interface JoinParams {
  code: string;
  /** The inviting kiosk's peer id, when the link carries one for this show. */
  via: string;
  /**
   * The show's founder (its site id: a hash of its key), when the link carries one:
   * the kiosk whose admissions this one will trust.
   */
  founder: string;
  /** Opened from a join link (the code need not be typed). */
  isFromLink: boolean;
}

/** `#/join?show=CODE&via=PEERID&founder=SITE`: anything malformed is ignored, never trusted. */
export function readJoinParams(params: URLSearchParams): JoinParams {
  const code = normaliseCode(params.get('show') ?? '');
  const isCodeValid = isJoinCode(code);
  const viaParam = params.get('via') ?? '';
  // Only a peer of this very show: the id scheme of ids.ts (peerIdFor); a link printed
  // by an earlier version names the inviter the old way.
  const via = (isCodeValid && peerIdOfStored(viaParam, code)) || '';
  const founder = (isCodeValid && founderParam(params.get('founder'))) || '';
  return { code: isCodeValid ? code : '', via, founder, isFromLink: isCodeValid };
}

/** The link a QR code carries: opens this app's join screen with the show and the inviting kiosk filled in. */
export function joinLink(origin: string, code: string, via: string, founder = ''): string {
  const params = new URLSearchParams({ show: code });
  if (via) params.set('via', via);
  if (founder) params.set('founder', founder);
  return `${origin.replace(/\/+$/, '')}/#/join?${params.toString()}`;
}

export interface JoinForm {
  code: string;
  passphrase: string;
  role: Role | '';
  name: string;
}

export type JoinProblems = Partial<Record<keyof JoinForm, string>>;

export function joinProblems(form: JoinForm): JoinProblems {
  const problems: JoinProblems = {};
  const code = normaliseCode(form.code);
  if (!code) problems.code = 'Type the show code from the producer screen.';
  else if (!isJoinCode(code)) problems.code = 'A show code is 4 to 32 letters and digits.';
  if (!form.passphrase.trim()) problems.passphrase = 'Type the show passphrase.';
  if (!form.role) problems.role = 'Choose what this screen is for.';
  if (form.name.trim().length > 60) problems.name = 'Keep the name under 60 characters.';
  return problems;
}

export const hasProblems = (problems: JoinProblems): boolean => Object.keys(problems).length > 0;

/** A name other kiosks will recognise, when none is typed: "Hair & makeup tablet". */
export function kioskNameOr(name: string, role: Role | ''): string {
  return name.trim() || (role ? ROLE_LABELS[role] : 'Kiosk');
}

/** What each role does, said where a kiosk chooses it (the producer's above all: it can change everything). */
export const ROLE_HINTS: Record<Role, string> = {
  producer:
    'A second screen for the producer’s team: it can change the whole show (running order, calls, runs). Choose it only on the producer’s own laptop or tablet.',
  wall: 'Big screen in the relaxation area: countdown, calls, running order.',
  curtain: 'At the curtain: who walks now, who is next, and the GO.',
  makeup: 'Tablet at the hair and makeup stations or on the rails: one tap per step.',
  content:
    'Tablet for photographers and videographers: who can be shot now without delaying the show.',
};

export const ROLE_CHOICES = ROLES.map((role) => ({
  role,
  label: ROLE_LABELS[role],
  hint: ROLE_HINTS[role],
}));

export type JoinPhase = 'form' | 'checking' | 'alone' | 'joined' | 'refused';

export interface JoinProgress {
  isSubmitted: boolean;
  authError: string;
  /** Other kiosks that accepted this one's proof of the passphrase. */
  kiosksOnline: number;
  /** Since the form was sent. */
  waitedMs: number;
}

/** After this long without any kiosk answering, say so and let the person carry on. */
export const ALONE_AFTER_MS = 12_000;

export function joinPhase(progress: JoinProgress): JoinPhase {
  if (!progress.isSubmitted) return 'form';
  if (progress.authError) return 'refused';
  if (progress.kiosksOnline > 0) return 'joined';
  return progress.waitedMs >= ALONE_AFTER_MS ? 'alone' : 'checking';
}
