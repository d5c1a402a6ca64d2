import { describe, expect, it } from 'vitest';
import { defaultShow, toEntity } from '../domain/defaults';
import type { ShowId } from '../domain/ids';
import type { Show } from '../domain/model';
import { GO_GUARD_MS, QUIET_MS, updateGate, type ShowMoment } from './update-gate';

const T = Date.UTC(2026, 10, 29, 19, 0); // 19:00 show time
const look = toEntity('looks', { id: 'look-1', pacingSeconds: 60 });

function moment(show: Partial<Show>, walking?: { goAt: number; hasNext: boolean }): ShowMoment {
  return {
    show: { ...defaultShow('s' as ShowId), ...show },
    run: walking ? { startedAt: walking.goAt, endedAt: 0 } : undefined,
    position: walking
      ? {
          now: { look },
          nowGoAt: walking.goAt,
          next: walking.hasNext ? ({ look } as never) : undefined,
        }
      : { now: undefined, nowGoAt: 0, next: undefined },
  };
}

const quiet = { now: T, deviceNow: T, lastInputAt: T - QUIET_MS, isWriteWaiting: false };

describe('the update gate', () => {
  it('opens with no show, nobody touching and nothing to send', () => {
    expect(updateGate({ ...quiet, moment: undefined })).toEqual({ isOpen: true });
  });

  it('opens during setup and rehearsal prep, whatever the curtain time', () => {
    expect(updateGate({ ...quiet, moment: moment({ phase: 'setup' }) }).isOpen).toBe(true);
  });

  it('stays shut while a write is waiting, even with the show over', () => {
    expect(
      updateGate({ ...quiet, isWriteWaiting: true, moment: moment({ phase: 'finished' }) }),
    ).toEqual({
      isOpen: false,
      reason: 'a change is still being sent',
    });
  });

  it('stays shut for 30 s after somebody touched the screen', () => {
    expect(updateGate({ ...quiet, lastInputAt: T - QUIET_MS + 1, moment: undefined }).isOpen).toBe(
      false,
    );
  });

  it('stays shut while live with the next GO due within 2 minutes', () => {
    // Look 1 went 10 s ago, 60 s pacing: next GO in 50 s.
    const live = moment({ phase: 'live' }, { goAt: T - 10_000, hasNext: true });
    expect(updateGate({ ...quiet, moment: live })).toMatchObject({
      isOpen: false,
      reason: expect.stringContaining('GO is due'),
    });
  });

  it('stays shut while a GO is overdue', () => {
    const live = moment({ phase: 'live' }, { goAt: T - 10 * 60_000, hasNext: true });
    expect(updateGate({ ...quiet, moment: live }).isOpen).toBe(false);
  });

  it('opens while live when the next GO is more than 2 minutes away', () => {
    const live = moment({ phase: 'live', pacingSeconds: 600 }, { goAt: T, hasNext: true });
    const slow = {
      ...live,
      position: { ...live.position, now: { look: { ...look, pacingSeconds: 0 } } },
    };
    expect(updateGate({ ...quiet, moment: slow }).isOpen).toBe(true);
  });

  it('opens while live once every look is out', () => {
    expect(
      updateGate({ ...quiet, moment: moment({ phase: 'live' }, { goAt: T, hasNext: false }) })
        .isOpen,
    ).toBe(true);
  });

  it('before the first GO of a live show, counts to the curtain time', () => {
    const at = (minutes: number) => {
      const d = new Date(T + minutes * 60_000);
      return {
        date: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`,
        curtainTime: `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`,
      };
    };
    const now = Math.floor(T / 60_000) * 60_000;
    expect(updateGate({ ...quiet, now, moment: moment({ phase: 'live', ...at(10) }) }).isOpen).toBe(
      true,
    );
    expect(
      updateGate({ ...quiet, now, moment: moment({ phase: 'live', ...at(GO_GUARD_MS / 60_000) }) })
        .isOpen,
    ).toBe(false);
  });

  it('stays shut while live with no curtain time and no GO yet (the next GO cannot be known)', () => {
    expect(updateGate({ ...quiet, moment: moment({ phase: 'live' }) }).isOpen).toBe(false);
  });
});
