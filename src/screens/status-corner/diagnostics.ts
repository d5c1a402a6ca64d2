// The diagnostics of the status corner, as words: pure, tested without a DOM.
import type {
  ErrorEntry,
  StorageState,
  WakeLockState,
  WorkerState,
} from '../../state/health.svelte';

export interface DiagnosticsInput {
  buildId: string;
  worker: WorkerState;
  updateWaitsFor: string;
  wakeLock: WakeLockState;
  storage: StorageState;
  logOps: number | undefined;
  lastCompaction: { at: number; removed: number } | null;
  peersOnline: number;
  peersTotal: number;
  clockOffsetMs: number;
  errors: readonly ErrorEntry[];
}

export interface DiagnosticsRow {
  label: string;
  value: string;
  isWarning: boolean;
}

const WORKER_TEXT: Record<WorkerState, string> = {
  none: 'Not registered yet',
  installing: 'Installing (offline start not ready yet)',
  active: 'Active: opens offline',
  'update-ready': 'Active; a new version is ready',
  updating: 'Updating…',
  unsupported: 'Not available here (no offline start)',
  failed: 'Failed to register (no offline start)',
};

const WAKE_TEXT: Record<WakeLockState, string> = {
  held: 'Held: the screen stays on',
  released: 'Not held (page hidden): taken again when shown',
  refused: 'Refused by the browser: the screen may sleep',
  unsupported: 'Not supported: set the screen never to sleep',
};

/** `1.4 MB`, `820 KB`, `12 GB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(0, Math.round(bytes / 1e3))} KB`;
}

export function storageText({ persisted, usage, quota }: StorageState): {
  persistence: string;
  use: string;
  isFull: boolean;
} {
  const ratio = quota > 0 ? usage / quota : 0;
  return {
    persistence:
      persisted === undefined
        ? 'Asking…'
        : persisted
          ? 'Granted: the browser will not evict this show'
          : 'Not granted: the browser may clear this show when space runs low',
    use:
      quota > 0
        ? `${formatBytes(usage)} of ${formatBytes(quota)} (${Math.round(ratio * 100)} %)${ratio >= 0.8 ? ' — nearly full' : ''}`
        : 'Unknown',
    isFull: ratio >= 0.8,
  };
}

export function diagnosticsRows(input: DiagnosticsInput): DiagnosticsRow[] {
  const storage = storageText(input.storage);
  const offset = Math.round(input.clockOffsetMs);
  const row = (label: string, value: string, isWarning = false): DiagnosticsRow => ({
    label,
    value,
    isWarning,
  });
  return [
    row('Build', input.buildId),
    row(
      'Offline app',
      `${WORKER_TEXT[input.worker]}${input.worker === 'update-ready' && input.updateWaitsFor ? ` (waits: ${input.updateWaitsFor})` : ''}`,
      input.worker === 'failed',
    ),
    row('Screen wake lock', WAKE_TEXT[input.wakeLock], input.wakeLock === 'refused'),
    row('Persistent storage', storage.persistence, input.storage.persisted === false),
    row('Storage use', storage.use, storage.isFull),
    row(
      'Op log',
      input.logOps === undefined
        ? '—'
        : `${input.logOps.toLocaleString('en')} ops${input.lastCompaction ? `; last compaction dropped ${input.lastCompaction.removed.toLocaleString('en')}` : ''}`,
    ),
    row('Kiosks online', `${input.peersOnline} of ${input.peersTotal}`),
    row('Clock offset', `${offset > 0 ? '+' : ''}${offset} ms against the reference kiosk`),
    row(
      'Recent errors',
      input.errors.length === 0
        ? 'None'
        : `${input.errors.length} — latest: ${input.errors[0]!.message}`,
      input.errors.length > 0,
    ),
  ];
}

/** The "download diagnostics" file: everything above, plus the errors in full. */
export function diagnosticsReport(
  input: DiagnosticsInput,
  extra: { at: number; userAgent: string; route: string; role: string; site: string },
): string {
  return JSON.stringify(
    {
      kind: 'backstage-kiosk-diagnostics',
      at: new Date(extra.at).toISOString(),
      build: input.buildId,
      userAgent: extra.userAgent,
      route: extra.route,
      role: extra.role,
      site: extra.site,
      serviceWorker: input.worker,
      updateWaitsFor: input.updateWaitsFor,
      wakeLock: input.wakeLock,
      storage: input.storage,
      opLog: { ops: input.logOps ?? null, lastCompaction: input.lastCompaction },
      peers: { online: input.peersOnline, total: input.peersTotal },
      clockOffsetMs: input.clockOffsetMs,
      errors: input.errors,
    },
    null,
    2,
  );
}
