import type { Page } from '@playwright/test';
import type {} from './backstage-window';

// Photos made in a kiosk's page for journeys and the bench: `count` distinct portrait
// WebP images (480 × 640, tens of KB like the pipeline's), stored on that kiosk and
// set as the photos of the show's first looks, then of its models, through the same
// action the photo dialog saves with.

/** What every test photo is: the 480 × 640 WebP the canvas below draws. */
const PHOTO_META = {
  type: 'image/webp',
  width: 480,
  height: 640,
  quality: 0.8,
  isOverBudget: false,
} as const;

export interface TestPhotos {
  subjects: Array<{ table: 'looks' | 'models'; id: string }>;
  ids: string[];
  bytes: number;
}

export async function addTestPhotos(
  page: Page,
  count: number,
  options: { isStored?: boolean } = {},
): Promise<TestPhotos> {
  return page.evaluate(
    async ({ n, isStored, meta }) => {
      const hooks = window.__backstage!;
      const data = hooks.kiosk.data!;
      const subjects = [
        ...data.looks.current.map((look) => ({ table: 'looks' as const, id: look.id })),
        ...data.models.current.map((model) => ({ table: 'models' as const, id: model.id })),
      ].slice(0, n);
      const ids: string[] = [];
      let total = 0;
      const stash = ((
        window as unknown as { __testPhotos?: Map<string, Uint8Array> }
      ).__testPhotos ??= new Map());
      for (const [i, subject] of subjects.entries()) {
        const canvas = new OffscreenCanvas(480, 640);
        const context = canvas.getContext('2d')!;
        // Small blocks of colour from a seeded generator: detail enough to weigh what a photo weighs.
        let state = (i + 1) * 2654435761;
        const random = () => {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          return (state >>> 0) / 4294967296;
        };
        for (let y = 0; y < 640; y += 8)
          for (let x = 0; x < 480; x += 8) {
            context.fillStyle = `hsl(${Math.floor(random() * 360)} 60% ${30 + Math.floor(random() * 40)}%)`;
            context.fillRect(x, y, 8, 8);
          }
        const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
        const bytes = new Uint8Array(await blob.arrayBuffer());
        const id = await hooks.photos.photoIdOf(bytes);
        // Not stored: the subject names a photo no kiosk holds yet (store it with `storeTestPhotos`).
        if (!isStored) {
          await hooks.photos.pointPhoto(subject, id);
          stash.set(id, bytes);
          ids.push(id);
          total += bytes.length;
          continue;
        }
        await hooks.photos.setPhoto(subject, { id, bytes, ...meta });
        ids.push(id);
        total += bytes.length;
      }
      return { subjects, ids, bytes: total };
    },
    { n: count, isStored: options.isStored ?? true, meta: PHOTO_META },
  );
}

/** Store on `page` the photos `addTestPhotos` made there without storing them: now a kiosk holds them. */
export async function storeTestPhotos(page: Page, photos: TestPhotos): Promise<void> {
  await page.evaluate(
    async ({ subjects, ids, meta }) => {
      const hooks = window.__backstage!;
      const stash = (window as unknown as { __testPhotos: Map<string, Uint8Array> }).__testPhotos;
      for (const [i, subject] of subjects.entries()) {
        const id = ids[i] as string;
        const bytes = stash.get(id) as Uint8Array;
        await hooks.photos.setPhoto(subject, { id, bytes, ...meta });
      }
    },
    { ...photos, meta: PHOTO_META },
  );
}

/** Point the subjects at their photos again (or at none, with `ids` empty strings): one op each. */
export async function pointTestPhotos(
  page: Page,
  photos: TestPhotos,
  isShown: boolean,
): Promise<void> {
  await page.evaluate(
    async ({ subjects, ids, isShown: shown }) => {
      const hooks = window.__backstage!;
      for (const [i, subject] of subjects.entries())
        await hooks.photos.pointPhoto(subject, shown ? (ids[i] ?? '') : '');
    },
    { subjects: photos.subjects, ids: photos.ids, isShown },
  );
}
