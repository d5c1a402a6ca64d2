import { describe, expect, it } from 'vitest';
import { isGoGuarded } from '../curtain/curtain';
import { commandFor, isTypingElement, KeyGate, type KeyContext, type KeyPress } from './keys';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  repeat: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...more,
});
const idle: KeyContext = { isTyping: false, isDialogOpen: false, isOtherControlFocused: false };
const curtain = { go: true, back: false, print: false };
const producer = { go: false, back: false, print: true };

describe('commandFor', () => {
  it.each([' ', 'Enter', 'PageDown', 'ArrowRight'])('reads %j as GO on the curtain', (key) => {
    expect(commandFor(press(key), idle, curtain)).toBe('go');
  });

  it('reads PageUp and Left as back only where a screen offers to undo a GO', () => {
    expect(commandFor(press('PageUp'), idle, curtain)).toBeUndefined();
    expect(commandFor(press('ArrowLeft'), idle, curtain)).toBeUndefined();
    const withUndo = { ...curtain, back: true };
    expect(commandFor(press('PageUp'), idle, withUndo)).toBe('back');
    expect(commandFor(press('ArrowLeft'), idle, withUndo)).toBe('back');
  });

  it('ignores every key while the person types in an input', () => {
    const typing = { ...idle, isTyping: true };
    for (const key of [' ', 'Enter', 'PageDown', 'ArrowRight', '?', 'p']) {
      expect(commandFor(press(key), typing, { go: true, back: true, print: true })).toBeUndefined();
    }
  });

  it('leaves Space and Enter to a button reached with Tab, but a clicker still sends GO', () => {
    const tabbed = { ...idle, isOtherControlFocused: true };
    expect(commandFor(press(' '), tabbed, curtain)).toBeUndefined();
    expect(commandFor(press('Enter'), tabbed, curtain)).toBeUndefined();
    expect(commandFor(press('PageDown'), tabbed, curtain)).toBe('go');
  });

  it('sends nothing but the help key while a dialog is open', () => {
    const dialog = { ...idle, isDialogOpen: true };
    expect(commandFor(press('Enter'), dialog, curtain)).toBeUndefined();
    expect(commandFor(press('PageDown'), dialog, curtain)).toBeUndefined();
    expect(commandFor(press('?'), dialog, curtain)).toBe('help');
  });

  it('leaves Ctrl, ⌘ and Alt combinations to the browser', () => {
    expect(commandFor(press('Enter', { ctrlKey: true }), idle, curtain)).toBeUndefined();
    expect(commandFor(press('ArrowRight', { metaKey: true }), idle, curtain)).toBeUndefined();
    expect(commandFor(press('p', { ctrlKey: true }), idle, producer)).toBeUndefined();
    expect(commandFor(press('ArrowRight', { altKey: true }), idle, curtain)).toBeUndefined();
  });

  it('prints with P on the producer screen and never sends GO there', () => {
    expect(commandFor(press('p'), idle, producer)).toBe('print');
    expect(commandFor(press('P'), idle, producer)).toBe('print');
    expect(commandFor(press(' '), idle, producer)).toBeUndefined();
    expect(commandFor(press('p'), idle, curtain)).toBeUndefined();
  });
});

describe('KeyGate', () => {
  it('lets a key held down (auto-repeat) through once', () => {
    const gate = new KeyGate();
    expect(gate.press(press(' '))).toBe(true);
    expect(gate.press(press(' ', { repeat: true }))).toBe(false);
    expect(gate.press(press(' ', { repeat: true }))).toBe(false);
    gate.release(' ');
    expect(gate.press(press(' '))).toBe(true);
  });

  it('holds back a clicker that repeats without saying so until the key comes up', () => {
    const gate = new KeyGate();
    expect(gate.press(press('PageDown'))).toBe(true);
    expect(gate.press(press('PageDown'))).toBe(false);
    gate.release('PageDown');
    expect(gate.press(press('PageDown'))).toBe(true);
  });

  it('keeps keys apart, and forgets them all when the window loses focus', () => {
    const gate = new KeyGate();
    expect(gate.press(press('PageDown'))).toBe(true);
    expect(gate.press(press('Enter'))).toBe(true);
    gate.reset();
    expect(gate.press(press('PageDown'))).toBe(true);
  });
});

describe('the GO guard a key goes through, as a tap does', () => {
  it('refuses a second GO within a second and takes one after', () => {
    expect(isGoGuarded(0, 5_000)).toBe(false);
    expect(isGoGuarded(5_000, 5_000)).toBe(true);
    expect(isGoGuarded(5_000, 5_999)).toBe(true);
    expect(isGoGuarded(5_000, 6_000)).toBe(false);
  });
});

describe('isTypingElement', () => {
  const element = (tagName: string, type?: string, isContentEditable = false) => ({
    tagName,
    isContentEditable,
    getAttribute: (name: string) => (name === 'type' ? (type ?? null) : null),
  });

  it('counts text fields, text areas, selects and editable text as typing', () => {
    expect(isTypingElement(element('INPUT'))).toBe(true);
    expect(isTypingElement(element('INPUT', 'time'))).toBe(true);
    expect(isTypingElement(element('INPUT', 'search'))).toBe(true);
    expect(isTypingElement(element('TEXTAREA'))).toBe(true);
    expect(isTypingElement(element('SELECT'))).toBe(true);
    expect(isTypingElement(element('DIV', undefined, true))).toBe(true);
  });

  it('does not count buttons, checkboxes or the page itself', () => {
    expect(isTypingElement(element('BUTTON'))).toBe(false);
    expect(isTypingElement(element('INPUT', 'checkbox'))).toBe(false);
    expect(isTypingElement(element('BODY'))).toBe(false);
    expect(isTypingElement(null)).toBe(false);
  });
});
