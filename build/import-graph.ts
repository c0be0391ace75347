// The folder-level import graph of the app's code, read from the import statements themselves,
// so the walls between folders (README: "How the code is laid out") are checked by a test.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** The areas whose files are read; a folder is an area, or a folder directly inside one. */
export const AREAS = ['core', 'src', 'workers', 'scripts'];

export interface FolderImport {
  from: string;
  to: string;
  /** The first file seen making this import, as "file -> specifier". */
  example: string;
}

const SOURCE = /\.(ts|svelte|mjs|js)$/;
// `from '…'`, `import '…'`, `import('…')`, `new URL('…', import.meta.url)` (how a worker is started).
const SPECIFIER =
  /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]|\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(root, path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** "src/viewer/Viewer.svelte" → "src/viewer"; test helpers in testing/ belong to their folder. */
export function folderOf(file: string): string {
  const parts = dirname(file)
    .split(sep)
    .filter((part) => part !== 'testing');
  return parts.slice(0, 2).join('/');
}

export function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]).filter((spec) => spec.startsWith('.'));
}

/** Every import from one folder to another (imports within a folder are left out). */
export function folderImports(root: string): FolderImport[] {
  const seen = new Map<string, FolderImport>();
  for (const file of AREAS.flatMap((area) => sourceFiles(root, area))) {
    const from = folderOf(file);
    for (const spec of relativeSpecifiers(readFileSync(join(root, file), 'utf8'))) {
      const to = folderOf(relative('.', normalize(join(dirname(file), spec))));
      const key = `${from} ${to}`;
      if (to !== from && !seen.has(key)) seen.set(key, { from, to, example: `${file} -> ${spec}` });
    }
  }
  return [...seen.values()];
}

/** Each cycle found, as the folders along it (first folder repeated at the end). */
export function folderCycles(imports: FolderImport[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of imports) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const done = new Set<string>();
  const walk = (folder: string, path: string[]) => {
    const at = path.indexOf(folder);
    if (at >= 0) return void cycles.push([...path.slice(at), folder]);
    if (done.has(folder)) return;
    for (const to of next.get(folder) ?? []) walk(to, [...path, folder]);
    done.add(folder);
  };
  for (const folder of next.keys()) walk(folder, []);
  return cycles;
}
