import { describe, expect, it } from 'vitest';
import { cameraProblem, openCamera } from './camera';

const refusal = (name: string) => new DOMException('refused', name);
const devices = (getUserMedia: MediaDevices['getUserMedia']) => ({ getUserMedia }) as MediaDevices;

describe('the camera', () => {
  it('explains each refusal of the browser, with the file picker as the way on', () => {
    expect(cameraProblem(refusal('NotAllowedError'))).toBe(
      'The camera is blocked for this page. Allow the camera in the browser settings, or choose a photo file instead.',
    );
    expect(cameraProblem(refusal('NotFoundError'))).toBe(
      'This device has no camera. Choose a photo file instead.',
    );
    expect(cameraProblem(refusal('OverconstrainedError'))).toBe(
      'No camera here can take this photo. Try the other camera, or choose a photo file.',
    );
    expect(cameraProblem(refusal('NotReadableError'))).toMatch(/in use by another app/);
    for (const error of [refusal('SomethingNew'), new Error('x'), 'a string', null])
      expect(cameraProblem(error)).toMatch(/photo file/);
  });

  it('opens the stream, or answers with the reason instead of throwing', async () => {
    const stream = {} as MediaStream;
    expect(
      await openCamera(
        'user',
        devices(async () => stream),
      ),
    ).toEqual({ ok: true, stream });
    expect(
      await openCamera(
        'user',
        devices(async () => Promise.reject(refusal('NotAllowedError'))),
      ),
    ).toEqual({
      ok: false,
      problem: cameraProblem(refusal('NotAllowedError')),
    });
  });

  it('asks for the rear camera by default, at a size that crops sharply', async () => {
    let asked: MediaStreamConstraints | undefined;
    await openCamera(
      undefined,
      devices(async (constraints) => {
        asked = constraints;
        return {} as MediaStream;
      }),
    );
    expect(asked).toEqual({
      audio: false,
      video: {
        facingMode: { ideal: 'environment' },
        width: { ideal: 1280 },
        height: { ideal: 960 },
      },
    });
  });

  it('says so on a page without media devices (not https)', async () => {
    expect(await openCamera('user', {} as MediaDevices)).toEqual({
      ok: false,
      problem: cameraProblem({ name: 'NoMediaDevices' }),
    });
  });
});
