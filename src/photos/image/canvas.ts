import type { Size } from './crop';

// One face for OffscreenCanvas (workers, and every current browser) and the DOM
// canvas (older Safari), so the pipeline draws and encodes the same way on both.

export type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;
type Context = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export function newCanvas(size: Size): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(size.width, size.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  return canvas;
}

export function context2d(canvas: AnyCanvas): Context {
  const context = canvas.getContext('2d') as Context | null;
  if (!context) throw new Error('this browser gives no 2D canvas');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  return context;
}

/** Draw `source` (or its `from` rectangle) onto a new canvas of `size`, on white (a transparent PNG must not turn black in a JPEG). */
export function drawScaled(
  source: CanvasImageSource,
  size: Size,
  from?: { x: number; y: number; width: number; height: number },
): AnyCanvas {
  const canvas = newCanvas(size);
  const context = context2d(canvas);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size.width, size.height);
  if (from)
    context.drawImage(
      source,
      from.x,
      from.y,
      from.width,
      from.height,
      0,
      0,
      size.width,
      size.height,
    );
  else context.drawImage(source, 0, 0, size.width, size.height);
  return canvas;
}

export async function canvasToBlob(
  canvas: AnyCanvas,
  type: string,
  quality?: number,
): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) =>
        blob ? resolve(blob) : reject(new Error(`the canvas could not be encoded as ${type}`)),
      type,
      quality,
    );
  });
}
