// Which image format this browser can write from a canvas. A canvas asked for a
// type it cannot encode silently writes PNG instead, so the answer is the type of
// what comes back (Chromium writes WebP; Safari falls back to PNG for it).

/** Best first: smaller files at the same quality. Few browsers write AVIF from a canvas yet. */
export const ENCODING_PREFERENCE = ['image/avif', 'image/webp', 'image/jpeg'] as const;
export type PhotoType = (typeof ENCODING_PREFERENCE)[number];

/**
 * The first type in preference order whose probe comes back as that type; JPEG,
 * which every browser writes, when none does.
 */
export async function pickEncoding(
  probe: (type: PhotoType) => Promise<string | undefined>,
): Promise<PhotoType> {
  for (const type of ENCODING_PREFERENCE) {
    try {
      if ((await probe(type)) === type) return type;
    } catch {
      // A browser that throws for an unknown type: not this one.
    }
  }
  return 'image/jpeg';
}
