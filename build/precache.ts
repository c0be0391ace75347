import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Files the service worker must not copy: model weights are cached by the generator worker in
 * IndexedDB after their SHA-256 is checked (so they are not stored twice), reference images exist
 * only for parity tests, and a model card's figures are for reading online. So every model kept
 * for old links costs a visitor only its manifest and model card until a link asks for it.
 */
export function isPrecached(path: string): boolean {
  if (path === 'sw.js' || path.endsWith('.map')) return false;
  if (/^models\/.+\.bin$/.test(path)) return false;
  if (/^models\/.+\/reference\.json$/.test(path)) return false;
  if (/^models\/.+\.png$/.test(path)) return false;
  return true;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The precache list of a build folder (paths relative to it, sorted) and a version from their bytes. */
export function precacheManifest(outDir: string): { files: string[]; version: string } {
  const files = walk(outDir)
    .map((full) => relative(outDir, full).split(sep).join('/'))
    .filter(isPrecached)
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(outDir, file)));
  return { files, version: hash.digest('hex').slice(0, 16) };
}
