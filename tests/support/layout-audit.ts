import type { Page } from '@playwright/test';

// The layout audit run on every screen at every display size: text that leaves its box
// without an ellipsis, visible things that overlap (the status corner included), and
// fonts under the floors of a screen read from across the room. Runs in the page.

export interface AuditOptions {
  /** Wall and curtain: the size floors (shares of the screen height) apply. */
  floors: boolean;
  /** The page may scroll vertically (producer, tablet): only its width must fit. */
  scrolls: boolean;
}

export interface AuditProblem {
  kind: 'overflow' | 'overlap' | 'floor' | 'largest';
  what: string;
}

/**
 * Wait until the layout holds still: a screen that measures itself to fit (the wall's
 * pages, the curtain's next name) lays out again a frame or two after a resize or a
 * change of data, and a busy machine may deliver those measurements a frame late.
 * Resolves once element sizes have stayed the same for six frames (or after 240 frames).
 */
export async function settleLayout(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    const shape = () =>
      [...document.body.querySelectorAll('*')]
        .map((el) => {
          const box = el.getBoundingClientRect();
          return `${Math.round(box.width)}x${Math.round(box.height)}`;
        })
        .join();
    let last = '';
    let still = 0;
    for (let i = 0; i < 240 && still < 6; i++) {
      await frame();
      const now = shape();
      still = now === last ? still + 1 : 0;
      last = now;
    }
  });
}

/** Problems on the page as it is laid out now (empty when it holds up). */
export async function auditLayout(page: Page, options: AuditOptions): Promise<AuditProblem[]> {
  return page.evaluate((options) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const problems: { kind: 'overflow' | 'overlap' | 'floor' | 'largest'; what: string }[] = [];
    const H = window.innerHeight;
    const W = window.innerWidth;
    const viewport: Box = { left: 0, top: 0, right: W, bottom: H };
    const TOLERANCE = 2;

    const describe = (el: Element): string => {
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      const cls =
        el
          .getAttribute('class')
          ?.split(/\s+/)
          .filter((c) => !c.startsWith('svelte-'))
          .join('.') ?? '';
      return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}> "${text}"`;
    };
    const intersect = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const area = (b: Box): number => Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);
    const isClipping = (style: CSSStyleDeclaration) =>
      style.overflowX !== 'visible' || style.overflowY !== 'visible';
    const isScrolling = (style: CSSStyleDeclaration) =>
      ['auto', 'scroll'].includes(style.overflowX) || ['auto', 'scroll'].includes(style.overflowY);
    const isHidden = (el: Element): boolean => {
      // Skipped by content-visibility (an off-screen card), transparent or invisible.
      if (
        !el.checkVisibility({
          contentVisibilityAuto: true,
          opacityProperty: true,
          visibilityProperty: true,
        })
      )
        return true;
      for (let at: Element | null = el; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (
          style.display === 'none' ||
          style.visibility === 'hidden' ||
          Number(style.opacity) === 0
        )
          return true;
        if (at.classList.contains('visually-hidden')) return true;
        if (at.tagName === 'DIALOG' && !(at as HTMLDialogElement).open) return true;
      }
      return false;
    };
    /** The part of `box` that can be seen: inside every clipping ancestor of `el` and the viewport. */
    const visiblePart = (el: Element, box: Box, withSelf = false): Box => {
      let seen = options.scrolls
        ? { ...box, ...intersect(box, { ...viewport, top: -1e9, bottom: 1e9 }) }
        : intersect(box, viewport);
      for (
        let at = withSelf ? el : el.parentElement;
        at && at !== document.body;
        at = at.parentElement
      ) {
        if (isClipping(getComputedStyle(at))) seen = intersect(seen, at.getBoundingClientRect());
      }
      return seen;
    };
    const textNodesOf = (el: Element): Text[] =>
      [...el.childNodes].filter(
        (n): n is Text => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
      );

    const corner = document.querySelector('[data-status-corner]');
    const all = [...document.body.querySelectorAll('*')].filter(
      (el) =>
        !['SCRIPT', 'STYLE', 'OPTION', 'TITLE', 'svg', 'path', 'circle'].includes(el.tagName) &&
        !(el instanceof SVGElement),
    );
    const shown = all.filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && !isHidden(el) && area(visiblePart(el, r)) > 1;
    });

    // 1. Text that leaves its box. Walking up from the text, every box that clips what it
    // holds (overflow other than visible, paint containment; on a screen nobody scrolls, a
    // scroller too) must hold what is shown of the text. An ellipsis (text-overflow, line
    // clamp) excuses the cut by its own box, in its own direction; from there on, the box
    // with the ellipsis is what is shown, and it must fit in every box further out.
    const clipsContent = (style: CSSStyleDeclaration): boolean =>
      (isClipping(style) && (!options.scrolls || !isScrolling(style))) ||
      /\b(paint|content|strict)\b/.test(style.contain);
    const textEls = shown.filter((el) => textNodesOf(el).length > 0);
    for (const el of textEls) {
      const range = document.createRange();
      const nodes = textNodesOf(el);
      range.setStartBefore(nodes[0]!);
      range.setEndAfter(nodes.at(-1)!);
      // The ink, not the line box: a line box is taller than its letters (ascent + descent),
      // so lines set tight in a box of their height lose nothing a reader would see.
      const fontSize = parseFloat(getComputedStyle(el).fontSize);
      const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      let seen: Box = lines.length
        ? lines
            .map((r) => {
              const middle = (r.top + r.bottom) / 2;
              const half = Math.min(r.height, fontSize * 0.8) / 2;
              return { left: r.left, right: r.right, top: middle - half, bottom: middle + half };
            })
            .reduce((a, b) => ({
              left: Math.min(a.left, b.left),
              top: Math.min(a.top, b.top),
              right: Math.max(a.right, b.right),
              bottom: Math.max(a.bottom, b.bottom),
            }))
        : range.getBoundingClientRect();
      let hasEllipsis = false;
      let problem = '';
      for (let at: Element | null = el; at && at !== document.body; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (!clipsContent(style)) continue;
        const clip = at.getBoundingClientRect();
        const outSide = seen.left < clip.left - TOLERANCE || seen.right > clip.right + TOLERANCE;
        const outEnd = seen.top < clip.top - TOLERANCE || seen.bottom > clip.bottom + TOLERANCE;
        if (!outSide && !outEnd) continue;
        const endsInEllipsis = style.textOverflow === 'ellipsis' && isClipping(style);
        const isClamped =
          style.webkitLineClamp !== 'none' && style.webkitLineClamp !== '' && isClipping(style);
        if ((!outSide || endsInEllipsis) && (!outEnd || isClamped)) {
          hasEllipsis = true;
          seen = intersect(seen, clip);
          continue;
        }
        problem = hasEllipsis
          ? `ends in an ellipsis, but ${describe(at)} cuts it`
          : `cut by ${describe(at)} without an ellipsis`;
        break;
      }
      if (!problem) {
        if (seen.left < -TOLERANCE || seen.right > W + TOLERANCE)
          problem = 'runs off the side of the screen';
        else if (!options.scrolls && (seen.top < -TOLERANCE || seen.bottom > H + TOLERANCE))
          problem = 'runs off the screen';
      }
      if (problem) problems.push({ kind: 'overflow', what: `${describe(el)} ${problem}` });
    }

    // 1b. Text hidden whole by a box around it (a list longer than its box): it is on the
    // page, laid out, not hidden on purpose, yet nobody can see it.
    for (const el of all) {
      if (shown.includes(el) || textNodesOf(el).length === 0 || isHidden(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      if (options.scrolls && (box.right <= 0 || box.left >= W)) continue;
      let problem = options.scrolls ? '' : 'is off the screen';
      for (let at = el.parentElement; at && at !== document.body; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (!clipsContent(style)) continue;
        const clip = at.getBoundingClientRect();
        if (area(intersect(box, clip)) > 1) continue;
        // Past the end of a line cut with an ellipsis, or below the last line of a clamp.
        const isPastEllipsis =
          style.textOverflow === 'ellipsis' && box.top < clip.bottom && box.bottom > clip.top;
        const isPastClamp =
          style.webkitLineClamp !== 'none' &&
          style.webkitLineClamp !== '' &&
          box.left < clip.right &&
          box.right > clip.left;
        problem = isPastEllipsis || isPastClamp ? '' : `is hidden whole by ${describe(at)}`;
        break;
      }
      if (problem) problems.push({ kind: 'overflow', what: `${describe(el)} ${problem}` });
    }

    // 2. Overlaps: text lines and controls of unrelated elements (the status corner too).
    const controls = shown.filter((el) =>
      el.matches('button, input, select, textarea, [role="button"], img'),
    );
    type Piece = { el: Element; box: Box };
    const pieces: Piece[] = [];
    for (const el of new Set([...textEls, ...controls])) {
      if (controls.includes(el)) {
        pieces.push({ el, box: visiblePart(el, el.getBoundingClientRect()) });
        continue;
      }
      // A glyph box is taller than the font (ascent + descent): lines set solid (line-height 1)
      // touch without overlapping the letters, so only the middle of each line counts.
      const fontSize = parseFloat(getComputedStyle(el).fontSize);
      for (const node of textNodesOf(el)) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
          const middle = (rect.top + rect.bottom) / 2;
          const half = Math.min(rect.height, fontSize * 0.8) / 2;
          const box = visiblePart(
            el,
            { left: rect.left, right: rect.right, top: middle - half, bottom: middle + half },
            true,
          );
          if (area(box) > 1) pieces.push({ el, box });
        }
      }
    }
    const reported = new Set<string>();
    for (let i = 0; i < pieces.length; i++) {
      for (let j = i + 1; j < pieces.length; j++) {
        const a = pieces[i]!;
        const b = pieces[j]!;
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const shared = intersect(
          {
            left: a.box.left + 1,
            top: a.box.top + 1,
            right: a.box.right - 1,
            bottom: a.box.bottom - 1,
          },
          {
            left: b.box.left + 1,
            top: b.box.top + 1,
            right: b.box.right - 1,
            bottom: b.box.bottom - 1,
          },
        );
        if (area(shared) <= 4) continue;
        const key = `${describe(a.el)} | ${describe(b.el)}`;
        if (reported.has(key)) continue;
        reported.add(key);
        problems.push({ kind: 'overlap', what: `${describe(a.el)} overlaps ${describe(b.el)}` });
      }
    }

    // 3. Floors: nothing but the status corner under 1/45 of the height; tagged parts higher.
    if (options.floors) {
      const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
      for (const el of textEls) {
        if (corner?.contains(el)) continue;
        const tagged = el.closest('[data-floor]');
        const share = tagged ? Number(tagged.getAttribute('data-floor')) : 45;
        const size = px(el);
        if (size < H / share - 0.5)
          problems.push({
            kind: 'floor',
            what: `${describe(el)} is ${size.toFixed(1)} px, under 1/${share} of ${H} px (${(H / share).toFixed(1)} px)`,
          });
      }
      const largest = document.querySelector('[data-largest]');
      if (largest && !isHidden(largest)) {
        const size = px(largest);
        for (const el of textEls) {
          if (largest.contains(el) || corner?.contains(el)) continue;
          if (px(el) > size + 0.5)
            problems.push({
              kind: 'largest',
              what: `${describe(el)} (${px(el).toFixed(0)} px) is larger than the countdown (${size.toFixed(0)} px)`,
            });
        }
      }
    }
    return problems;
  }, options);
}
