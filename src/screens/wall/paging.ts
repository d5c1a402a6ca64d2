import type { WallGroup, WallRow } from './wall';

// The wall is never touched, yet every model must find her name and "up in N looks"
// on it. Now, next and the few after stay pinned; the rest of the running order
// turns by itself, page after page, and the whole cycle takes at most 30 seconds.

/** Upcoming looks kept on screen at all times, the next one included. */
export const PINNED_AHEAD = 3;
/** One full turn of the pages: a model waits at most this long to see her line. */
export const CYCLE_MS = 30_000;
/**
 * A page stays at least this long while the turn has room for it: long enough to run an
 * eye down two columns of eleven names and find one's own from across the room.
 */
export const MIN_DWELL_MS = 4_000;
/** Most pages one cycle turns at MIN_DWELL_MS or more: the calm turn a layout aims for. */
export const MAX_PAGES = Math.floor(CYCLE_MS / MIN_DWELL_MS);
/**
 * Past MAX_PAGES (a large cast on a wall with little room, such as a portrait wall with a
 * call showing), a page with fewer names may turn sooner than MIN_DWELL_MS: as soon as its
 * names are skimmed. The eye runs down a column of names at five or six a second (4 s for
 * two columns of eleven is this rate).
 */
export const SKIM_MS_PER_NAME = 175;
/** Never faster than this, however few names a page holds: its 0.6 s fade and a look. */
export const FLOOR_DWELL_MS = 2_500;
/**
 * The whole order, look by look, turns only in this many pages or fewer (7.5 s a page);
 * longer, the pages list each model once, at her next look: fewer lines, calmer pages.
 */
export const MAX_LOOK_PAGES = 4;

/**
 * `looks`: the rest of the running order, look by look. `models`: each model's next
 * look only, when the whole order would not turn within one cycle (a 300-look show).
 */
export type PageMode = 'looks' | 'models';

export interface WallPage {
  groups: WallGroup[];
  /**
   * Side by side columns of rows: more than 1 only when each model's next look, one row
   * each, would not turn within one cycle in one column (a long show), and only as many
   * as the width holds (see `columnsThatFit`).
   */
  columns: number;
  /** Rows at the 1/30 floor rather than the wall's usual height: more rows a page. */
  isAtFloor: boolean;
  /** 0-based page shown now, and how many pages turn. */
  index: number;
  count: number;
  mode: PageMode;
  /** How long each page stays, in ms (0 when there is one page). */
  dwellMs: number;
  /** One full turn, in ms: at most CYCLE_MS unless the pages' names take longer to skim. */
  cycleMs: number;
  /** The show is too long for this wall: even at the floors a turn takes more than CYCLE_MS. */
  isOverCycle: boolean;
  /** Look numbers on this page, for the page indicator: "Looks 12–24". */
  firstNumber: number;
  lastNumber: number;
}

export interface WallBoard {
  pinned: WallGroup[];
  page: WallPage;
  /** Looks after the pinned ones, whether or not a page has room for them. */
  restCount: number;
}

/** Rows in groups by section; a group that starts mid-section says "continued". */
export function groupRows(
  rows: readonly WallRow[],
  all: readonly WallRow[],
  withSections = true,
): WallGroup[] {
  const groups: WallGroup[] = [];
  for (const row of rows) {
    const current = groups.at(-1);
    if (current && (!withSections || current.section === row.section)) {
      current.rows.push(row);
      continue;
    }
    const at = all.indexOf(row);
    groups.push({
      section: withSections ? row.section : '',
      isContinued: withSections && at > 0 && all[at - 1]?.section === row.section,
      rows: [row],
    });
  }
  return groups;
}

/** Lines a run of rows takes: one per row, one per section header. */
export function linesOf(rows: readonly WallRow[], withSections = true): number {
  let lines = 0;
  let section: string | undefined;
  for (const row of rows) {
    if (withSections && row.section !== section) lines += 1;
    section = row.section;
    lines += 1;
  }
  return withSections ? lines : rows.length;
}

/** Cut rows into pages of at most `lines` lines, a section header opening each page. */
export function paginate(
  rows: readonly WallRow[],
  lines: number,
  withSections = true,
): WallRow[][] {
  const capacity = Math.max(1, Math.floor(lines));
  const pages: WallRow[][] = [];
  let page: WallRow[] = [];
  for (const row of rows) {
    if (page.length > 0 && linesOf([...page, row], withSections) > capacity) {
      pages.push(page);
      page = [];
    }
    page.push(row);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Which page shows at `now`: a pure function of show time, so every wall turns alike. */
export function pageAt(count: number, now: number, dwellMs: number): number {
  if (count <= 1 || dwellMs <= 0) return 0;
  return Math.floor(now / dwellMs) % count;
}

/**
 * Each page's share of the cycle. Up to MAX_PAGES that is 4.3 s or more. Past it, a page
 * still stays as long as its `names` take to skim, between FLOOR_DWELL_MS and
 * MIN_DWELL_MS: a page turning faster than a glance is a page nobody reads. When that
 * makes the cycle longer than CYCLE_MS, the wall says so (docs/displays.md says from
 * which cast size).
 */
export function dwellFor(count: number, names = 0): number {
  if (count <= 1) return 0;
  const share = Math.floor(CYCLE_MS / count);
  const skim = Math.ceil(names * SKIM_MS_PER_NAME);
  const least = count <= MAX_PAGES ? MIN_DWELL_MS : Math.min(MIN_DWELL_MS, skim);
  return Math.max(FLOOR_DWELL_MS, least, share);
}

/** Width of one letter of a bold sans-serif name, in em: generous, so a column is never too narrow. */
const EM_PER_LETTER = 0.62;
/** Names longer than this end in an ellipsis in any column: a column is never made wider for them. */
const LONGEST_NAME_FITTED = 20;

/**
 * How many columns of models a page of `widthPx` holds, each row holding the longest
 * name (up to LONGEST_NAME_FITTED letters) and its "up in" count at `fontPx`.
 */
export function columnsThatFit(input: {
  widthPx: number;
  fontPx: number;
  gapPx: number;
  longestName: number;
  countDigits: number;
}): number {
  const { widthPx, fontPx, gapPx, longestName, countDigits } = input;
  if (widthPx <= 0 || fontPx <= 0) return 1;
  const letters = Math.min(longestName, LONGEST_NAME_FITTED) + countDigits + 1;
  const columnPx = letters * EM_PER_LETTER * fontPx;
  return Math.max(1, Math.floor((widthPx + gapPx) / (columnPx + gapPx)));
}

export interface WallBoardOptions {
  pinnedAhead?: number;
  isNowNextShownElsewhere?: boolean;
  /** Columns of models a page may hold (see `columnsThatFit`); 1 keeps one column. */
  maxColumns?: number;
  /** Lines a page holds with rows at the 1/30 floor; when missing, rows keep their height. */
  floorLines?: number;
}

interface Layout {
  pages: WallRow[][];
  columns: number;
  isAtFloor: boolean;
}

/**
 * Each model once, laid out so the turn has MAX_PAGES pages at most: more columns first,
 * as long as the width holds them (a name loses nothing), then rows at the 1/30 floor (a
 * smaller row, still readable across the room). When no layout has so few, the one with
 * the fewest pages, which then turn faster (see `dwellFor`).
 */
function modelLayout(
  firsts: readonly WallRow[],
  lines: number,
  floorLines: number,
  maxColumns: number,
): Layout {
  const tries: Layout[] = [];
  for (const [perColumn, isAtFloor] of [
    [lines, false],
    [floorLines, true],
  ] as const) {
    if (perColumn < 1 || (isAtFloor && perColumn <= lines)) continue;
    for (let columns = 1; columns <= Math.max(1, maxColumns); columns++) {
      const pages = paginate(firsts, perColumn * columns, false);
      const layout = { pages, columns, isAtFloor };
      if (pages.length <= MAX_PAGES) return layout;
      tries.push(layout);
    }
  }
  return tries.reduce((best, layout) => (layout.pages.length < best.pages.length ? layout : best));
}

/**
 * The running order as a wall shows it: the look walking now, the next and the two
 * after pinned; the rest of the show in pages of `lines` lines that turn with time.
 */
export function wallBoard(
  rows: readonly WallRow[],
  nextIndex: number,
  lines: number,
  now: number,
  options: WallBoardOptions = {},
): WallBoard {
  const { pinnedAhead = PINNED_AHEAD, isNowNextShownElsewhere = false, maxColumns = 1 } = options;
  const floorLines = options.floorLines ?? lines;
  const nowRow = rows.find((row) => row.isNow);
  // Where the headline already shows now and next in large type, the pins start after them.
  const pinnedRows = isNowNextShownElsewhere
    ? rows.slice(nextIndex + 1, nextIndex + 1 + pinnedAhead)
    : [...(nowRow ? [nowRow] : []), ...rows.slice(nextIndex, nextIndex + pinnedAhead)];
  const rest = rows.slice(nextIndex + (isNowNextShownElsewhere ? 1 : 0) + pinnedAhead);
  let mode: PageMode = 'looks';
  let layout: Layout = {
    pages: lines >= 2 ? paginate(rest, lines) : [],
    columns: 1,
    isAtFloor: false,
  };
  if (lines < 1) layout.pages = [];
  else if (lines < 2 || layout.pages.length > MAX_LOOK_PAGES) {
    // Too long to turn in one cycle: each model once, at her next look.
    const seen = new Set(pinnedRows.map((row) => row.modelId));
    const firsts = rest.filter((row) => !seen.has(row.modelId) && seen.add(row.modelId));
    mode = 'models';
    layout = modelLayout(firsts, lines, floorLines, maxColumns);
  }
  const { pages } = layout;
  const dwellMs = dwellFor(
    pages.length,
    pages.reduce((most, page) => Math.max(most, page.length), 0),
  );
  const index = pageAt(pages.length, now, dwellMs);
  const shown = pages[index] ?? [];
  const cycleMs = pages.length * dwellMs;
  return {
    restCount: rest.length,
    pinned: groupRows(pinnedRows, rows),
    page: {
      groups: groupRows(shown, rows, mode === 'looks'),
      columns: layout.columns,
      isAtFloor: layout.isAtFloor,
      index,
      count: pages.length,
      mode,
      dwellMs,
      cycleMs,
      isOverCycle: cycleMs > CYCLE_MS,
      firstNumber: shown[0]?.number ?? 0,
      lastNumber: shown.at(-1)?.number ?? 0,
    },
  };
}

/** Calls in turn: when more are active than fit, the list turns, urgent and newest first. */
export interface CallTurn<T> {
  shown: T[];
  /** 0-based turn and how many turns; count 1 when everything fits. */
  index: number;
  count: number;
}

export const CALL_DWELL_MS = 8_000;

/**
 * The calls a wall shows now, `slots` at a time. An urgent call at the head of the list
 * keeps its slot when there are two or more slots; the others take turns in the rest.
 * A call issued less than a turn ago is shown at once, whatever the turn: a new call is
 * the news (every wall agrees, since both times are show time).
 */
export function callsInTurn<T extends { isUrgent: boolean; issuedAt?: number }>(
  calls: readonly T[],
  slots: number,
  now: number,
  dwellMs = CALL_DWELL_MS,
): CallTurn<T> {
  const size = Math.max(1, Math.floor(slots));
  if (calls.length <= size) return { shown: [...calls], index: 0, count: 1 };
  const head = size > 1 && calls[0]?.isUrgent ? [calls[0]] : [];
  const turning = calls.slice(head.length);
  const per = size - head.length;
  const count = Math.ceil(turning.length / per);
  const freshest = turning.reduce(
    (best, call, i) =>
      (call.issuedAt ?? -Infinity) > (turning[best]?.issuedAt ?? -Infinity) ? i : best,
    0,
  );
  const age = now - (turning[freshest]?.issuedAt ?? -Infinity);
  const index =
    age >= 0 && age < dwellMs ? Math.floor(freshest / per) : pageAt(count, now, dwellMs);
  return { shown: [...head, ...turning.slice(index * per, index * per + per)], index, count };
}
