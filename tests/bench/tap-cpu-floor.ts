/**
 * The machine's floor under the `cpu` rows (tap-cpu.ts): what any page pays here for a
 * remote tap, before the app adds anything. Two bare pages (no app, no database, no
 * framework) on a raw PeerJS link, sent the very messages a tap sends a kiosk: a
 * preview, then its ops 6 ms later, each as large as the app's and wrapped like a sealed
 * link message. The observer parses each; on the preview it changes one line of text,
 * which the next frame paints. Measured with the same paired windows as the kiosks.
 *
 * Thread time on this machine is not thread time on a tablet: the floor, taken in the
 * same run, says how much of an observer's figure is the machine's and how much the
 * app's (its seal and signature checks, the store in the worker, the screen's update).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startServer } from '../../server/app';
import { iifeBundle } from './iife-bundle';
import { median, newKiosk } from './kiosk-shell';
import { p95, pairedWindows } from './tap-cpu';

export interface CpuFloor {
  taps: number;
  tapperP50: number;
  observerP50: number;
  observerP95: number;
}

type FloorWindow = Window & {
  __floorConn?: { send(data: unknown): void };
  __floorApplied?: Promise<void>;
  __floorResolve?: () => void;
};

/** A card-sized list, enough text to lay out: what the preview changes is one line of it. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body style="font: 18px system-ui, sans-serif; margin: 1rem"><h1>Hair &amp; makeup</h1>
<p><strong>3 of 16</strong> with hair and makeup done</p><ul>${Array.from(
  { length: 16 },
  (_, i) =>
    `<li><h2>Model ${i + 1}</h2><p id="line-${i}">In progress 1/5 · to do: Hair, Dressed</p></li>`,
).join('')}</ul><script src="/peer.js"></script></body></html>`;

export async function cpuFloor(browser: Browser, taps: number): Promise<CpuFloor> {
  // Its own server: the bare page and the PeerJS bundle as the only files, same origin as its PeerServer.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-floor-'));
  await writeFile(path.join(dir, 'index.html'), PAGE);
  await writeFile(path.join(dir, 'peer.js'), await iifeBundle('raw-peer-entry.ts', 'BenchPeer'));
  const server = await startServer({ port: 0, distDir: dir, quiet: true });
  const pages: Page[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const page = await newKiosk(browser);
      await page.goto(server.url);
      await page.waitForFunction(() => window.benchPeer !== undefined);
      pages.push(page);
    }
    const [tapper, observer] = pages as [Page, Page];
    const id = `benchfloor${Date.now().toString(36)}`;
    await observer.evaluate(
      (self) =>
        new Promise<void>((resolve, reject) => {
          const w = window as FloorWindow;
          const peer = window.benchPeer!(self);
          peer.on('open', () => resolve());
          peer.on('error', (error) => reject(new Error(error.type)));
          peer.on('connection', (conn) =>
            conn.on('data', (data) => {
              const message = JSON.parse((data as { body: string }).body) as {
                type: string;
                ops: { key: string; value: { done: boolean; at: number } }[];
              };
              const op = message.ops[0]!;
              if (message.type === 'preview') {
                // Every tap changes the text (the same text again would not be laid out anew).
                const line = document.getElementById(`line-${op.key}`)!;
                line.firstChild!.nodeValue = `Hair ${op.value.done ? 'done' : 'to do'} · ${op.value.at}`;
              } else w.__floorResolve?.();
            }),
          );
        }),
      `${id}b`,
    );
    await tapper.evaluate(
      ({ self, to }) =>
        new Promise<void>((resolve, reject) => {
          const w = window as FloorWindow;
          const peer = window.benchPeer!(self);
          peer.on('error', (error) => reject(new Error(error.type)));
          peer.on('open', () => {
            const conn = peer.connect(to, { reliable: true, serialization: 'json' });
            conn.on('open', () => {
              w.__floorConn = conn;
              resolve();
            });
          });
        }),
      { self: `${id}a`, to: `${id}b` },
    );
    const windows = await pairedWindows(
      {
        tapper,
        observer,
        arm: (isTap) =>
          observer.evaluate((isTap) => {
            if (!isTap) return;
            const w = window as FloorWindow;
            w.__floorApplied = new Promise<void>((resolve) => (w.__floorResolve = resolve));
          }, isTap),
        tap: (i) =>
          tapper.evaluate((i) => {
            if (i === undefined) return;
            // The shapes and sizes of a tap's two messages (a sealed preview, then the ops and their page).
            const site = 'k7dek57stbb4eyndst5tgt9hn';
            const at = Date.now();
            const op = {
              site,
              hlc: `00${at}.000000.${site}`,
              table: 'progress',
              key: String(i % 16),
              field: 'hair',
              value: { done: i % 2 === 0, at, by: site },
            };
            const sealed = (n: number, body: object) => ({
              type: 'sealed',
              n,
              tag: 'x'.repeat(43),
              body: JSON.stringify(body),
            });
            const conn = (window as FloorWindow).__floorConn!;
            conn.send(sealed(2 * i, { type: 'preview', ops: [op] }));
            setTimeout(
              () =>
                conn.send(
                  sealed(2 * i + 1, {
                    type: 'ops',
                    ops: [{ ...op, seq: i + 1 }],
                    more: false,
                    pages: [{ site, from: i + 1, to: i + 1, sig: 'y'.repeat(86) }],
                  }),
                ),
              6,
            );
          }, i),
        applied: () => observer.evaluate(() => (window as FloorWindow).__floorApplied),
        idle: async () => undefined,
      },
      taps,
    );
    return {
      taps,
      tapperP50: median(windows.tapper),
      observerP50: median(windows.observer),
      observerP95: p95(windows.observer),
    };
  } finally {
    for (const page of pages) await page.context().close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
