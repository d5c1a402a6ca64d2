// Just enough of vitest's API (describe / it / beforeEach / afterEach / expect
// toBe, toEqual) to run a shared contract suite inside a browser page, where
// vitest itself cannot run. Bundled in place of 'vitest' by tests/e2e/peerjs-transport.spec.ts.

import { errorText } from '../../../src/domain/errors';

type Hook = () => unknown;
interface Case {
  name: string;
  run: () => unknown;
  before: Hook[];
  after: Hook[];
}

const cases: Case[] = [];
const prefixes: string[] = [];
let before: Hook[] = [];
let after: Hook[] = [];

export function describe(name: string, body: () => void): void {
  const saved = { before, after };
  before = [...before];
  after = [...after];
  prefixes.push(name);
  try {
    body();
  } finally {
    prefixes.pop();
    ({ before, after } = saved);
  }
}

export function it(name: string, run: () => unknown): void {
  cases.push({
    name: [...prefixes, name].join(' › '),
    run,
    before: before.slice(),
    after: after.slice(),
  });
}
export const test = it;

export function beforeEach(hook: Hook): void {
  before.push(hook);
}

export function afterEach(hook: Hook): void {
  after.push(hook);
}

function isEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    isEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export function expect(actual: unknown) {
  return {
    toBe(expected: unknown) {
      if (!Object.is(actual, expected))
        throw new Error(`expected ${show(actual)} to be ${show(expected)}`);
    },
    toEqual(expected: unknown) {
      if (!isEqual(actual, expected))
        throw new Error(`expected ${show(actual)} to equal ${show(expected)}`);
    },
  };
}

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

/** Run every collected case in order, hooks included; never throws. */
export async function runCollected(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const item of cases) {
    const started = performance.now();
    let error: string | undefined;
    try {
      for (const hook of item.before) await hook();
      try {
        await item.run();
      } finally {
        for (const hook of item.after) await hook();
      }
    } catch (problem) {
      error = errorText(problem);
    }
    results.push({
      name: item.name,
      ok: error === undefined,
      error,
      ms: Math.round(performance.now() - started),
    });
  }
  return results;
}
