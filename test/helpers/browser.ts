import { type Browser, chromium, type Page } from 'playwright-core';

/** Headless Chromium as every page test starts it (no network of its own, no sandbox in CI). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Collects every Content-Security-Policy violation a page reports, from the DOM's
 * `securitypolicyviolation` events and from the console ("Refused to …"), so a test can
 * assert that a page works under its policy with none.
 */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__tixmoCspViolation', (text: string) => violations.push(text));
  // Runs in the page (no DOM types here): report each violation to the test.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__tixmoCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
        ' (' + e.sourceFile + ':' + e.lineNumber + ')');
    });`,
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  return violations;
}
