// Entry of `npm run generate` (scripts/generate/main.ts). The same bundle also runs as each render
// worker thread, so the command needs no second bundle and the main thread never loads tfjs.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const { main } = await import('./generate/main');
  process.exitCode = await main(process.argv.slice(2), new URL(import.meta.url));
} else {
  await import('./generate/render-worker');
}
