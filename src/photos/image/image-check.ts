import { imageSize } from 'image-size';

// What is refused before anything is decoded: a file too big, one that is not an
// image, and an image whose header says it has more pixels than a tablet can hold
// decoded (a 100-megapixel photo takes 400 MB once decoded: the tab would die).

/** A file bigger than this is refused unread (a phone photo is a few MB). */
export const MAX_INPUT_BYTES = 30_000_000;
/** Pixels decoded at most: a 48-megapixel phone camera fits, a panorama stitched from ten does not. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** The header sits in the first bytes; a JPEG's may follow 64 KB of EXIF and thumbnails. */
export const HEADER_BYTES = 256 * 1024;

/** The formats a browser decodes that a camera or phone produces (image-size's names). */
const PHOTO_FORMATS = new Set(['jpg', 'png', 'webp', 'gif', 'bmp', 'heif', 'heic', 'avif']);
const FORMAT_NAMES: Record<string, string> = {
  jpg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  bmp: 'BMP',
  heif: 'HEIF',
  heic: 'HEIC',
  avif: 'AVIF',
};

export interface ImageHeader {
  /** image-size's name for the format: jpg, png, webp... */
  format: string;
  width: number;
  height: number;
}

/** Width, height and format from the first bytes of a file, or undefined when no known header is there. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  try {
    const size = imageSize(bytes);
    if (!size.type || !(size.width > 0) || !(size.height > 0)) return undefined;
    return { format: size.type, width: size.width, height: size.height };
  } catch {
    // Not a format it knows, or a header cut short: no header.
    return undefined;
  }
}

export const formatName = (format: string): string => FORMAT_NAMES[format] ?? format.toUpperCase();

const megapixels = (pixels: number): string => `${Math.round(pixels / 100_000) / 10} MP`;
const megabytes = (bytes: number): string => `${Math.round(bytes / 100_000) / 10} MB`;

/**
 * Why a file cannot become a photo before decoding it, in words for whoever picked
 * it ("too large to open on this screen: 12000 × 9000 pixels (108 MP), at most 50 MP"),
 * or undefined when it is worth decoding. A file whose header is unknown but whose
 * type says image (a format image-size does not read) is left to the decoder.
 */
export function inputProblem(
  file: { size: number; type: string },
  header: ImageHeader | undefined,
): string | undefined {
  if (file.size === 0) return 'The file is empty';
  if (file.size > MAX_INPUT_BYTES)
    return `The file is too large: ${megabytes(file.size)}, at most ${megabytes(MAX_INPUT_BYTES)}`;
  if (header) {
    if (header.format === 'svg') return 'This is a drawing (SVG), not a photo';
    if (!PHOTO_FORMATS.has(header.format))
      return `This is a ${formatName(header.format)} image, not a photo this screen can open (JPEG, PNG, WebP, HEIC)`;
    return pixelProblem(header.width, header.height);
  }
  if (!file.type.startsWith('image/') || file.type === 'image/svg+xml')
    return 'This file is not a photo (JPEG, PNG, WebP, HEIC)';
  return undefined;
}

/** Why an image of this size is refused, or undefined. Checked again after decoding, for formats without a readable header. */
export function pixelProblem(width: number, height: number): string | undefined {
  const pixels = width * height;
  return pixels > MAX_INPUT_PIXELS
    ? `The photo is too large to open on this screen: ${width} × ${height} pixels (${megapixels(pixels)}), at most ${megapixels(MAX_INPUT_PIXELS)}`
    : undefined;
}
