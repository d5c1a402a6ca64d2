// The first bytes of image files of any claimed size, for tests of what is refused
// before decoding. Only the headers are real; what follows is not image data.

const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16be = (n: number) => [(n >>> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export const pngHeader = (width: number, height: number): Uint8Array =>
  new Uint8Array([
    0x89,
    ...ascii('PNG\r\n\x1a\n'),
    ...u32be(13),
    ...ascii('IHDR'),
    ...u32be(width),
    ...u32be(height),
    8,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);

export const jpegHeader = (width: number, height: number): Uint8Array =>
  new Uint8Array([
    0xff,
    0xd8,
    // APP0 (JFIF)
    0xff,
    0xe0,
    ...u16be(16),
    ...ascii('JFIF\0'),
    1,
    1,
    0,
    ...u16be(72),
    ...u16be(72),
    0,
    0,
    // SOF0: precision, height, width, components
    0xff,
    0xc0,
    ...u16be(17),
    8,
    ...u16be(height),
    ...u16be(width),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
    0xff,
    0xda,
    0,
    0,
  ]);

export const webpHeader = (width: number, height: number): Uint8Array =>
  new Uint8Array([
    ...ascii('RIFF'),
    0,
    0,
    0,
    0,
    ...ascii('WEBPVP8X'),
    ...u32be(10).reverse(),
    0,
    0,
    0,
    0,
    ...u24le(width - 1),
    ...u24le(height - 1),
    0,
    0,
  ]);

export const gifHeader = (width: number, height: number): Uint8Array =>
  new Uint8Array([...ascii('GIF89a'), ...u16le(width), ...u16le(height), 0, 0, 0]);

export const svgText = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400"></svg>',
);
export const pdfHeader = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj');
