import { describe, expect, it } from 'vitest';
import { INSTALL_COMMAND, requireChromium } from './require-chromium.mjs';

/** A machine where only `installed` paths exist, and apt-get installs `afterInstall`. */
function machine(options: {
  installed?: string[];
  isRoot: boolean;
  env?: Record<string, string>;
  aptFails?: boolean;
}) {
  const files = new Set(options.installed ?? []);
  const ran: string[] = [];
  const out: string[] = [];
  const errors: string[] = [];
  const code = requireChromium({
    env: options.env ?? {},
    isRoot: options.isRoot,
    isExecutable: (file: string) => files.has(file),
    run: (command: string, args: string[]) => {
      ran.push([command, ...args].join(' '));
      if (options.aptFails) return 100;
      if (args[0] === 'install') files.add('/usr/bin/chromium');
      return 0;
    },
    log: (line: string) => out.push(line),
    error: (line: string) => errors.push(line),
  });
  return { code, ran, out: out.join('\n'), errors: errors.join('\n') };
}

describe('the test command looking for Chromium', () => {
  it('goes on when Chromium is installed, and installs nothing', () => {
    const result = machine({ installed: ['/usr/bin/chromium'], isRoot: true });
    expect(result.code).toBe(0);
    expect(result.ran).toEqual([]);
  });

  it('uses CHROMIUM_PATH when set, and says so when it is not executable', () => {
    expect(
      machine({ installed: ['/opt/chrome'], env: { CHROMIUM_PATH: '/opt/chrome' }, isRoot: false })
        .code,
    ).toBe(0);
    const wrong = machine({ env: { CHROMIUM_PATH: '/opt/none' }, isRoot: true });
    expect(wrong.code).toBe(1);
    expect(wrong.ran).toEqual([]);
    expect(wrong.errors).toContain('"/opt/none"');
  });

  it("installs Debian's chromium package itself when missing and run as root", () => {
    const result = machine({ isRoot: true });
    expect(result.ran).toEqual(['apt-get update', 'apt-get install -y chromium']);
    expect(result.code).toBe(0);
  });

  it('stops with the reason when apt-get fails as root', () => {
    const result = machine({ isRoot: true, aptFails: true });
    expect(result.code).toBe(1);
    expect(result.errors).toContain('apt-get update" failed (exit 100)');
  });

  it('prints the exact command and stops when missing and not root', () => {
    const result = machine({ isRoot: false });
    expect(result.code).toBe(1);
    expect(result.ran).toEqual([]);
    expect(result.errors).toContain(INSTALL_COMMAND);
    expect(INSTALL_COMMAND).toBe('sudo apt-get update && sudo apt-get install -y chromium');
  });
});
