// The slice of `window.__backstage` (src/state/test-hooks.ts) that e2e tests and the
// benchmark read, typed for the Node-side TypeScript project (which does not compile
// the app's rune modules).

interface Live<T> {
  current: T[];
}

interface Row {
  id: string;
  [field: string]: unknown;
}

export interface BackstageHooksForTests {
  actions: {
    toggleStep(subjectId: string, step: string): Promise<() => Promise<void>>;
    setStep(subjectId: string, step: string, done: boolean): Promise<void>;
    addNote(kind: string, text: string, pinned?: boolean): Promise<string>;
    go(): Promise<void>;
    endRun(): Promise<void>;
    addModel(fields: Record<string, unknown>): Promise<string>;
    addLook(fields: Record<string, unknown>): Promise<string>;
    updateModel(id: string, patch: Record<string, unknown>): Promise<unknown>;
    updateLook(id: string, patch: Record<string, unknown>): Promise<unknown>;
    updateShow(patch: Record<string, unknown>): Promise<unknown>;
    issueCall(template: Record<string, unknown>): Promise<string>;
    clearCall(id: string): Promise<unknown>;
  };
  kiosk: {
    site: string;
    settings: { peerServer: string; iceServers: string } | null;
    /** Writes started and not yet stored (a write before the storage opened waits for it). */
    writesInFlight: number;
    data: {
      showId: string;
      show: { title: string };
      progress: Map<string, Row>;
      looks: Live<Row & { modelId: string }>;
      models: Live<Row & { name: string }>;
      notes: Live<Row & { text: string }>;
      shows: Live<Row>;
      calls: Live<Row & { text: string; rule?: string; issuedAt: number }>;
      /** Calls the screens show now (not cleared, not expired). */
      activeCalls: Row[];
      /** The running order that walks (cut looks left out), numbered. */
      walking: { look: { id: string; modelId: string } }[];
      modelsById: Map<string, { name: string; photo?: string }>;
      /** The show's database once open: photos are read from it directly (they are no synced table). */
      opened(): Promise<{
        photos: {
          count(): Promise<number>;
          get(id: string): Promise<{ blob: Blob; width: number; height: number } | undefined>;
        };
      }>;
    } | null;
  };
  sync: {
    showId: string;
    peerId: string;
    isShared: boolean;
    isLeader: boolean;
    signalling: string;
    isDiscoverySupported: boolean | null;
    summary: { online: number; total: number; waiting: number };
    partition(sitesOrPeers: string[]): boolean;
    heal(): boolean;
    transportStats: { sentChars: number; receivedChars: number } | undefined;
    engine:
      | {
          idle(): Promise<void>;
          status: {
            versions: Record<string, number>;
            guards: { refused: Record<string, number> };
          };
        }
      | undefined;
    /** The photo exchange of the leader window (src/photos/transfer/exchange.ts). */
    photoStatus:
      | {
          missing: number;
          fetching: number;
          received: number;
          bytesReceived: number;
          messagesSent: number;
          bytesSent: number;
          refused: number;
        }
      | undefined;
  };
  photos: {
    setPhoto(
      subject: { table: 'models' | 'looks'; id: string },
      photo: {
        id: string;
        bytes: Uint8Array;
        type: string;
        width: number;
        height: number;
        quality: number;
        isOverBudget: boolean;
      },
    ): Promise<string>;
    pointPhoto(subject: { table: 'models' | 'looks'; id: string }, id: string): Promise<string>;
    photoIdOf(bytes: Uint8Array): Promise<string>;
  };
  showClock: { now(): number; currentOffset: number };
  clockSync: { isSettled: boolean; ownClockOff: string; roundTrips: number[] };
  sound: { chimes: { kind: string; at: number }[] };
  admissions: {
    founder: string;
    isProducer: boolean;
    self: { kind: string };
    standing(site: string): { kind: string; role?: string; upTo?: number };
  };
  /** Write as this kiosk past its own role check (a tablet with devtools). */
  forge(
    changes: { table: string; key: string; field: string; value: unknown }[],
  ): Promise<unknown[]>;
}

declare global {
  interface Window {
    __backstage?: BackstageHooksForTests;
  }
}
