import { describe, expect, it } from 'vitest';
import type { PublicKeyInfo } from '../sync/trust/identity';
import type { Standing } from '../sync/trust/authority';
import { admissionView, decideAdmission, founderParam, selfAdmission } from './admission-flow';

const key: PublicKeyInfo = { algorithm: 'Ed25519', raw: new Uint8Array(32) };
const unknown: Standing = { kind: 'unknown' };
const makeup: Standing = { kind: 'admitted', role: 'makeup', key };
const producer: Standing = { kind: 'admitted', role: 'producer', key };
const removed: Standing = { kind: 'removed', role: 'makeup', key, upTo: 4 };

describe('what a producer kiosk does about a kiosk on a link', () => {
  it('admits a kiosk asking for a screen role at once, with that role', () => {
    for (const asks of ['wall', 'curtain', 'makeup', 'content'] as const)
      expect(
        decideAdmission({ isProducerHere: true, asks, standing: unknown, isRefused: false }),
      ).toEqual({ kind: 'admit', role: asks });
  });

  it('asks a person before making a kiosk a producer, and not again once refused', () => {
    expect(
      decideAdmission({
        isProducerHere: true,
        asks: 'producer',
        standing: makeup,
        isRefused: false,
      }),
    ).toEqual({ kind: 'ask' });
    expect(
      decideAdmission({
        isProducerHere: true,
        asks: 'producer',
        standing: makeup,
        isRefused: true,
      }),
    ).toEqual({ kind: 'none' });
  });

  it('never re-admits a removed kiosk by itself, nor admits anything when not a producer', () => {
    expect(
      decideAdmission({
        isProducerHere: true,
        asks: 'makeup',
        standing: removed,
        isRefused: false,
      }),
    ).toEqual({ kind: 'none' });
    expect(
      decideAdmission({ isProducerHere: false, asks: 'wall', standing: unknown, isRefused: false }),
    ).toEqual({ kind: 'none' });
  });

  it('renews an admission that ends soon, with the role it has', () => {
    expect(
      decideAdmission({
        isProducerHere: true,
        asks: 'makeup',
        standing: makeup,
        isRefused: false,
        isExpiring: true,
      }),
    ).toEqual({ kind: 'admit', role: 'makeup' });
  });

  it('admits a new screen role when an admitted tablet changes role, but keeps a producer a producer', () => {
    expect(
      decideAdmission({
        isProducerHere: true,
        asks: 'curtain',
        standing: makeup,
        isRefused: false,
      }),
    ).toEqual({ kind: 'admit', role: 'curtain' });
    expect(
      decideAdmission({ isProducerHere: true, asks: 'wall', standing: producer, isRefused: false }),
    ).toEqual({ kind: 'none' });
  });
});

describe("what a kiosk's own standing shows", () => {
  const base = { asks: 'makeup' as const, hasFounder: true, isRunning: true, removedBy: 'Laptop' };
  it('waits until admitted, then is admitted with the role it was given', () => {
    expect(selfAdmission({ ...base, standing: unknown })).toEqual({
      kind: 'waiting',
      asks: 'makeup',
    });
    expect(selfAdmission({ ...base, standing: makeup })).toEqual({
      kind: 'admitted',
      role: 'makeup',
    });
  });
  it('says who removed it', () => {
    expect(selfAdmission({ ...base, standing: removed })).toEqual({
      kind: 'removed',
      by: 'Laptop',
    });
  });
  it('says nothing while sync is not running', () => {
    expect(selfAdmission({ ...base, standing: unknown, isRunning: false })).toEqual({
      kind: 'idle',
    });
  });
});

describe('the kiosks panel', () => {
  const base = { says: 'makeup' as const, isSelf: false, isProducerHere: true, hasFounder: true };
  it('offers a producer Remove and Make producer on an admitted tablet, Re-admit on a removed one', () => {
    expect(admissionView({ ...base, standing: { kind: 'admitted', role: 'makeup' } })).toEqual({
      role: 'makeup',
      standingText: '',
      actions: ['remove', 'make-producer'],
    });
    expect(admissionView({ ...base, standing: { kind: 'removed', role: 'makeup' } })).toEqual({
      role: 'makeup',
      standingText: 'Removed',
      actions: ['readmit'],
    });
  });
  it('offers nothing on a kiosk that is not a producer, and nothing about itself', () => {
    expect(
      admissionView({
        ...base,
        isProducerHere: false,
        standing: { kind: 'admitted', role: 'wall' },
      }).actions,
    ).toEqual([]);
    expect(
      admissionView({ ...base, isSelf: true, standing: { kind: 'admitted', role: 'producer' } })
        .actions,
    ).toEqual([]);
  });
  it('shows a kiosk without admission as waiting', () => {
    expect(admissionView({ ...base, standing: undefined }).standingText).toBe(
      'Waiting for admission',
    );
  });
});

describe('the founder on a join link', () => {
  it('takes only a key-derived site id', () => {
    expect(founderParam('kaaaaaaaaaaaaaaaaaaaaaaaa')).toBe('kaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(founderParam('a2b3c4d5e6')).toBeUndefined();
    expect(founderParam('<script>')).toBeUndefined();
    expect(founderParam(null)).toBeUndefined();
  });
});
