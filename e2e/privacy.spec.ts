import { expect, test } from '@playwright/test';
import { waitForFrame } from './helpers';

test('no request leaves localhost, the CSP is in force and nothing violates it', async ({ page, context, baseURL }) => {
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  await page.goto('./');
  await waitForFrame(page);
  await page.getByRole('button', { name: 'New knee' }).click();
  await waitForFrame(page, 2);

  const origin = new URL(baseURL!).origin;
  const foreign = requests.filter(
    (url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'),
  );
  expect(foreign).toEqual([]);
  expect(requests.length).toBeGreaterThan(3);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/https?:/);
  expect(violations).toEqual([]);
});
