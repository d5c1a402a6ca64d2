/** What went wrong, in words for a person: an Error's message, or whatever was thrown, as text. */
export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
