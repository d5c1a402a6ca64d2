// The camera on a tablet or laptop, with the browser's refusals turned into words
// a makeup artist can act on. The file picker is the fallback for every one of them.

export type CameraResult = { ok: true; stream: MediaStream } | { ok: false; problem: string };

/** The browser's refusal of `getUserMedia`, in plain words, with what to do next. */
export function cameraProblem(error: unknown): string {
  const name =
    typeof error === 'object' && error !== null && 'name' in error
      ? String((error as { name: unknown }).name)
      : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'The camera is blocked for this page. Allow the camera in the browser settings, or choose a photo file instead.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return 'This device has no camera. Choose a photo file instead.';
    case 'NotReadableError':
    case 'TrackStartError':
      return 'The camera is in use by another app, or not working. Close the other app and try again, or choose a photo file.';
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'No camera here can take this photo. Try the other camera, or choose a photo file.';
    case 'SecurityError':
      return 'The camera is only available on a secure page (https or this computer). Choose a photo file instead.';
    case 'AbortError':
      return 'The camera stopped before it started. Try again, or choose a photo file.';
    case 'NoMediaDevices':
      return 'This browser gives no access to a camera here. Choose a photo file instead.';
    default:
      return 'The camera could not be started. Choose a photo file instead.';
  }
}

/** What to ask for: a camera facing the subject, big enough for a sharp 480 × 640 crop. */
export const cameraConstraints = (facing: 'user' | 'environment'): MediaStreamConstraints => ({
  audio: false,
  video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 960 } },
});

/** Open the camera: the stream, or why not. `mediaDevices` is absent on insecure pages. */
export async function openCamera(
  facing: 'user' | 'environment' = 'environment',
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<CameraResult> {
  if (!mediaDevices?.getUserMedia)
    return { ok: false, problem: cameraProblem({ name: 'NoMediaDevices' }) };
  try {
    return { ok: true, stream: await mediaDevices.getUserMedia(cameraConstraints(facing)) };
  } catch (error) {
    return { ok: false, problem: cameraProblem(error) };
  }
}

/** Turn the camera off (its light too): every track stopped. */
export function closeCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The frame the video shows now, or undefined before the first frame has arrived. */
export async function grabFrame(video: HTMLVideoElement): Promise<ImageBitmap | undefined> {
  if (video.readyState < 2 || video.videoWidth === 0) return undefined;
  return createImageBitmap(video);
}
