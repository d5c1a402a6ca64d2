import { describe, expect, it } from 'vitest';
import { photoIdFromDigest } from '../../domain/photo-id';
import { hasPhoto, isLegacyPhoto, lookPhoto } from './photo-view';

const face = photoIdFromDigest(new Uint8Array(32).fill(1));
const fitting = photoIdFromDigest(new Uint8Array(32).fill(2));
const models = new Map([
  ['m-ana', { photo: face as string }],
  ['m-bo', { photo: '' }],
]);

describe('what a screen shows for a photo field', () => {
  it('shows a photo id, and an older show’s image data: URL, and nothing else', () => {
    expect(hasPhoto(face)).toBe(true);
    expect(hasPhoto('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(hasPhoto('')).toBe(false);
    expect(hasPhoto(undefined)).toBe(false);
    expect(hasPhoto('https://tracker.example/pixel.gif')).toBe(false);
    expect(isLegacyPhoto('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(hasPhoto('p-not-a-real-id')).toBe(false);
  });

  it('shows a look’s fitting photo, else its model’s face, else nothing', () => {
    expect(lookPhoto({ photo: fitting, modelId: 'm-ana' }, models)).toBe(fitting);
    expect(lookPhoto({ photo: '', modelId: 'm-ana' }, models)).toBe(face);
    expect(lookPhoto({ modelId: 'm-bo' }, models)).toBe('');
    expect(lookPhoto({ photo: '', modelId: 'm-gone' }, models)).toBe('');
    expect(lookPhoto(undefined, models)).toBe('');
  });
});
