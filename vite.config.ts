import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy } from './build/csp-plugin.ts';
import { serviceWorker } from './build/service-worker-plugin.ts';

// A static site with a relative base, so dist/ works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [svelte(), contentSecurityPolicy(), serviceWorker()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // tfjs is large by nature; it is loaded only inside the worker.
    chunkSizeWarningLimit: 4096,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['core/**/*.test.ts', 'src/**/*.test.ts', 'workers/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
