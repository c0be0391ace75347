// Runs a TypeScript entry in Node: `node scripts/run-ts.mjs scripts/x.ts [args...]`.
// rolldown (which Vite brings) bundles the entry and the project's own modules it imports; npm
// packages stay external so Node loads them from node_modules as usual (tfjs-backend-wasm finds
// its .wasm files next to itself that way). The bundle goes to node_modules/.cache/run-ts/<hash>/,
// inside the project so those bare imports resolve, and is reused while the sources are unchanged.
// The entry path is relative to the current folder (npm scripts run in the project root).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run-ts.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
const entry = resolve(entryArg);
const isPackage = (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0');

const bundle = await rolldown({ input: entry, platform: 'node', cwd: root, external: isPackage, logLevel: 'warn' });
const { output } = await bundle.generate({ format: 'esm', entryFileNames: 'entry.mjs', chunkFileNames: '[name].mjs' });
await bundle.close();

const hash = createHash('sha256');
for (const file of output) hash.update(file.fileName).update(file.type === 'chunk' ? file.code : file.source);
const dir = join(root, 'node_modules', '.cache', 'run-ts', hash.digest('hex').slice(0, 16));
if (!existsSync(dir)) {
  // Written beside, then renamed: a second run at the same moment never sees half a bundle.
  const partial = `${dir}.${process.pid}.partial`;
  for (const file of output) {
    const path = join(partial, file.fileName);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.type === 'chunk' ? file.code : file.source);
  }
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another run got there first
  }
}

// Bundles of sources edited since are dropped after a week; this one is marked as in use.
const now = new Date();
utimesSync(dir, now, now);
const cache = dirname(dir);
for (const name of readdirSync(cache)) {
  const old = join(cache, name);
  try {
    if (old !== dir && now.getTime() - statSync(old).mtimeMs > 7 * 24 * 3600 * 1000)
      rmSync(old, { recursive: true, force: true });
  } catch {
    // Another run removed it first.
  }
}

// The entry sees the usual argv: [node, its own path, ...args].
process.argv = [process.argv[0], join(dir, 'entry.mjs'), ...args];
await import(pathToFileURL(join(dir, 'entry.mjs')).href);
