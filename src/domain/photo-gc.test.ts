import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PHOTO_GRACE_MS,
  photosInUse,
  photosToDrop,
  photosToFetch,
  type PhotoUsers,
} from './photo-gc';
import { photoIdFromDigest, type PhotoId } from './photo-id';

const photo = (name: string): PhotoId =>
  photoIdFromDigest(new Uint8Array(createHash('sha256').update(name).digest()));

const amaraFace = photo('amara face');
const oldAmaraFace = photo('amara face, first try');
const look1Fitting = photo('look 1 fitting');
const cutLookFitting = photo('cut look fitting');
const shoutOutPhoto = photo('group hug');
const hiddenShoutOutPhoto = photo('blurry');

const users: PhotoUsers = {
  models: [{ photo: amaraFace }, { photo: 'data:image/jpeg;base64,AAAA' }, { photo: '' }],
  looks: [{ photo: look1Fitting }, { photo: cutLookFitting }],
  shoutOuts: [
    { photoId: shoutOutPhoto, hidden: false },
    { photoId: hiddenShoutOutPhoto, hidden: true },
    { photoId: '', hidden: false },
  ],
};
const NOW = 1_800_000_000_000;
const held = (ids: PhotoId[], storedAt = NOW - 2 * PHOTO_GRACE_MS) =>
  ids.map((id) => ({ id, storedAt }));
const everything = [
  amaraFace,
  oldAmaraFace,
  look1Fitting,
  cutLookFitting,
  shoutOutPhoto,
  hiddenShoutOutPhoto,
];

describe('photos in use', () => {
  it('are the photo ids of models, looks and visible shout-outs, and nothing else', () => {
    expect([...photosInUse(users)].sort()).toEqual(
      [amaraFace, look1Fitting, cutLookFitting, shoutOutPhoto].sort(),
    );
  });

  it('that this kiosk lacks are the ones to fetch', () => {
    expect(photosToFetch(users, [amaraFace, oldAmaraFace])).toEqual(
      [look1Fitting, cutLookFitting, shoutOutPhoto].sort(),
    );
    expect(photosToFetch(users, everything)).toEqual([]);
  });
});

describe('dropping photos', () => {
  it('drops nothing while the show is not finished, even a replaced polaroid', () => {
    for (const phase of ['setup', 'rehearsal', 'live'] as const) {
      expect(photosToDrop(phase, held(everything), users, NOW)).toEqual([]);
    }
  });

  it('after the show, drops what no model, look or visible shout-out uses', () => {
    expect(photosToDrop('finished', held(everything), users, NOW)).toEqual(
      [oldAmaraFace, hiddenShoutOutPhoto].sort(),
    );
  });

  it('keeps a photo stored within the grace period, whose op may still be on its way', () => {
    const justTaken = { id: oldAmaraFace, storedAt: NOW - PHOTO_GRACE_MS + 1 };
    expect(photosToDrop('finished', [justTaken], users, NOW)).toEqual([]);
    expect(
      photosToDrop('finished', [{ ...justTaken, storedAt: NOW - PHOTO_GRACE_MS }], users, NOW),
    ).toEqual([oldAmaraFace]);
  });

  it('drops the photo of a model or look that was deleted (the caller leaves deleted rows out)', () => {
    const afterDelete: PhotoUsers = { ...users, looks: [{ photo: look1Fitting }] };
    expect(
      photosToDrop('finished', held([cutLookFitting, look1Fitting]), afterDelete, NOW),
    ).toEqual([cutLookFitting]);
  });
});
