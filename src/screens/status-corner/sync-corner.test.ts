import { describe, expect, it } from 'vitest';
import { cornerView, type CornerInput } from './sync-corner';

const base: CornerInput = {
  hasShow: true,
  isShared: true,
  signalling: 'up',
  online: 3,
  total: 4,
  waiting: 0,
  authError: '',
  rejection: '',
  badMessages: 0,
  isLeader: true,
  isDiscoverySupported: true,
};

describe('cornerView', () => {
  it('shows nothing without a show', () => {
    expect(cornerView({ ...base, hasShow: false })).toBeNull();
  });

  it.each<[Partial<CornerInput>, string, string]>([
    [{}, 'ok', 'Online · 3 of 4 kiosks'],
    [{ waiting: 5 }, 'ok', 'Online · 3 of 4 kiosks · 5 waiting'],
    [{ online: 1, total: 1 }, 'muted', 'Looking for kiosks'],
    [{ online: 1, signalling: 'down', waiting: 2 }, 'warn', 'Offline · 2 waiting'],
    [{ online: 2, signalling: 'down' }, 'ok', 'Online · 2 of 4 kiosks'], // links outlive the signalling server
    [{ isShared: false }, 'muted', 'Not shared yet'],
    [{ online: 1, catchingUp: { missing: 0 } }, 'warn', 'Catching up…'], // just started, linking
    [{ online: 2, catchingUp: { missing: 5 } }, 'warn', 'Catching up · 5 changes'],
    [{ online: 2, catchingUp: null }, 'ok', 'Online · 2 of 4 kiosks'],
    [{ authError: 'wrong', online: 1 }, 'danger', 'Not syncing: passphrase refused'],
  ])('%o reads as %s "%s"', (change, tone, label) => {
    const view = cornerView({ ...base, ...change });
    expect(view).toMatchObject({ tone, label });
  });

  it('explains in the details what the label cannot', () => {
    const view = cornerView({
      ...base,
      signalling: 'down',
      badMessages: 2,
      isLeader: false,
      isDiscoverySupported: false,
      waiting: 1,
    });
    expect(view?.details).toEqual([
      'Signalling server: unreachable. Kiosks already linked keep syncing; new links wait for it.',
      'Kiosks are found through join links and the kiosk list.',
      '1 change of this kiosk not yet delivered to every kiosk.',
      '2 bad messages from other kiosks dropped.',
      'Another window of this browser syncs for this kiosk.',
    ]);
  });

  it('names the signalling server when the settings chose one', () => {
    expect(cornerView({ ...base })?.details[0]).toBe('Signalling server: connected.');
    expect(
      cornerView({ ...base, server: 'https://venue-laptop.local:4173/peerjs' })?.details[0],
    ).toBe('Signalling server https://venue-laptop.local:4173/peerjs: connected.');
  });

  it('puts the passphrase message first when a kiosk refused this one', () => {
    const view = cornerView({ ...base, authError: "This kiosk's passphrase does not match" });
    expect(view?.details[0]).toBe("This kiosk's passphrase does not match");
  });

  it('says on the corner itself when the own clock is off or sound is blocked, and why in the details', () => {
    const ownClockOff = "This kiosk's clock is 2 min fast; it shows venue time.";
    const view = cornerView({
      ...base,
      ownClockOff,
      soundBlocked: 'Sound is blocked: tap anywhere on the screen to allow the call chime.',
    });
    expect(view?.tone).toBe('warn');
    expect(view?.label).toBe('Online · 3 of 4 kiosks · clock off · sound blocked');
    expect(view?.details).toContain(ownClockOff);
    expect(cornerView({ ...base, isClockSettling: true })?.details).toContain(
      'Finding the venue clock: countdowns appear once it is settled.',
    );
  });
});
