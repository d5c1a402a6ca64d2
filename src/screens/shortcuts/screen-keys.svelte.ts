// A screen's keyboard: listens on the window, turns keys into commands (keys.ts),
// and says whether keys reach this screen at all ("armed"): a kiosk whose window
// lost focus (another app, the address bar) gets no keys, and the crew must see that.
import { commandFor, isTypingElement, KeyGate, type KeyCommand, type KeyMap } from './keys';

export type KeysStatus = 'armed' | 'paused' | 'unfocused';

export type KeyHandlers = Partial<Record<Exclude<KeyCommand, 'help'>, () => void>>;

export class ScreenKeys {
  /**
   * Whether keys reach this screen: `armed`, `paused` (someone types, or a dialog or
   * this list is open) or `unfocused` (the window does not have the keyboard).
   */
  status = $state<KeysStatus>('unfocused');
  isHelpOpen = $state(false);
  private readonly gate = new KeyGate();

  constructor(
    private readonly map: KeyMap,
    private readonly handlers: KeyHandlers,
    /** The element whose own Space/Enter are the GO (it must not be pressed twice). */
    private readonly goElement: () => Element | undefined = () => undefined,
  ) {}

  /** Starts listening; returns the stop (for an `$effect`). */
  listen(): () => void {
    const keydown = (event: KeyboardEvent) => this.keydown(event);
    const keyup = (event: KeyboardEvent) => this.gate.release(event.key);
    // Focus moves while Svelte updates the page (an element removed loses focus): look
    // once the update is over, since state may not change in the middle of one.
    const changed = () => queueMicrotask(() => this.refresh());
    const blur = () => {
      this.gate.reset();
      changed();
    };
    window.addEventListener('keydown', keydown);
    window.addEventListener('keyup', keyup);
    window.addEventListener('focus', changed);
    window.addEventListener('blur', blur);
    document.addEventListener('focusin', changed);
    document.addEventListener('focusout', changed);
    // Dialogs open and close without moving focus out of the document: look again now and then.
    const timer = window.setInterval(changed, 500);
    // Not at once: read inside the caller's $effect, the state would become its dependency.
    changed();
    return () => {
      window.removeEventListener('keydown', keydown);
      window.removeEventListener('keyup', keyup);
      window.removeEventListener('focus', changed);
      window.removeEventListener('blur', blur);
      document.removeEventListener('focusin', changed);
      document.removeEventListener('focusout', changed);
      window.clearInterval(timer);
    };
  }

  toggleHelp(): void {
    this.isHelpOpen = !this.isHelpOpen;
    queueMicrotask(() => this.refresh());
  }

  closeHelp(): void {
    if (this.isHelpOpen) this.toggleHelp();
  }

  private keydown(event: KeyboardEvent): void {
    if (event.defaultPrevented) return;
    if (event.key === 'Escape' && this.isHelpOpen) {
      event.preventDefault();
      this.closeHelp();
      return;
    }
    const active = document.activeElement;
    const command = commandFor(
      event,
      {
        isTyping: isTypingElement(active),
        isDialogOpen: this.isHelpOpen || isDialogOpen(),
        isOtherControlFocused:
          active !== null &&
          active !== document.body &&
          active !== this.goElement() &&
          active.matches(':focus-visible'),
      },
      this.map,
    );
    if (!command) return;
    // Handled here, so a focused GO button is not pressed by the same key as well.
    event.preventDefault();
    if (!this.gate.press(event)) return;
    if (command === 'help') this.toggleHelp();
    else this.handlers[command]?.();
  }

  private refresh(): void {
    if (!document.hasFocus()) this.status = 'unfocused';
    else if (this.isHelpOpen || isDialogOpen() || isTypingElement(document.activeElement)) {
      this.status = 'paused';
    } else this.status = 'armed';
  }
}

const isDialogOpen = (): boolean =>
  document.querySelector('dialog[open], [role="dialog"], [role="alertdialog"]') !== null;
