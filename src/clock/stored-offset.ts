// The venue-clock offset kept across reloads, so a kiosk that reloads while offline
// still shows venue time. Kept per show, with the local time it was measured at: an
// offset older than `MAX_AGE_MS` (the machine may have been re-synced or rebooted since)
// is not trusted.

export const MAX_AGE_MS = 12 * 60 * 60 * 1000;

export interface StoredOffset {
  offset: number;
  /** Local clock (not show clock) when it was last measured. */
  savedAt: number;
  /** The estimate was settled (a reference was heard), not a guess. */
  isSettled: boolean;
}

export const storedOffsetKey = (showId: string): string => `backstage-clock:${showId}`;

export function serializeOffset(stored: StoredOffset): string {
  return JSON.stringify(stored);
}

/** The kept offset, or undefined when there is none, it is malformed, unsettled or too old. */
export function parseStoredOffset(
  text: string | null | undefined,
  localNow: number,
): StoredOffset | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { offset, savedAt, isSettled } = value as Record<string, unknown>;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) return undefined;
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return undefined;
  if (isSettled !== true) return undefined;
  const age = localNow - savedAt;
  if (age < -60_000 || age > MAX_AGE_MS) return undefined;
  return { offset, savedAt, isSettled };
}
