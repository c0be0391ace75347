// The built app (dist/) served by `vite preview` under `base`, for the scripts that drive it in
// Chromium (benchmarks, screenshots). Resolves once the page answers; the caller kills the server.
import { spawn } from 'node:child_process';

export async function startPreview(port, base) {
  const url = `http://localhost:${port}${base}`;
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--base', base, '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  server.kill();
  throw new Error('vite preview did not start');
}
