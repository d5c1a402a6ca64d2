/**
 * A kiosk whose passphrase was refused has an empty show of its own: it must say it has
 * not joined, not show an empty "Untitled show" as if the show had no looks.
 */
export function isNotJoined(input: {
  authError: string;
  isLoaded: boolean;
  hasShowRow: boolean;
}): boolean {
  return input.authError !== '' && input.isLoaded && !input.hasShowRow;
}
