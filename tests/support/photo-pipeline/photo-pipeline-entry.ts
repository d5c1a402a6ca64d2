import { addressPhoto } from '../../../src/photos/transfer/content-address';
import { photoEncoding, photoFromFile, photoFromImage } from '../../../src/photos/image/pipeline';
import { pngHeader } from '../../../src/photos/image/testing/image-headers';

// The photo pipeline as a script for a blank page in Chromium: the spec bundles
// this file and calls `window.photoPipeline` from `page.evaluate`.

const photoPipeline = { addressPhoto, photoEncoding, photoFromFile, photoFromImage, pngHeader };

declare global {
  interface Window {
    photoPipeline?: typeof photoPipeline;
  }
}

window.photoPipeline = photoPipeline;
