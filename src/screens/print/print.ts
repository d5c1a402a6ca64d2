// Paper for the rails: what the printed sheets say, as plain data. The line-up's
// running order (20 looks to an A4 page) and one sheet per dresser with her looks.
import { nameKey } from '../../domain/csv';
import type { ModelId } from '../../domain/ids';
import type { Model, Show } from '../../domain/model';
import type { NumberedLook, QuickChange } from '../../domain/running-order';

export const LOOKS_PER_PAGE = 20;

export type PrintChoice = 'all' | 'running-order' | 'dressers';

export interface PrintedLook {
  number: number;
  model: string;
  section: string;
  outfit: string;
  accessories: string;
  shoes: string;
  dresser: string;
  /** "Quick change from look 12 (1 look between, 1:30)", or empty. */
  quickChange: string;
}

export interface RunningOrderPage {
  /** 1-based, with the count: "Page 2 of 3". */
  pageText: string;
  looks: PrintedLook[];
}

export interface DresserSheet {
  /** The dresser's name as the running order writes it; "No dresser" for looks without one. */
  dresser: string;
  looks: PrintedLook[];
  /** "5 looks · 2 quick changes". */
  summary: string;
}

export interface PrintView {
  title: string;
  /** Venue, date and curtain time, as known. */
  subtitle: string;
  runningOrder: RunningOrderPage[];
  dressers: DresserSheet[];
}

export const NO_DRESSER = 'No dresser';

export function printView(
  show: Pick<Show, 'title' | 'venue' | 'date' | 'curtainTime'>,
  walking: readonly NumberedLook[],
  modelsById: ReadonlyMap<ModelId, Model>,
  quickChanges: readonly QuickChange[],
): PrintView {
  const changeInto = new Map(quickChanges.map((change) => [change.to.look.id, change]));
  const looks = walking.map(({ number, look }): PrintedLook => {
    const change = changeInto.get(look.id);
    return {
      number,
      model: modelsById.get(look.modelId)?.name ?? '(no model)',
      section: look.section,
      outfit: look.outfit,
      accessories: look.accessories.join(', '),
      shoes: look.shoes,
      dresser: look.dresser.trim(),
      quickChange: change ? quickChangeText(change) : '',
    };
  });

  const pageCount = Math.max(1, Math.ceil(looks.length / LOOKS_PER_PAGE));
  const runningOrder = Array.from({ length: pageCount }, (_, i) => ({
    pageText: `Page ${i + 1} of ${pageCount}`,
    looks: looks.slice(i * LOOKS_PER_PAGE, (i + 1) * LOOKS_PER_PAGE),
  }));

  // One sheet per dresser, spelled as first written ("Ana" and "ana " are one person).
  const byDresser = new Map<string, { dresser: string; looks: PrintedLook[] }>();
  for (const look of looks) {
    const key = look.dresser === '' ? '' : nameKey(look.dresser);
    const sheet = byDresser.get(key) ?? { dresser: look.dresser || NO_DRESSER, looks: [] };
    sheet.looks.push(look);
    byDresser.set(key, sheet);
  }
  const dressers = [...byDresser.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([, sheet]) => ({ ...sheet, summary: sheetSummary(sheet.looks) }));

  return {
    title: show.title || 'Untitled show',
    subtitle: [show.venue, show.date, show.curtainTime && `curtain ${show.curtainTime}`]
      .filter(Boolean)
      .join(' · '),
    runningOrder,
    dressers,
  };
}

function quickChangeText(change: QuickChange): string {
  const between =
    change.looksBetween === 0
      ? 'back to back'
      : `${change.looksBetween} ${change.looksBetween === 1 ? 'look' : 'looks'} between`;
  return `Quick change from look ${change.from.number} (${between}, ${minutes(change.seconds)})`;
}

const minutes = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

function sheetSummary(looks: readonly PrintedLook[]): string {
  const changes = looks.filter((look) => look.quickChange !== '').length;
  const parts = [`${looks.length} ${looks.length === 1 ? 'look' : 'looks'}`];
  if (changes > 0) parts.push(`${changes} ${changes === 1 ? 'quick change' : 'quick changes'}`);
  return parts.join(' · ');
}
