import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { precacheManifest } from './precache.ts';

/**
 * Writes `outDir`/sw.js: the hand-written worker in build/sw-template.js with the list of files to
 * precache and a version that changes whenever any of them does. The build calls it; the update
 * end-to-end test calls it on a changed copy of dist/ to make a second version of the app.
 */
export function writeServiceWorker(outDir: string): void {
  const { files, version } = precacheManifest(outDir);
  const template = readFileSync(resolve(import.meta.dirname, 'sw-template.js'), 'utf8');
  const source = template
    .replace('__PRECACHE_VERSION__', JSON.stringify(version))
    .replace('__PRECACHE_FILES__', JSON.stringify(['./', ...files]));
  writeFileSync(join(outDir, 'sw.js'), source);
}

/** Writes dist/sw.js after the build (see writeServiceWorker). */
export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'knee-oa-studio:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      // A failed build wrote nothing: return, so that its own error is the one reported.
      if (!existsSync(outDir)) return;
      writeServiceWorker(outDir);
    },
  };
}
