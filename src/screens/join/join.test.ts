import { describe, expect, it } from 'vitest';
import { peerIdFor } from '../../domain/peer-ids';
import {
  joinLink,
  joinPhase,
  joinProblems,
  kioskNameOr,
  normaliseCode,
  readJoinParams,
  ALONE_AFTER_MS,
} from './join';

describe('readJoinParams', () => {
  const inviter = peerIdFor('abcd2345', 'site9');

  it('reads the show code and the inviting kiosk from a join link', () => {
    expect(readJoinParams(new URLSearchParams(`show=abcd2345&via=${inviter}`))).toEqual({
      code: 'abcd2345',
      via: inviter,
      founder: '',
      isFromLink: true,
    });
  });

  it('reads the inviting kiosk of a link printed by an earlier version as it is called today', () => {
    expect(readJoinParams(new URLSearchParams('show=abcd2345&via=bk-abcd2345-site9')).via).toBe(
      inviter,
    );
  });

  it('ignores an inviting kiosk of another show, or a malformed one', () => {
    const stranger = peerIdFor('other234', 'site9');
    expect(readJoinParams(new URLSearchParams(`show=abcd2345&via=${stranger}`)).via).toBe('');
    expect(readJoinParams(new URLSearchParams('show=abcd2345&via=bk-other-site9')).via).toBe('');
    expect(readJoinParams(new URLSearchParams('show=abcd2345&via=<script>')).via).toBe('');
  });

  it('treats a bad or missing code as no link at all', () => {
    expect(readJoinParams(new URLSearchParams('show=a!'))).toEqual({
      code: '',
      via: '',
      founder: '',
      isFromLink: false,
    });
    expect(readJoinParams(new URLSearchParams(''))).toEqual({
      code: '',
      via: '',
      founder: '',
      isFromLink: false,
    });
  });

  it("carries the show's founder, so a kiosk joining by link knows whose admissions to trust", () => {
    const founder = 'kaaaaaaaaaaaaaaaaaaaaaaaa';
    const link = joinLink('http://192.168.1.20:4173', 'abcd2345', inviter, founder);
    expect(readJoinParams(new URLSearchParams(link.split('?')[1])).founder).toBe(founder);
    expect(readJoinParams(new URLSearchParams('show=abcd2345&founder=site9')).founder).toBe('');
  });

  it('makes the link a QR code carries, and reads it back', () => {
    const link = joinLink('http://192.168.1.20:4173/', 'abcd2345', inviter);
    expect(link).toBe(`http://192.168.1.20:4173/#/join?show=abcd2345&via=${inviter}`);
    expect(readJoinParams(new URLSearchParams(link.split('?')[1]))).toMatchObject({
      code: 'abcd2345',
      via: inviter,
    });
  });
});

describe('joinProblems', () => {
  const valid = { code: 'ABCD 2345', passphrase: 'catwalk', role: 'wall' as const, name: '' };

  it('accepts a code typed with capitals and spaces', () => {
    expect(normaliseCode('ABCD 23-45')).toBe('abcd2345');
    expect(joinProblems(valid)).toEqual({});
  });

  it('says what is missing, field by field', () => {
    expect(joinProblems({ code: '', passphrase: ' ', role: '', name: 'x'.repeat(61) })).toEqual({
      code: 'Type the show code from the producer screen.',
      passphrase: 'Type the show passphrase.',
      role: 'Choose what this screen is for.',
      name: 'Keep the name under 60 characters.',
    });
    expect(joinProblems({ ...valid, code: 'ab' }).code).toBe(
      'A show code is 4 to 32 letters and digits.',
    );
  });

  it('names a kiosk after its role when no name is typed', () => {
    expect(kioskNameOr('  ', 'makeup')).toBe('Hair & makeup tablet');
    expect(kioskNameOr(' Chair 3 ', 'makeup')).toBe('Chair 3');
  });
});

describe('joinPhase', () => {
  const sent = { isSubmitted: true, authError: '', kiosksOnline: 0, waitedMs: 1000 };
  it.each([
    [{ ...sent, isSubmitted: false }, 'form'],
    [sent, 'checking'],
    [{ ...sent, waitedMs: ALONE_AFTER_MS }, 'alone'],
    [{ ...sent, kiosksOnline: 1 }, 'joined'],
    [{ ...sent, kiosksOnline: 1, authError: 'wrong passphrase' }, 'refused'],
  ])('%o is %s', (progress, phase) => {
    expect(joinPhase(progress)).toBe(phase);
  });
});

describe('role choices', () => {
  it('say what each role does, the producer role with what it can change', async () => {
    const { ROLE_CHOICES } = await import('./join');
    expect(ROLE_CHOICES.every((choice) => choice.hint.length > 0)).toBe(true);
    expect(ROLE_CHOICES.find((choice) => choice.role === 'producer')?.hint).toMatch(
      /change the whole show/,
    );
  });
});
