import { generateNKeysBetween } from 'fractional-indexing';
import { rowChanges } from './changes';
import { newCallId, newNoteId, type LookId, type ModelId, type ShowId, type SiteId } from './ids';
import type { Look, Model, Show } from './model';
import type { Change } from './op';
import { composeCall } from './calls';
import { defaultShow } from './defaults';

const MODELS: [name: string, agency: string, station: string][] = [
  ['Amara Okafor', 'Elite Paris', 'Chair 1'],
  ['Lina Sørensen', 'IMG', 'Chair 1'],
  ['Mei Tanaka', 'Next', 'Chair 2'],
  ['Sofia Marchetti', 'Women', 'Chair 2'],
  ['Zara Haddad', 'Storm', 'Chair 3'],
  ['Ines Duarte', 'Select', 'Chair 3'],
  ['Nadia Petrova', 'Elite Paris', 'Chair 4'],
  ['Chloé Bernard', 'Viva', 'Chair 4'],
  ['Awa Diallo', 'IMG', 'Chair 5'],
  ['Freya Lindqvist', 'Next', 'Chair 5'],
  ['Yasmin Rahimi', 'Women', 'Chair 6'],
  ['Grace Mensah', 'Storm', 'Chair 6'],
  ['Elena Costa', 'Select', 'Chair 7'],
  ['Hana Kim', 'Elite Paris', 'Chair 7'],
  ['Olivia Brooks', 'Premier', 'Chair 8'],
  ['Maya Schulz', 'Viva', 'Chair 8'],
];

const DRESSERS = ['Jo', 'Priya', 'Marc', 'Ana', 'Theo', 'Lou'];

const OUTFITS = [
  'Ivory wool coat, wide trousers',
  'Black silk slip dress',
  'Camel trench, knit bodysuit',
  'Striped poplin shirt dress',
  'Charcoal tailored suit',
  'Sheer organza blouse, pleated skirt',
  'Leather bomber, midi skirt',
  'Pale blue linen set',
  'Sequin column gown',
  'Velvet tuxedo jacket, satin trousers',
  'Draped jersey dress',
  'Cropped tweed jacket, mini skirt',
  'Oversized denim coat',
  'Crochet knit dress',
  'Metallic pleated gown',
  'Feathered cape, bodysuit',
];

const ACCESSORIES = [
  ['Gold cuff', 'Tote bag'],
  ['Drop earrings'],
  [],
  ['Silk scarf', 'Sunglasses'],
  ['Belt'],
  ['Clutch', 'Rings'],
  [],
  ['Hat'],
];

const SHOES = ['Black pumps', 'Ivory mules', 'Knee boots', 'Flat sandals', 'Platform loafers'];

/** Looks 1–16: each model once; 17–18 bring models 15 and 16 back two looks later (the quick changes); 19–32: models 1–14 again. */
function modelForLook(number: number): number {
  if (number <= 16) return number - 1;
  if (number === 17) return 14;
  if (number === 18) return 15;
  return number - 19;
}

function sectionFor(number: number): string {
  if (number <= 4) return 'Opening';
  if (number <= 16) return 'Day';
  if (number <= 28) return 'Evening';
  return 'Finale';
}

/** Curtain at the next half hour at least 90 minutes away: the demo always has a live countdown. */
function demoCurtain(now: number): { date: string; time: string; call: string; doors: string } {
  const at = new Date(now + 90 * 60_000);
  at.setMinutes(at.getMinutes() < 30 ? 30 : 60, 0, 0);
  const hhmm = (d: Date) =>
    `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const date = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return {
    date,
    time: hhmm(at),
    call: hhmm(new Date(at.getTime() - 4 * 3600_000)),
    doors: hhmm(new Date(at.getTime() - 30 * 60_000)),
  };
}

/** A show that feels real: 32 looks, 16 models, two quick changes, four sections, a briefing and a call. */
export function demoShow(showId: ShowId, site: SiteId, now: number): Change[] {
  const when = demoCurtain(now);
  const show: Show = {
    ...defaultShow(showId),
    id: showId,
    title: 'Maison Lumière — Spring/Summer 27',
    venue: 'Palais de Tokyo, Salle 37',
    date: when.date,
    callTime: when.call,
    doorsTime: when.doors,
    curtainTime: when.time,
    kind: 'runway',
    phase: 'rehearsal',
    pacingSeconds: 45,
    quickChangeLooks: 4,
    quickChangeSeconds: 180,
    tabletIdleMinutes: 3,
    notes: 'Finale: all models walk in look order, one loop, designer bows last.',
  };
  const models: Model[] = MODELS.map(([name, agency, station], i) => ({
    id: `m-demo-${String(i + 1).padStart(2, '0')}` as ModelId,
    name,
    agency,
    photo: '',
    notes: i === 4 ? 'Allergic to latex sponges' : '',
    callTime: when.call,
    checkedInAt: i < 12 ? now - (40 - i) * 60_000 : 0,
    station,
  }));
  const ranks = generateNKeysBetween(null, null, 32);
  const looks: Look[] = ranks.map((rank, i) => {
    const number = i + 1;
    return {
      id: `l-demo-${String(number).padStart(2, '0')}` as LookId,
      rank,
      modelId: (models[modelForLook(number)] as Model).id,
      section: sectionFor(number),
      outfit: OUTFITS[i % OUTFITS.length] as string,
      accessories: ACCESSORIES[i % ACCESSORIES.length] as string[],
      shoes: SHOES[i % SHOES.length] as string,
      hair: number <= 16 ? 'Low sleek bun' : 'Wet-look side part',
      makeup: number <= 16 ? 'Bare skin, brushed brows' : 'Graphic liner, bare lip',
      dresser: DRESSERS[i % DRESSERS.length] as string,
      walkNotes: number === 1 ? 'Open the show: stop at the end, two beats, turn left' : '',
      pacingSeconds: 0,
      cut: false,
    };
  });
  const done = (at: number) => ({ done: true, at, by: site });
  const progress = models.slice(0, 6).flatMap((model, i) => [
    {
      table: 'progress' as const,
      key: model.id,
      field: 'hair',
      value: done(now - (30 - i) * 60_000),
    },
    ...(i < 4
      ? [
          {
            table: 'progress' as const,
            key: model.id,
            field: 'makeup',
            value: done(now - (20 - i) * 60_000),
          },
        ]
      : []),
  ]);
  const briefing = composeCall({ kind: 'briefing', minutes: 15, place: 'by the rails' });
  return [
    ...rowChanges('shows', show),
    ...models.flatMap((model) => rowChanges('models', model)),
    ...looks.flatMap((look) => rowChanges('looks', look)),
    ...progress,
    ...rowChanges('notes', {
      id: newNoteId(),
      kind: 'briefing',
      text: 'Walk tempo is slower than rehearsal: count four beats at the end of the runway. No phones in the line-up.',
      at: now,
      by: site,
      pinned: true,
    }),
    ...rowChanges('calls', {
      id: newCallId(),
      ...briefing,
      issuedAt: now,
      issuedBy: site,
      acknowledgedAt: 0,
      acknowledgedBy: '',
      clearedAt: 0,
    }),
  ];
}
