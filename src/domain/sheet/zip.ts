// Just enough of ZIP to open a workbook, with the limits a hostile file needs:
// a part is unpacked only if asked for, and unpacking stops as soon as it passes
// its limit, whatever the archive claims (a zip bomb lies about its sizes).
import { Inflate } from 'fflate';

export class ZipProblem extends Error {}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;
/** Pushed to the inflater a slice at a time, so the limit is checked while unpacking (16 kB unpack to 17 MB at most). */
const SLICE = 16 * 1024;

/** The entries of a ZIP archive, by name; each part is unpacked on `read`. */
export class ZipArchive {
  private readonly entries = new Map<string, Entry>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    /** No single part may unpack to more than this many bytes. */
    private readonly partLimit: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const entry of this.readDirectory()) this.entries.set(entry.name.toLowerCase(), entry);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The unpacked bytes of a part, or undefined when the archive has no such part. */
  read(name: string): Uint8Array | undefined {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) return undefined;
    if (entry.flags & 1) throw new ZipProblem('it is encrypted (password-protected)');
    if (entry.size > this.partLimit) {
      throw new ZipProblem(`its part ${entry.name} unpacks to ${megabytes(entry.size)}`);
    }
    if (this.u32(entry.headerOffset) !== LOCAL) throw new ZipProblem('it is damaged');
    const start =
      entry.headerOffset +
      30 +
      this.u16(entry.headerOffset + 26) +
      this.u16(entry.headerOffset + 28);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw new ZipProblem('it is cut short');
    const packed = this.bytes.subarray(start, end);
    if (entry.method === STORED) return packed;
    if (entry.method !== DEFLATE) throw new ZipProblem('it uses a compression Excel does not');
    return this.inflate(packed, entry.name);
  }

  private inflate(packed: Uint8Array, name: string): Uint8Array {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > this.partLimit) {
        throw new ZipProblem(`its part ${name} unpacks to more than ${megabytes(this.partLimit)}`);
      }
      chunks.push(chunk);
    });
    try {
      for (let at = 0; at < packed.length; at += SLICE) {
        inflater.push(packed.subarray(at, at + SLICE), at + SLICE >= packed.length);
      }
      if (packed.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof ZipProblem) throw error;
      throw new ZipProblem(`its part ${name} is damaged`);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private readDirectory(): Entry[] {
    const length = this.bytes.length;
    if (length < 22 || this.u32(0) !== LOCAL) throw new ZipProblem('it is not a ZIP archive');
    // The end record sits in the last 22 bytes plus at most a 64 kB comment.
    let end = -1;
    for (let at = length - 22; at >= Math.max(0, length - 22 - 0xffff); at--) {
      if (this.u32(at) === EOCD) {
        end = at;
        break;
      }
    }
    if (end < 0) throw new ZipProblem('it is cut short (no end of archive)');
    const count = this.u16(end + 10);
    let at = this.u32(end + 16);
    if (count === 0xffff || at === 0xffffffff) throw new ZipProblem('it is a ZIP64 archive');
    if (count > 10_000) throw new ZipProblem(`it holds ${count} parts`);
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 46 > length || this.u32(at) !== CENTRAL) throw new ZipProblem('it is damaged');
      const nameLength = this.u16(at + 28);
      const entry: Entry = {
        flags: this.u16(at + 8),
        method: this.u16(at + 10),
        compressedSize: this.u32(at + 20),
        size: this.u32(at + 24),
        headerOffset: this.u32(at + 42),
        name: new TextDecoder().decode(this.bytes.subarray(at + 46, at + 46 + nameLength)),
      };
      if (entry.headerOffset + 30 > length) throw new ZipProblem('it is damaged');
      entries.push(entry);
      at += 46 + nameLength + this.u16(at + 30) + this.u16(at + 32);
    }
    return entries;
  }

  private u16(at: number): number {
    return at + 2 <= this.bytes.length ? this.view.getUint16(at, true) : 0;
  }

  private u32(at: number): number {
    return at + 4 <= this.bytes.length ? this.view.getUint32(at, true) : 0;
  }
}

export const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;
