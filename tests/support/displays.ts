/** The real displays every screen is checked on (docs/displays.md lists them). */
export const DISPLAYS = [
  { name: 'hd-720', width: 1280, height: 720 },
  { name: 'full-hd', width: 1920, height: 1080 },
  { name: 'portrait-wall', width: 1080, height: 1920 },
  { name: '4k', width: 3840, height: 2160 },
  { name: 'ultrawide', width: 2560, height: 1080 },
  { name: 'tablet-landscape', width: 1180, height: 820 },
  { name: 'tablet-portrait', width: 820, height: 1180 },
  { name: 'phone', width: 390, height: 844 },
] as const;

export type Display = (typeof DISPLAYS)[number];
