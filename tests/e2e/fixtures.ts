import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';

export { expect };

/** A console error or uncaught exception seen on a page during the test. */
export interface PageProblem {
  kind: 'pageerror' | 'console.error';
  text: string;
  url: string;
}

export interface PageErrors {
  /** Everything seen so far, allowed or not. */
  readonly all: readonly PageProblem[];
  /** Expect messages matching these (for the rest of this test), e.g. a peer that is killed on purpose. */
  allow(...patterns: (string | RegExp)[]): void;
  /** Also watch a page or context made some other way (pages of `browser.newContext()` are watched already). */
  watch(target: Page | BrowserContext): void;
}

interface Fixtures {
  /**
   * Messages the test expects (substring or RegExp); anything else fails the test.
   * `test.use({ allowedPageErrors: [/WebSocket connection .* failed/] })`
   */
  allowedPageErrors: (string | RegExp)[];
  pageErrors: PageErrors;
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

function describe(problem: PageProblem): string {
  return `[${problem.kind}] ${problem.text}${problem.url ? `\n    at ${problem.url}` : ''}`;
}

/**
 * Playwright's `test`, failing any test during which a page logs `console.error`
 * or throws an uncaught exception, unless the message is allowed. Every page of
 * the default context and of contexts opened with `browser.newContext()` during
 * the test (other kiosks) is watched.
 */
export const test = base.extend<Fixtures>({
  allowedPageErrors: [[], { option: true }],

  pageErrors: [
    async ({ browser, context, allowedPageErrors }, use, testInfo) => {
      const problems: PageProblem[] = [];
      const allowed: (string | RegExp)[] = [...allowedPageErrors];
      const watchedPages = new WeakSet<Page>();
      const watchedContexts = new WeakSet<BrowserContext>();

      const watchPage = (page: Page) => {
        if (watchedPages.has(page)) return;
        watchedPages.add(page);
        page.on('pageerror', (error) => {
          problems.push({ kind: 'pageerror', text: error.stack ?? String(error), url: page.url() });
        });
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          const { url, lineNumber } = message.location();
          problems.push({
            kind: 'console.error',
            text: message.text(),
            url: url ? `${url}:${lineNumber + 1}` : page.url(),
          });
        });
      };
      const watchContext = (ctx: BrowserContext) => {
        if (watchedContexts.has(ctx)) return;
        watchedContexts.add(ctx);
        ctx.pages().forEach(watchPage);
        ctx.on('page', watchPage);
      };
      watchContext(context);

      // Kiosk tests open more contexts (one per kiosk): watch those too, for this test only.
      const original = {
        newContext: browser.newContext.bind(browser),
        newPage: browser.newPage.bind(browser),
      };
      const patched = browser as Browser & {
        newContext: Browser['newContext'];
        newPage: Browser['newPage'];
      };
      patched.newContext = async (...args) => {
        const ctx = await original.newContext(...args);
        watchContext(ctx);
        return ctx;
      };
      patched.newPage = async (...args) => {
        const page = await original.newPage(...args);
        watchContext(page.context());
        watchPage(page);
        return page;
      };

      try {
        await use({
          get all() {
            return problems;
          },
          allow(...patterns) {
            allowed.push(...patterns);
          },
          watch(target) {
            if ('goto' in target) watchPage(target);
            else watchContext(target);
          },
        });
      } finally {
        patched.newContext = original.newContext;
        patched.newPage = original.newPage;
      }

      const unexpected = problems.filter(
        (p) => !allowed.some((pattern) => matches(p.text, pattern)),
      );
      if (problems.length > 0) {
        await testInfo.attach('page-errors.txt', {
          body: problems.map(describe).join('\n\n'),
          contentType: 'text/plain',
        });
      }
      expect(
        unexpected.map(describe),
        'console errors / uncaught exceptions on the page (allow expected ones with pageErrors.allow or allowedPageErrors)',
      ).toEqual([]);
    },
    { auto: true },
  ],
});
