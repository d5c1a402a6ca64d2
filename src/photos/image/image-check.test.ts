import { describe, expect, it } from 'vitest';
import { inputProblem, MAX_INPUT_BYTES, pixelProblem, readImageHeader } from './image-check';
import {
  gifHeader,
  jpegHeader,
  pdfHeader,
  pngHeader,
  svgText,
  webpHeader,
} from './testing/image-headers';

const file = (type: string, size = 2_000_000) => ({ type, size });

describe('reading an image header', () => {
  it('finds the size of a PNG, a JPEG, a WebP and a GIF from their first bytes', () => {
    expect(readImageHeader(pngHeader(4032, 3024))).toEqual({
      format: 'png',
      width: 4032,
      height: 3024,
    });
    expect(readImageHeader(jpegHeader(3024, 4032))).toEqual({
      format: 'jpg',
      width: 3024,
      height: 4032,
    });
    expect(readImageHeader(webpHeader(1600, 1200))).toEqual({
      format: 'webp',
      width: 1600,
      height: 1200,
    });
    expect(readImageHeader(gifHeader(320, 240))).toEqual({
      format: 'gif',
      width: 320,
      height: 240,
    });
  });

  it('finds none in a PDF, in text, in nothing or in a header cut short', () => {
    expect(readImageHeader(pdfHeader)).toBeUndefined();
    expect(readImageHeader(new TextEncoder().encode('name,look\nAmara,1'))).toBeUndefined();
    expect(readImageHeader(new Uint8Array())).toBeUndefined();
    expect(readImageHeader(pngHeader(100, 100).subarray(0, 12))).toBeUndefined();
  });
});

describe('what is refused before decoding', () => {
  it('lets a phone photo through', () => {
    expect(
      inputProblem(file('image/jpeg'), readImageHeader(jpegHeader(4032, 3024))),
    ).toBeUndefined();
    expect(inputProblem(file('image/png'), readImageHeader(pngHeader(1080, 1920)))).toBeUndefined();
  });

  it('refuses an image with too many pixels to decode, from its header alone', () => {
    expect(inputProblem(file('image/png'), readImageHeader(pngHeader(12_000, 9_000)))).toBe(
      'The photo is too large to open on this screen: 12000 × 9000 pixels (108 MP), at most 50 MP',
    );
    expect(pixelProblem(8_000, 6_000)).toBeUndefined();
    expect(pixelProblem(50_001, 1_000)).toMatch(/too large/);
  });

  it('refuses a file that is not an image, whatever it claims to be', () => {
    expect(inputProblem(file('application/pdf'), readImageHeader(pdfHeader))).toBe(
      'This file is not a photo (JPEG, PNG, WebP, HEIC)',
    );
    expect(inputProblem(file('image/svg+xml'), readImageHeader(svgText))).toBe(
      'This is a drawing (SVG), not a photo',
    );
    expect(inputProblem(file('image/svg+xml'), undefined)).toBe(
      'This file is not a photo (JPEG, PNG, WebP, HEIC)',
    );
  });

  it('leaves an image without a readable header to the decoder (checked again after decoding)', () => {
    expect(inputProblem(file('image/heic'), undefined)).toBeUndefined();
  });

  it('refuses an empty file and one too large to read', () => {
    expect(inputProblem(file('image/jpeg', 0), undefined)).toBe('The file is empty');
    expect(inputProblem(file('image/jpeg', 45_200_000), undefined)).toBe(
      'The file is too large: 45.2 MB, at most 30 MB',
    );
    expect(inputProblem(file('image/jpeg', MAX_INPUT_BYTES), undefined)).toBeUndefined();
    expect(inputProblem(file('image/jpeg', MAX_INPUT_BYTES + 1), undefined)).toMatch(
      /^The file is too large/,
    );
  });
});
