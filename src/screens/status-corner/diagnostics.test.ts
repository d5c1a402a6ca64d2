import { describe, expect, it } from 'vitest';
import {
  diagnosticsReport,
  diagnosticsRows,
  formatBytes,
  storageText,
  type DiagnosticsInput,
} from './diagnostics';

const input: DiagnosticsInput = {
  buildId: '2026-11-29 15:00',
  worker: 'active',
  updateWaitsFor: '',
  wakeLock: 'held',
  storage: { persisted: true, usage: 2_000_000, quota: 10_000_000 },
  logOps: 12_345,
  lastCompaction: null,
  peersOnline: 3,
  peersTotal: 4,
  clockOffsetMs: -12.4,
  errors: [],
};

const value = (rows: ReturnType<typeof diagnosticsRows>, label: string) =>
  rows.find((row) => row.label === label);

describe('the diagnostics', () => {
  it('says each part in words', () => {
    const rows = diagnosticsRows(input);
    expect(value(rows, 'Build')?.value).toBe('2026-11-29 15:00');
    expect(value(rows, 'Screen wake lock')?.value).toBe('Held: the screen stays on');
    expect(value(rows, 'Storage use')?.value).toBe('2.0 MB of 10.0 MB (20 %)');
    expect(value(rows, 'Op log')?.value).toBe('12,345 ops');
    expect(value(rows, 'Clock offset')?.value).toBe('-12 ms against the reference kiosk');
    expect(rows.some((row) => row.isWarning)).toBe(false);
  });

  it('warns at 80 % of the quota, and when persistence was refused', () => {
    const full = storageText({ persisted: false, usage: 8_000_000, quota: 10_000_000 });
    expect(full.isFull).toBe(true);
    expect(full.use).toContain('nearly full');
    expect(full.persistence).toContain('may clear');
    expect(storageText({ persisted: true, usage: 7_999_999, quota: 10_000_000 }).isFull).toBe(
      false,
    );
  });

  it('says why a ready update waits', () => {
    const rows = diagnosticsRows({
      ...input,
      worker: 'update-ready',
      updateWaitsFor: 'a change is still being sent',
    });
    expect(value(rows, 'Offline app')?.value).toContain('(waits: a change is still being sent)');
  });

  it('shows the latest error and warns', () => {
    const error = {
      at: 1,
      kind: 'error' as const,
      message: 'TypeError: x is undefined',
      stack: '',
      route: '#/wall',
      buildId: 'b',
    };
    expect(value(diagnosticsRows({ ...input, errors: [error] }), 'Recent errors')).toEqual({
      label: 'Recent errors',
      value: '1 — latest: TypeError: x is undefined',
      isWarning: true,
    });
  });

  it('writes a JSON report with the errors in full', () => {
    const report = JSON.parse(
      diagnosticsReport(input, {
        at: 0,
        userAgent: 'UA',
        route: '#/wall',
        role: 'wall',
        site: 's1',
      }),
    );
    expect(report).toMatchObject({
      kind: 'backstage-kiosk-diagnostics',
      build: '2026-11-29 15:00',
      opLog: { ops: 12_345 },
      errors: [],
    });
  });

  it('formats sizes', () => {
    expect([formatBytes(820_000), formatBytes(1_400_000), formatBytes(12e9)]).toEqual([
      '820 KB',
      '1.4 MB',
      '12.0 GB',
    ]);
  });
});
