import { defineConfig } from '@playwright/test';

// End-to-end tests of the built app (dist/), served by `vite preview` from a sub-path to prove the
// relative base, in Debian's Chromium (Playwright's own browser download cannot run here).
// E2E_PORT / E2E_DIST let two checkouts' test runs share a machine without clashing.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';
export const APP_PATH = '/sub/path/';
const quiet = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1, // two cores, and a GAN may be training on them
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}${APP_PATH}`,
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 800 },
  },
  webServer: {
    command: `npx vite preview --base ${APP_PATH} --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://localhost:${PORT}${APP_PATH}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /fallback\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', ...quiet] },
      },
    },
    {
      // Without --enable-unsafe-webgpu, Chromium on Linux offers no WebGPU adapter.
      name: 'chromium-without-webgpu',
      testMatch: /fallback\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: quiet },
      },
    },
  ],
});
