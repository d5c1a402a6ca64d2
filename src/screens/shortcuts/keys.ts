// Keys as a stage manager uses them: a keyboard, a presentation clicker or a foot
// pedal. Clickers send PageDown/PageUp (some Right/Left arrows), pedals are
// programmed for Space or Enter. Pure: a key press in, a command (or nothing) out.

export type KeyCommand = 'go' | 'back' | 'help' | 'print';

/** What a keydown says, as far as these rules care (a KeyboardEvent fits). */
export interface KeyPress {
  key: string;
  repeat: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Where the focus is when the key comes. */
export interface KeyContext {
  /** An input, textarea, select or editable text has the focus: the key is the person's text. */
  isTyping: boolean;
  /** A dialog is open: its own buttons answer Enter and Space. */
  isDialogOpen: boolean;
  /**
   * Another control was reached with Tab (it shows a focus ring): Space and Enter are
   * for it. A control merely clicked keeps no claim, so a pedal still sends GO.
   */
  isOtherControlFocused: boolean;
}

export interface Shortcut {
  /** The keys as printed on them, e.g. ["Space", "Enter"]. */
  keys: readonly string[];
  /** What they do, in the crew's words. */
  does: string;
}

export const GO_KEYS: readonly string[] = [' ', 'Enter', 'PageDown', 'ArrowRight'];
export const BACK_KEYS: readonly string[] = ['PageUp', 'ArrowLeft'];
/** Space and Enter also press a focused button; the clicker keys never do. */
const BUTTON_KEYS: readonly string[] = [' ', 'Enter'];

export interface KeyMap {
  go: boolean;
  back: boolean;
  print: boolean;
}

/** The command a key press stands for on a screen that offers `map`, or undefined. */
export function commandFor(
  press: KeyPress,
  context: KeyContext,
  map: KeyMap,
): KeyCommand | undefined {
  // Ctrl/⌘/Alt combinations are the browser's and the system's (Ctrl+P prints anyway).
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  if (context.isTyping) return undefined;
  if (press.key === '?') return 'help';
  if (context.isDialogOpen) return undefined;
  if (map.print && (press.key === 'p' || press.key === 'P')) return 'print';
  if (map.go && GO_KEYS.includes(press.key)) {
    if (context.isOtherControlFocused && BUTTON_KEYS.includes(press.key)) return undefined;
    return 'go';
  }
  if (map.back && BACK_KEYS.includes(press.key)) return 'back';
  return undefined;
}

/**
 * One command per press: a key held down repeats its keydown (with `repeat` set,
 * and some clickers leave it unset), so a key counts again only after its keyup.
 * Losing focus forgets what was down, since its keyup went elsewhere.
 */
export class KeyGate {
  private readonly down = new Set<string>();

  /** The press as a fresh command, or undefined when it is the same key still held. */
  press(press: KeyPress): boolean {
    if (press.repeat || this.down.has(press.key)) return false;
    this.down.add(press.key);
    return true;
  }

  release(key: string): void {
    this.down.delete(key);
  }

  reset(): void {
    this.down.clear();
  }
}

/** The parts of a DOM element that tell typing apart (an Element fits). */
export interface TypingCandidate {
  tagName: string;
  isContentEditable?: boolean;
  getAttribute(name: string): string | null;
}

/** Is this element one where keys are text? (Buttons, checkboxes and the like are not.) */
export function isTypingElement(element: TypingCandidate | null): boolean {
  if (!element) return false;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (element.getAttribute('type') ?? 'text').toLowerCase();
  return !NON_TEXT_INPUTS.has(type);
}

const NON_TEXT_INPUTS = new Set([
  'button',
  'submit',
  'reset',
  'checkbox',
  'radio',
  'file',
  'image',
  'range',
  'color',
]);

export const CURTAIN_SHORTCUTS: readonly Shortcut[] = [
  {
    keys: ['Space', 'Enter', 'Page Down', '→'],
    does: 'GO: the next look goes out (one per press, not twice within a second)',
  },
  { keys: ['?'], does: 'Show or hide these shortcuts' },
  { keys: ['Esc'], does: 'Close this list or a question' },
];

export const PRODUCER_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['P'], does: 'Print the running order and the dressers’ sheets' },
  { keys: ['?'], does: 'Show or hide these shortcuts' },
  { keys: ['Esc'], does: 'Close this list, the import or a question' },
];
