import * as v from 'valibot';
import { isPhotoId, type PhotoId } from '../../domain/photo-id';
import {
  CHUNK_BYTES,
  chunkCount,
  MAX_CHUNKS,
  MAX_PHOTO_BYTES,
  type PhotoManifest,
} from './content-address';

// The messages that carry photos between two kiosks, told apart by `type`, beside
// the sync protocol's own. Everything that arrives is checked here first.

/** Ask for a photo: without `chunks`, its manifest and every chunk; with them, only those (a resume). */
export interface PhotoWantMessage {
  type: 'photo-want';
  id: PhotoId;
  chunks?: number[];
}
/** The answer to a want: the manifest, or null when this kiosk does not hold the photo. */
export interface PhotoHaveMessage {
  type: 'photo-have';
  id: PhotoId;
  manifest: PhotoManifest | null;
}
export interface PhotoChunkMessage {
  type: 'photo-chunk';
  id: PhotoId;
  index: number;
  /** The chunk's bytes, base64url. */
  data: string;
}
export type PhotoMessage = PhotoWantMessage | PhotoHaveMessage | PhotoChunkMessage;
export type PhotoMessageType = PhotoMessage['type'];

/** A chunk in base64 plus its envelope: anything longer is refused before it is parsed. */
export const MAX_PHOTO_MESSAGE_CHARS = Math.ceil((CHUNK_BYTES * 4) / 3) + 1024;

const quote = (value: unknown): string =>
  typeof value === 'string' ? `'${value.slice(0, 60)}'` : String(value);

const photoId = v.custom<PhotoId>(isPhotoId, (issue) => `${quote(issue.input)} is not a photo id`);
const chunkIndex = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(MAX_CHUNKS - 1, `must be under ${MAX_CHUNKS}`),
);
const SHA256_BASE64URL = /^[A-Za-z0-9_-]{43}$/;
const manifest = v.pipe(
  v.object({
    size: v.pipe(
      v.number(),
      v.safeInteger('must be a whole number'),
      v.minValue(1, 'must be at least 1 byte'),
      v.maxValue(MAX_PHOTO_BYTES, `is over the ${MAX_PHOTO_BYTES} bytes a photo may have`),
    ),
    hashes: v.pipe(
      v.array(v.pipe(v.string(), v.regex(SHA256_BASE64URL, 'is not a SHA-256 hash'))),
      v.maxLength(MAX_CHUNKS, `lists more than ${MAX_CHUNKS} chunks`),
    ),
  }),
  v.check(
    (m) => m.hashes.length === chunkCount(m.size),
    (issue) => {
      const m = issue.input as PhotoManifest;
      return `lists ${m.hashes.length} chunks where ${m.size} bytes make ${chunkCount(m.size)}`;
    },
  ),
);

const schemas = {
  'photo-want': v.object({
    type: v.literal('photo-want'),
    id: photoId,
    chunks: v.optional(
      v.pipe(
        v.array(chunkIndex),
        v.minLength(1, 'is empty (leave it out to ask for everything)'),
        v.maxLength(MAX_CHUNKS, `lists more than ${MAX_CHUNKS} chunks`),
      ),
    ),
  }),
  'photo-have': v.object({
    type: v.literal('photo-have'),
    id: photoId,
    manifest: v.nullable(manifest),
  }),
  'photo-chunk': v.object({
    type: v.literal('photo-chunk'),
    id: photoId,
    index: chunkIndex,
    data: v.pipe(
      v.string(),
      v.minLength(1, 'is empty'),
      v.maxLength(Math.ceil((CHUNK_BYTES * 4) / 3), `is longer than a ${CHUNK_BYTES}-byte chunk`),
      v.regex(/^[A-Za-z0-9_-]+$/, 'is not base64url'),
    ),
  }),
} satisfies Record<PhotoMessageType, v.GenericSchema>;

export const isPhotoMessageType = (type: unknown): type is PhotoMessageType =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(schemas, type);

export type PhotoParseResult =
  { ok: true; message: PhotoMessage } | { ok: false; reason: string; type?: PhotoMessageType };

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => String(item.key)).join('.');
  const isMissing = issue.kind === 'schema' && issue.input === undefined;
  const what = isMissing
    ? 'is missing'
    : issue.message.startsWith('Invalid ')
      ? `must be ${issue.expected ?? 'something else'} (got ${issue.received})`
      : issue.message;
  return path ? `${path} ${what}` : what;
}

/**
 * Check a raw photo message from a peer: its size first, then its shape. Never
 * throws: a bad message is a result that says why ("photo-have: manifest lists 3
 * chunks where 40000 bytes make 3"...).
 */
export function parsePhotoMessage(raw: unknown): PhotoParseResult {
  let input = raw;
  try {
    const size = typeof raw === 'string' ? raw.length : (JSON.stringify(raw)?.length ?? 0);
    if (size > MAX_PHOTO_MESSAGE_CHARS)
      return {
        ok: false,
        reason: `is ${size} characters long, more than the ${MAX_PHOTO_MESSAGE_CHARS} a photo message may have`,
      };
    if (typeof raw === 'string') input = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'is not JSON' };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, reason: 'is not an object' };
  const type = (input as { type?: unknown }).type;
  if (!isPhotoMessageType(type)) return { ok: false, reason: `has an unknown type ${quote(type)}` };
  const result = v.safeParse(schemas[type], input, { abortEarly: true });
  if (!result.success) {
    const [issue] = result.issues;
    return { ok: false, type, reason: `${type}: ${issue ? describeIssue(issue) : 'is invalid'}` };
  }
  return { ok: true, message: result.output as PhotoMessage };
}
