/** Types of require-chromium.mjs (a plain script: it runs before anything is built). */
export declare const CANDIDATES: readonly string[];
export declare const INSTALL_COMMAND: string;
export interface ChromiumIo {
  env?: Record<string, string | undefined>;
  isRoot?: boolean;
  isExecutable?: (file: string) => boolean;
  /** Runs a command, returns its exit status. */
  run?: (command: string, args: string[]) => number;
  log?: (line: string) => void;
  error?: (line: string) => void;
}
export declare function requireChromium(io?: ChromiumIo): number;
