import { describe, expect, it } from 'vitest';
import type { LookId, ModelId } from '../../domain/ids';
import {
  CYCLE_MS,
  FLOOR_DWELL_MS,
  MAX_LOOK_PAGES,
  MAX_PAGES,
  MIN_DWELL_MS,
  SKIM_MS_PER_NAME,
  callsInTurn,
  columnsThatFit,
  dwellFor,
  linesOf,
  pageAt,
  paginate,
  wallBoard,
} from './paging';
import type { WallRow } from './wall';

/** `count` looks, model `i % models`, sections of ten; look `nextIndex` is next. */
function show(count: number, models = count, nextIndex = 0): WallRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `l-${i + 1}` as LookId,
    modelId: `m-${i % models}` as ModelId,
    number: i + 1,
    modelName: `Model ${i % models}`,
    section: `Section ${Math.floor(i / 10) + 1}`,
    readiness: { state: 'waiting', done: 0, total: 4, missing: [] },
    readinessText: 'Not started',
    when: '',
    whenShort: '',
    ahead: i - nextIndex,
    isNow: i === nextIndex - 1,
    isNext: i === nextIndex,
    hasGone: i < nextIndex - 1,
  }));
}

const numbers = (groups: { rows: WallRow[] }[]) =>
  groups.flatMap((g) => g.rows.map((r) => r.number));

/** Every page of a board, by asking for each turn of the cycle. */
function allPages(rows: WallRow[], nextIndex: number, lines: number) {
  const first = wallBoard(rows, nextIndex, lines, 0);
  return Array.from({ length: first.page.count }, (_, i) =>
    wallBoard(rows, nextIndex, lines, i * first.page.dwellMs),
  );
}

describe('wallBoard', () => {
  it('pins the next look and the two after it before the show', () => {
    const board = wallBoard(show(36), 0, 12, 0);
    expect(numbers(board.pinned)).toEqual([1, 2, 3]);
    expect(board.pinned[0]).toMatchObject({ section: 'Section 1', isContinued: false });
  });

  it('pins the look walking now above the next three', () => {
    const board = wallBoard(show(36, 36, 15), 15, 12, 0);
    expect(numbers(board.pinned)).toEqual([15, 16, 17, 18]);
    expect(board.pinned[0]).toMatchObject({ section: 'Section 2', isContinued: true });
  });

  it('pins the two after next when the headline shows now and next', () => {
    const board = wallBoard(show(36, 36, 15), 15, 12, 0, {
      pinnedAhead: 2,
      isNowNextShownElsewhere: true,
    });
    expect(numbers(board.pinned)).toEqual([17, 18]);
    expect(numbers(board.page.groups)[0]).toBe(19);
  });

  it('shows every later look of a 36-look show within one 30-second cycle', () => {
    const pages = allPages(show(36), 0, 12);
    expect(pages[0]?.page.count).toBeGreaterThan(1);
    expect(pages[0]?.page.count).toBeLessThanOrEqual(MAX_PAGES);
    expect(pages[0]?.page.mode).toBe('looks');
    expect(pages[0]!.page.dwellMs * pages[0]!.page.count).toBeLessThanOrEqual(CYCLE_MS);
    const seen = pages.flatMap((board) => numbers(board.page.groups));
    expect(seen).toEqual(Array.from({ length: 33 }, (_, i) => i + 4));
  });

  it('never puts more lines on a page than fit, section headers included', () => {
    const pages = allPages(show(60), 0, 20);
    expect(pages[0]?.page).toMatchObject({ mode: 'looks', count: 4 });
    for (const board of pages) {
      const lines = board.page.groups.reduce((sum, g) => sum + 1 + g.rows.length, 0);
      expect(lines).toBeLessThanOrEqual(20);
    }
  });

  it('turns each model once, at her next look, when the whole order would not turn in one cycle', () => {
    const rows = show(300, 40);
    const pages = allPages(rows, 0, 12);
    expect(pages[0]?.page.mode).toBe('models');
    expect(pages[0]?.page.count).toBeLessThanOrEqual(MAX_PAGES);
    const pinnedModels = new Set(pages[0]!.pinned.flatMap((g) => g.rows.map((r) => r.modelId)));
    const paged = pages.flatMap((board) =>
      board.page.groups.flatMap((g) => g.rows.map((r) => r.modelId)),
    );
    expect(new Set([...pinnedModels, ...paged]).size).toBe(40);
    expect(paged.length).toBe(new Set(paged).size);
  });

  it('has one page and no turning when the rest fits', () => {
    const board = wallBoard(show(8), 0, 12, 123_456);
    expect(board.page).toMatchObject({ index: 0, count: 1, dwellMs: 0 });
    expect(numbers(board.page.groups)).toEqual([4, 5, 6, 7, 8]);
  });

  it('has nothing to page at the end of the show', () => {
    const board = wallBoard(show(10, 10, 10), 10, 12, 0);
    expect(numbers(board.pinned)).toEqual([10]);
    expect(board.page.count).toBe(0);
  });
});

/**
 * The walls as laid out (Wall.svelte) at 1920 × 1080 and 1080 × 1920, with a call showing:
 * lines left for the pages (at the wall's row height and at the 1/30 floor) and what is
 * pinned above them. Measured in Chromium; a change to the layout changes these.
 */
const WALLS = [
  {
    wall: 'a landscape wall before the show',
    lines: 8,
    floorLines: 13,
    nextIndex: 0,
    pinnedAhead: 3,
    isNowNextShownElsewhere: false,
  },
  {
    wall: 'a landscape wall during a run',
    lines: 7,
    floorLines: 12,
    nextIndex: 5,
    pinnedAhead: 3,
    isNowNextShownElsewhere: false,
  },
  {
    wall: 'a portrait wall before the show',
    lines: 7,
    floorLines: 7,
    nextIndex: 0,
    pinnedAhead: 2,
    isNowNextShownElsewhere: false,
  },
  {
    wall: 'a portrait wall during a run',
    lines: 8,
    floorLines: 8,
    nextIndex: 5,
    pinnedAhead: 0,
    isNowNextShownElsewhere: true,
  },
] as const;
/**
 * Shows of the demo's shape (each model walks twice), shows where each model walks once,
 * and a long show: looks and the models who walk them.
 */
const SHOWS = [
  { looks: 36, models: 18 },
  { looks: 60, models: 30 },
  { looks: 60, models: 60 },
  { looks: 90, models: 45 },
  { looks: 90, models: 86 },
  { looks: 300, models: 40 },
  { looks: 300, models: 150 },
] as const;

describe('one turn of the pages on every wall', () => {
  for (const { wall, lines, nextIndex, ...options } of WALLS) {
    for (const { looks, models } of SHOWS) {
      it(`shows every model within 30 seconds on ${wall}, ${looks} looks and ${models} models`, () => {
        const rows = show(looks, models, nextIndex);
        const first = wallBoard(rows, nextIndex, lines, 0, { ...options, maxColumns: 2 });
        const { count, dwellMs, cycleMs } = first.page;
        expect(cycleMs).toBeLessThanOrEqual(CYCLE_MS);
        // Seven calm pages of 4 s or more; past that, time to skim each page's names.
        if (count > 1 && count <= MAX_PAGES) expect(dwellMs).toBeGreaterThanOrEqual(MIN_DWELL_MS);
        if (count > MAX_PAGES) {
          const names = first.page.columns * (first.page.isAtFloor ? options.floorLines : lines);
          const skim = Math.min(names, models) * SKIM_MS_PER_NAME;
          expect(dwellMs).toBeGreaterThanOrEqual(Math.min(MIN_DWELL_MS, skim));
        }
        const boards = Array.from({ length: Math.max(1, count) }, (_, i) =>
          wallBoard(rows, nextIndex, lines, i * dwellMs, { ...options, maxColumns: 2 }),
        );
        const onWall = new Set(
          boards.flatMap((board) =>
            [...board.pinned, ...board.page.groups].flatMap((g) => g.rows.map((r) => r.modelId)),
          ),
        );
        // Now and next are in large type above the order where the headline holds them.
        if (options.isNowNextShownElsewhere) {
          for (const row of rows.filter((r) => r.isNow || r.isNext)) onWall.add(row.modelId);
        }
        // Every model still to walk (a model whose only look has gone is done).
        const stillWalking = new Set(rows.filter((r) => !r.hasGone).map((r) => r.modelId));
        expect([...stillWalking].filter((id) => !onWall.has(id))).toEqual([]);
        expect(stillWalking.size).toBeGreaterThan(Math.min(models, looks - nextIndex) - 1);
        for (const board of boards) {
          const used = board.page.groups.reduce(
            (sum, g) => sum + g.rows.length + (board.page.mode === 'looks' ? 1 : 0),
            0,
          );
          const perColumn = board.page.isAtFloor ? options.floorLines : lines;
          expect(used).toBeLessThanOrEqual(perColumn * board.page.columns);
        }
      });
    }
  }

  it('puts models in two columns only when one column would not turn within 30 seconds', () => {
    const portraitRun = { pinnedAhead: 0, isNowNextShownElsewhere: true, maxColumns: 2 } as const;
    expect(wallBoard(show(90, 40, 5), 5, 6, 0, portraitRun).page).toMatchObject({
      mode: 'models',
      columns: 1,
    });
    expect(wallBoard(show(90, 60, 5), 5, 6, 0, portraitRun).page).toMatchObject({
      mode: 'models',
      columns: 2,
      count: 5,
    });
    // A wall that cannot hold two columns keeps one: ten pages of six names, 3 s each.
    const single = wallBoard(show(90, 60, 5), 5, 6, 0, { ...portraitRun, maxColumns: 1 });
    expect(single.page).toMatchObject({ columns: 1, count: 10, cycleMs: 30_000 });
  });

  it('turns 150 models in 13 pages of 2.5 seconds when a page holds only two columns of six', () => {
    const board = wallBoard(show(300, 150, 5), 5, 6, 0, {
      pinnedAhead: 0,
      isNowNextShownElsewhere: true,
      maxColumns: 2,
    });
    expect(board.page).toMatchObject({ mode: 'models', columns: 2, count: 13, dwellMs: 2_500 });
    expect(board.page).toMatchObject({ cycleMs: 32_500, isOverCycle: true });
  });

  it('turns 150 models within 30 seconds on a landscape wall: two columns, then rows at the floor', () => {
    // 1920×1080 during a run with a call: 8 lines at the wall's row height, 12 at the floor.
    const landscape = { pinnedAhead: 3, maxColumns: 2, floorLines: 12 } as const;
    const board = wallBoard(show(300, 150, 5), 5, 8, 0, landscape);
    expect(board.page).toMatchObject({ mode: 'models', columns: 2, isAtFloor: true, count: 7 });
    expect(board.page.cycleMs).toBeLessThanOrEqual(CYCLE_MS);
    expect(board.page.isOverCycle).toBe(false);
  });

  it('adds a column where the width holds one before it makes rows smaller', () => {
    const wide = wallBoard(show(300, 150, 5), 5, 8, 0, { maxColumns: 3, floorLines: 12 });
    expect(wide.page).toMatchObject({ columns: 3, isAtFloor: false, count: 7 });
  });

  it('keeps the wall’s row height while more columns are enough', () => {
    const board = wallBoard(show(90, 60, 5), 5, 6, 0, { maxColumns: 2, floorLines: 9 });
    expect(board.page).toMatchObject({ columns: 2, isAtFloor: false });
  });

  it('says a turn is over 30 seconds when even the floors cannot hold the cast', () => {
    const board = wallBoard(show(300, 150, 5), 5, 6, 0, {
      pinnedAhead: 0,
      isNowNextShownElsewhere: true,
      maxColumns: 2,
      floorLines: 6,
    });
    expect(board.page).toMatchObject({ count: 13, dwellMs: FLOOR_DWELL_MS, isOverCycle: true });
  });

  it('holds a model’s whole name in each column of models, however wide the wall', () => {
    const fullHd = { fontPx: 36.7, gapPx: 36.7, countDigits: 3 };
    // "Amara Adeyemi 15" (16 letters) fits twice in the 1005 px of a 1920×1080 wall in a run.
    expect(columnsThatFit({ ...fullHd, widthPx: 1005, longestName: 16 })).toBe(2);
    expect(columnsThatFit({ ...fullHd, widthPx: 1005, longestName: 30 })).toBe(1);
    // A 200-letter name ends in an ellipsis anyway: columns are sized for 20 letters.
    expect(columnsThatFit({ ...fullHd, widthPx: 1005, longestName: 200 })).toBe(
      columnsThatFit({ ...fullHd, widthPx: 1005, longestName: 20 }),
    );
    expect(columnsThatFit({ ...fullHd, widthPx: 0, longestName: 10 })).toBe(1);
  });

  it('turns 150 models in 10 pages of 3 s, 30 s, on a portrait wall during a run with a call (docs/displays.md)', () => {
    const portraitRun = WALLS[3];
    const board = wallBoard(show(300, 150, 5), 5, portraitRun.lines, 0, {
      ...portraitRun,
      maxColumns: 2,
    });
    // Two columns of eight: 16 names take 2.8 s to skim, under the turn's share of 3 s.
    expect(board.page).toMatchObject({ columns: 2, count: 10, dwellMs: 3_000 });
    expect(board.page).toMatchObject({ cycleMs: 30_000, isOverCycle: false });
  });

  it('says a longer turn past about 160 models on a portrait wall with a call', () => {
    const portraitRun = WALLS[3];
    const board = wallBoard(show(400, 200, 5), 5, portraitRun.lines, 0, {
      ...portraitRun,
      maxColumns: 2,
    });
    // 13 pages of 16 names, each 2.8 s to skim: 36.4 s, said on the wall.
    expect(board.page).toMatchObject({ count: 13, dwellMs: 2_800, isOverCycle: true });
    expect(board.page.cycleMs).toBe(36_400);
  });

  it('lists the whole order look by look only while it turns in four pages or fewer', () => {
    const long = wallBoard(show(36, 18), 0, 8, 0);
    expect(long.page.mode).toBe('models');
    const short = wallBoard(show(20, 18), 0, 8, 0);
    expect(short.page).toMatchObject({ mode: 'looks' });
    expect(short.page.count).toBeLessThanOrEqual(MAX_LOOK_PAGES);
  });

  it('keeps a page up four seconds while seven turn, then as long as its names take to skim', () => {
    expect(MIN_DWELL_MS).toBe(4_000);
    expect(MAX_PAGES * MIN_DWELL_MS).toBeLessThanOrEqual(CYCLE_MS);
    expect(dwellFor(MAX_PAGES, 40)).toBe(Math.floor(CYCLE_MS / MAX_PAGES));
    // Past seven pages: the turn's share while it covers the names, their skim when not.
    expect(dwellFor(MAX_PAGES + 3, 10)).toBe(3_000);
    expect(dwellFor(MAX_PAGES + 3, 22)).toBe(22 * SKIM_MS_PER_NAME);
    // A full page never stays longer than it would in a calm turn.
    expect(dwellFor(MAX_PAGES + 3, 40)).toBe(MIN_DWELL_MS);
    // Never under the floor, however few names.
    expect(dwellFor(40, 2)).toBe(FLOOR_DWELL_MS);
    expect(22 * SKIM_MS_PER_NAME).toBeLessThanOrEqual(MIN_DWELL_MS);
  });
});

describe('paging helpers', () => {
  it('count a section header as a line', () => {
    expect(linesOf(show(12))).toBe(14);
    expect(linesOf(show(12), false)).toBe(12);
  });

  it('open each page with its section header', () => {
    const pages = paginate(show(12), 6);
    expect(pages.map((page) => page.map((r) => r.number))).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12],
    ]);
  });

  it('turn pages by show time, the same on every wall', () => {
    const dwell = dwellFor(3);
    expect(dwell).toBe(10_000);
    expect([0, 9_999, 10_000, 25_000, 30_000].map((t) => pageAt(3, t, dwell))).toEqual([
      0, 0, 1, 2, 0,
    ]);
    expect(dwellFor(1)).toBe(0);
    expect(dwellFor(20)).toBe(FLOOR_DWELL_MS);
  });
});

describe('callsInTurn', () => {
  it('shows a call issued less than a turn ago at once, then goes back to turning', () => {
    const calls = [
      { id: 'new', isUrgent: false, issuedAt: 100_000 },
      { id: 'a', isUrgent: false, issuedAt: 10_000 },
      { id: 'b', isUrgent: false, issuedAt: 5_000 },
    ];
    // At 104 s the turn alone would show the third call; the new one takes the card.
    expect(callsInTurn(calls, 1, 104_000).shown.map((c) => c.id)).toEqual(['new']);
    expect(callsInTurn(calls, 1, 104_000, 8_000).index).toBe(0);
    // A turn later it is one of the others again, as every wall agrees.
    const later = [0, 1, 2].map(
      (turn) => callsInTurn(calls, 1, 108_000 + turn * 8_000).shown[0]!.id,
    );
    expect(new Set(later)).toEqual(new Set(['new', 'a', 'b']));
  });

  const call = (n: number, isUrgent = false) => ({ id: n, isUrgent });

  it('shows every call when they fit', () => {
    expect(callsInTurn([call(1), call(2)], 2, 0)).toEqual({
      shown: [call(1), call(2)],
      index: 0,
      count: 1,
    });
  });

  it('turns five calls through one slot, none left out', () => {
    const calls = [1, 2, 3, 4, 5].map((n) => call(n));
    const seen = [0, 1, 2, 3, 4].map((turn) =>
      callsInTurn(calls, 1, turn * 8_000).shown.map((c) => c.id),
    );
    expect(seen).toEqual([[1], [2], [3], [4], [5]]);
  });

  it('keeps an urgent call in view while the others take turns beside it', () => {
    const calls = [call(1, true), call(2), call(3), call(4)];
    const turns = [0, 8_000, 16_000].map((t) => callsInTurn(calls, 2, t).shown.map((c) => c.id));
    expect(turns).toEqual([
      [1, 2],
      [1, 3],
      [1, 4],
    ]);
  });
});
