// Where to cut a portrait polaroid out of any photo, and how big to keep it. Pure,
// so the geometry is tested without a canvas.

export interface Size {
  width: number;
  height: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** Where the subject is, as fractions of the photo (0.5, 0.5 = the centre). */
export interface Focus {
  x: number;
  y: number;
}

/** The polaroid's shape: 3 wide by 4 high, like a card on the board. */
export const PORTRAIT_ASPECT = 3 / 4;
/** Kept size: sharp on a 4K wall's card and on a tablet, a few tens of KB. */
export const TARGET_SIZE: Size = { width: 480, height: 640 };
export const CENTRE: Focus = { x: 0.5, y: 0.5 };

const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

/** How far in a person may zoom: 4 × on a 12 MP phone photo still leaves a sharp 480 × 640. */
export const MAX_ZOOM = 4;

/** Where a person framed the photo: the subject's place and how far in (1 = the largest crop). */
export interface Frame {
  focus: Focus;
  zoom: number;
}
export const WHOLE_FRAME: Frame = { focus: CENTRE, zoom: 1 };

const zoomOf = (zoom: number): number => clamp(Number.isFinite(zoom) ? zoom : 1, 1, MAX_ZOOM);

/**
 * The largest rectangle of `aspect` (width / height) inside `source`, made `zoom`
 * times smaller, centred on `focus` as far as the edges allow. Whole pixels.
 */
export function portraitCrop(
  source: Size,
  focus: Focus = CENTRE,
  zoom = 1,
  aspect = PORTRAIT_ASPECT,
): Rect {
  if (!(source.width > 0 && source.height > 0))
    throw new RangeError(`a photo of ${source.width} × ${source.height} has no pixels`);
  const byHeight = source.height * aspect;
  const width = Math.max(1, Math.round(Math.min(source.width, byHeight) / zoomOf(zoom)));
  const height = Math.max(1, Math.round(Math.min(source.height, width / aspect)));
  const fx = clamp(Number.isFinite(focus.x) ? focus.x : 0.5, 0, 1);
  const fy = clamp(Number.isFinite(focus.y) ? focus.y : 0.5, 0, 1);
  const x = Math.round(clamp(fx * source.width - width / 2, 0, source.width - width));
  const y = Math.round(clamp(fy * source.height - height / 2, 0, source.height - height));
  return { x, y, width, height };
}

/** The size to keep: the target, or smaller when the crop is smaller (never upscaled), same shape. */
export function keptSize(crop: Size, target: Size = TARGET_SIZE): Size {
  const scale = Math.min(1, target.width / crop.width, target.height / crop.height);
  return {
    width: Math.max(1, Math.round(crop.width * scale)),
    height: Math.max(1, Math.round(crop.height * scale)),
  };
}

/**
 * The sizes to draw through on the way down: halving at each step gives a sharper
 * result than one big jump (a browser's one-step downscale samples too few pixels).
 */
export function downscaleSteps(from: Size, to: Size): Size[] {
  const steps: Size[] = [];
  let current = from;
  while (current.width / 2 >= to.width && current.height / 2 >= to.height) {
    current = { width: Math.round(current.width / 2), height: Math.round(current.height / 2) };
    if (current.width === to.width && current.height === to.height) break;
    steps.push(current);
  }
  steps.push(to);
  return steps;
}

/** The frame that gives `crop`: its centre as the focus, so a drag never pushes past an edge. */
function frameOf(source: Size, crop: Rect, zoom: number): Frame {
  return {
    focus: {
      x: (crop.x + crop.width / 2) / source.width,
      y: (crop.y + crop.height / 2) / source.height,
    },
    zoom: zoomOf(zoom),
  };
}

/**
 * The frame after a drag of the picture by (dx, dy) pixels on a preview `previewWidth`
 * wide: the picture follows the finger, so the crop moves the other way. Kept inside
 * the photo, so dragging back responds at once.
 */
export function dragFrame(
  source: Size,
  frame: Frame,
  drag: { dx: number; dy: number },
  previewWidth: number,
): Frame {
  const crop = portraitCrop(source, frame.focus, frame.zoom);
  const scale = crop.width / Math.max(1, previewWidth);
  const moved = {
    x: frame.focus.x - (drag.dx * scale) / source.width,
    y: frame.focus.y - (drag.dy * scale) / source.height,
  };
  return frameOf(source, portraitCrop(source, moved, frame.zoom), frame.zoom);
}

/** The frame zoomed to `zoom` (1 … MAX_ZOOM) about its centre, kept inside the photo. */
export function zoomFrame(source: Size, frame: Frame, zoom: number): Frame {
  return frameOf(source, portraitCrop(source, frame.focus, zoom), zoom);
}
