import type { PhotoId } from '../../domain/photo-id';
import { encodeWithinBudget, PHOTO_BUDGET_BYTES } from './budget';
import { canvasToBlob, context2d, drawScaled, newCanvas, type AnyCanvas } from './canvas';
import { addressPhoto, MAX_PHOTO_BYTES } from '../transfer/content-address';
import {
  CENTRE,
  downscaleSteps,
  keptSize,
  portraitCrop,
  TARGET_SIZE,
  type Focus,
  type Size,
} from './crop';
import { pickEncoding, type PhotoType } from './encoding';
import { HEADER_BYTES, inputProblem, pixelProblem, readImageHeader } from './image-check';

// From a picked file or a camera frame to a stored polaroid: checked, decoded,
// cropped to a portrait, scaled down, encoded in a few tens of KB, named by its
// bytes. Nothing here stores anything: a refusal changes nothing by construction.

export interface PreparedPhoto {
  id: PhotoId;
  bytes: Uint8Array;
  type: PhotoType;
  width: number;
  height: number;
  quality: number;
  /** Nothing fitted the budget even at the smallest size: kept anyway, a little bigger. */
  isOverBudget: boolean;
}
export type PrepareResult = { ok: true; photo: PreparedPhoto } | { ok: false; problem: string };

export interface PrepareOptions {
  /** Where the subject is (0..1 each way), default the centre. */
  focus?: Focus;
  /** How far in (1 = the largest portrait crop, up to MAX_ZOOM). */
  zoom?: number;
  target?: Size;
  budget?: number;
}

let encoding: Promise<PhotoType> | undefined;
/** This browser's best photo type, probed once with a tiny canvas. */
export function photoEncoding(): Promise<PhotoType> {
  encoding ??= pickEncoding(async (type) => {
    const canvas = newCanvas({ width: 2, height: 2 });
    // An OffscreenCanvas without a context refuses to encode at all.
    context2d(canvas).fillRect(0, 0, 2, 2);
    return (await canvasToBlob(canvas, type, 0.8)).type;
  });
  return encoding;
}

export type DecodeResult = { ok: true; bitmap: ImageBitmap } | { ok: false; problem: string };

/**
 * A picked file (or any blob) decoded, to frame it before it is prepared: refused
 * with the reason before decoding where the header allows, and after decoding when
 * it has more pixels than a tablet holds. The caller closes the bitmap.
 */
export async function decodePhotoFile(file: Blob): Promise<DecodeResult> {
  const header = readImageHeader(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()));
  const problem = inputProblem(file, header);
  if (problem) return { ok: false, problem };
  let bitmap: ImageBitmap;
  try {
    // EXIF orientation is applied ('from-image' is the default): a phone photo stands up.
    bitmap = await createImageBitmap(file);
  } catch {
    return {
      ok: false,
      problem:
        'This file could not be opened as a photo: it is damaged, or in a format this browser does not read',
    };
  }
  const tooLarge = pixelProblem(bitmap.width, bitmap.height);
  if (tooLarge) {
    bitmap.close();
    return { ok: false, problem: tooLarge };
  }
  return { ok: true, bitmap };
}

/** A photo from a picked file (or any blob): decoded (see decodePhotoFile), then prepared. */
export async function photoFromFile(
  file: Blob,
  options: PrepareOptions = {},
): Promise<PrepareResult> {
  const decoded = await decodePhotoFile(file);
  if (!decoded.ok) return decoded;
  try {
    return await photoFromImage(decoded.bitmap, options);
  } finally {
    decoded.bitmap.close();
  }
}

/** A photo from a decoded image: a camera frame (see camera.ts) or a bitmap. */
export async function photoFromImage(
  image: ImageBitmap | AnyCanvas,
  options: PrepareOptions = {},
): Promise<PrepareResult> {
  const tooLarge = pixelProblem(image.width, image.height);
  if (tooLarge) return { ok: false, problem: tooLarge };
  if (image.width === 0 || image.height === 0)
    return { ok: false, problem: 'The photo has no pixels' };
  const crop = portraitCrop(image, options.focus ?? CENTRE, options.zoom ?? 1);
  const kept = keptSize(crop, options.target ?? TARGET_SIZE);
  // Halve step by step down to the kept size, starting from the crop itself.
  const [first = kept, ...rest] = downscaleSteps(crop, kept);
  let canvas = drawScaled(image, first, crop);
  for (const step of rest) canvas = drawScaled(canvas, step);
  const final = canvas;
  const type = await photoEncoding();
  const result = await encodeWithinBudget(
    async (dimensions, quality) => {
      const source =
        dimensions.width === final.width && dimensions.height === final.height
          ? final
          : drawScaled(final, dimensions);
      return canvasToBlob(source, type, quality);
    },
    kept,
    options.budget ?? PHOTO_BUDGET_BYTES,
  );
  const bytes = new Uint8Array(await result.encoded.arrayBuffer());
  if (bytes.length > MAX_PHOTO_BYTES)
    return { ok: false, problem: 'The photo could not be made small enough to share' };
  const { id } = await addressPhoto(bytes);
  return {
    ok: true,
    photo: {
      id,
      bytes,
      type,
      width: result.dimensions.width,
      height: result.dimensions.height,
      quality: result.quality,
      isOverBudget: result.isOverBudget,
    },
  };
}
