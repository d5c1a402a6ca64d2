import type { Page } from '@playwright/test';

// Stand-in portraits for journeys and screenshots, drawn by the browser itself: a
// backdrop, shoulders, a face and hair in a colour of their own, and a number, so
// that each model's photo is told apart at a glance and checked by its colours.

export interface FaceSpec {
  /** Hue of the backdrop (0–360); the hair takes the opposite hue. */
  hue: number;
  /** Printed small in a corner: which photo this is. */
  label: string;
  width: number;
  height: number;
  type: 'image/png' | 'image/jpeg' | 'image/webp';
}

/** Bytes of one stand-in portrait, made in `page` (any page of the app's origin). */
export async function drawFace(page: Page, spec: FaceSpec): Promise<Buffer> {
  const base64 = await page.evaluate(async ({ hue, label, width, height, type }) => {
    const canvas = new OffscreenCanvas(width, height);
    const c = canvas.getContext('2d')!;
    const backdrop = c.createLinearGradient(0, 0, 0, height);
    backdrop.addColorStop(0, `hsl(${hue} 55% 62%)`);
    backdrop.addColorStop(1, `hsl(${hue} 45% 30%)`);
    c.fillStyle = backdrop;
    c.fillRect(0, 0, width, height);
    const cx = width / 2;
    const unit = Math.min(width, height * 0.75);
    // Shoulders.
    c.fillStyle = `hsl(${(hue + 200) % 360} 30% 18%)`;
    c.beginPath();
    c.ellipse(cx, height * 0.98, unit * 0.48, height * 0.26, 0, Math.PI, 0);
    c.fill();
    // Neck and face.
    c.fillStyle = `hsl(28 45% ${48 + (hue % 5) * 5}%)`;
    c.fillRect(cx - unit * 0.08, height * 0.55, unit * 0.16, height * 0.2);
    c.beginPath();
    c.ellipse(cx, height * 0.44, unit * 0.19, height * 0.17, 0, 0, Math.PI * 2);
    c.fill();
    // Hair.
    c.fillStyle = `hsl(${(hue + 180) % 360} 60% 22%)`;
    c.beginPath();
    c.ellipse(cx, height * 0.33, unit * 0.22, height * 0.1, 0, Math.PI, 0);
    c.fill();
    // Eyes and mouth.
    c.fillStyle = '#1a1a1a';
    for (const side of [-1, 1]) {
      c.beginPath();
      c.ellipse(cx + side * unit * 0.07, height * 0.43, unit * 0.022, height * 0.012, 0, 0, 7);
      c.fill();
    }
    c.fillStyle = '#8a2a35';
    c.fillRect(cx - unit * 0.05, height * 0.52, unit * 0.1, height * 0.012);
    c.fillStyle = 'rgba(255,255,255,0.85)';
    c.font = `bold ${Math.round(height * 0.05)}px sans-serif`;
    c.fillText(label, width * 0.04, height * 0.07);
    const blob = await canvas.convertToBlob({ type, quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, spec);
  return Buffer.from(base64, 'base64');
}
