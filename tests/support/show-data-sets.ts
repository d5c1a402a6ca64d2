import type { Page } from '@playwright/test';

// The shows the layout journeys put on every screen: the demo, a long show, and one
// written to break layouts. Built through the app's own actions (window.__backstage),
// on a kiosk that has just loaded the demo show.

export type DataSetName = 'demo' | 'looks-36' | 'looks-60' | 'looks-90' | 'looks-300' | 'hostile';

/** Looks in each data set (the demo has 32; the others add models who each walk twice). */
const LOOK_COUNTS: Record<DataSetName, number> = {
  demo: 32,
  hostile: 32,
  'looks-36': 36,
  'looks-60': 60,
  'looks-90': 90,
  'looks-300': 300,
};

const FIRST = [
  'Amara',
  'Lina',
  'Mei',
  'Sofia',
  'Zara',
  'Ines',
  'Nadia',
  'Chloé',
  'Awa',
  'Freya',
  'Yasmin',
  'Grace',
  'Elena',
  'Hana',
];
const LAST = [
  'Adeyemi',
  'Berg',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Gomez',
  'Hartmann',
  'Ito',
  'Jensen',
  'Kovacs',
  'Laurent',
  'Moreau',
  'Novak',
];

/** Load the demo on a kiosk with no show (the page is on a role screen). */
export async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load the demo show' }).click();
  await page.waitForFunction(() => (window.__backstage?.kiosk.data?.walking.length ?? 0) >= 32);
}

/** Turn the freshly loaded demo into `name`. */
export async function shapeShow(page: Page, name: DataSetName): Promise<void> {
  if (name === 'demo') return;
  const lookCount = LOOK_COUNTS[name];
  await page.evaluate(
    async ({ lookCount, first, last, hostile }) => {
      const hooks = window.__backstage;
      if (!hooks?.kiosk.data) throw new Error('no show open');
      const { actions } = hooks;
      const data = hooks.kiosk.data;
      // The demo's 32 looks must be in before we count what to add (a live query can lag).
      while (data.walking.length < 32) await new Promise((done) => requestAnimationFrame(done));
      // More models and looks: each new model walks twice.
      const extra = lookCount - data.walking.length;
      const newModels = [];
      for (let i = 0; i < Math.ceil(extra / 2); i++) {
        newModels.push(
          await actions.addModel({
            // Past the fourteenth pair of names, a number keeps every model's name her own.
            name: `${first[i % first.length]} ${last[(i * 5) % last.length]}${i >= first.length ? ` ${i + 1}` : ''}`,
            station: `Chair ${9 + (i % 4)}`,
          }),
        );
      }
      for (let i = 0; i < extra; i++) {
        const model = newModels[i % newModels.length] ?? newModels[0];
        await actions.addLook({
          modelId: model,
          section: i < extra / 2 ? 'Resort' : 'Couture',
          outfit: `Look outfit ${i + 1}`,
          accessories: [],
        });
      }
      if (!hostile) return;
      const longWords = 'Anastasia-Maximiliana della Rovere-Castelfranco Sørensen-Okafor '
        .repeat(4)
        .trim();
      const longName = `${longWords} ${'Montgomery '.repeat(8)}`.slice(0, 200).trim();
      const unbroken = 'Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft'.slice(
        0,
        60,
      );
      const models = [...data.models.current].sort((a, b) => a.id.localeCompare(b.id));
      const looks = data.walking;
      await actions.updateModel(models[0]!.id, { name: longName });
      await actions.updateModel(models[1]!.id, { name: unbroken });
      await actions.updateModel(models[2]!.id, { name: `${unbroken} ${unbroken}` });
      const section =
        `Opening — ${'the long walk through the garden of mirrors and the hall of silk '.repeat(4)}`.slice(
          0,
          200,
        );
      for (const entry of looks.slice(0, 4))
        await actions.updateLook(entry.look.id, { section, outfit: `${unbroken} ${longWords}` });
      await actions.updateShow({
        title:
          `${'Maison Lumière — Spring/Summer 27 — the collection shown in the great hall '.repeat(3)}`.slice(
            0,
            200,
          ),
      });
      // Five calls at once with the demo's briefing call: four here and a line-up.
      for (const text of [
        `Touch-up for ${unbroken} at chair 3 before the line-up, please hurry`,
        'Photographers in the relaxation area in five minutes — no phones, no candid shots of the finale looks',
        `${unbroken}${unbroken}`,
      ]) {
        await actions.issueCall({ kind: 'custom', text, modelIds: [] });
      }
      await actions.issueCall({ kind: 'lineup', from: 1, to: 4 });
      await actions.addNote(
        'briefing',
        `Walk tempo is slower than rehearsal: count four beats at the end of the runway, turn left, hold two beats at the top of the stairs. ${unbroken}. No phones in the line-up; dressers stay behind the black line; models in the finale keep the last look on until the designer has bowed and the lights are down.`,
      );
      await actions.addNote(
        'change',
        `Look 12 swaps shoes: ${unbroken}. The ivory mules go to look 19.`,
      );
    },
    { lookCount, first: FIRST, last: LAST, hostile: name === 'hostile' },
  );
  await page.waitForFunction(
    (count) => (window.__backstage?.kiosk.data?.walking.length ?? 0) >= count,
    lookCount,
  );
}
