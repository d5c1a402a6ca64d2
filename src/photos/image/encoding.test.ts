import { describe, expect, it } from 'vitest';
import { pickEncoding } from './encoding';

describe('picking the encoding', () => {
  it('takes WebP where the canvas writes WebP and AVIF comes back as PNG (Chromium)', async () => {
    expect(await pickEncoding(async (type) => (type === 'image/avif' ? 'image/png' : type))).toBe(
      'image/webp',
    );
  });

  it('falls back to JPEG where WebP comes back as PNG (older Safari)', async () => {
    expect(await pickEncoding(async (type) => (type === 'image/jpeg' ? type : 'image/png'))).toBe(
      'image/jpeg',
    );
  });

  it('takes AVIF where the browser writes it', async () => {
    expect(await pickEncoding(async (type) => type)).toBe('image/avif');
  });

  it('treats a probe that throws as no', async () => {
    const probe = async (type: string) => {
      if (type !== 'image/jpeg') throw new Error('unsupported');
      return type;
    };
    expect(await pickEncoding(probe)).toBe('image/jpeg');
  });
});
