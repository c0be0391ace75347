import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderCycles, folderImports, type FolderImport } from './import-graph';

const imports = folderImports(fileURLToPath(new URL('..', import.meta.url)));
const show = (list: FolderImport[]) => list.map((i) => `${i.from} -> ${i.to} (${i.example})`);

describe('the walls between folders', () => {
  it('reads the graph (a sanity check of the reader itself)', () => {
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/viewer', to: 'core/view' }));
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/worker-bridge', to: 'workers' }));
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(imports).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('workers never import the UI (src/)', () => {
    expect(show(imports.filter((i) => i.from.startsWith('workers') && i.to.startsWith('src')))).toEqual([]);
  });

  it('core imports nothing but core and the contract', () => {
    const outside = imports.filter((i) => i.from.startsWith('core/') && !/^(core\/|contract$)/.test(i.to));
    expect(show(outside)).toEqual([]);
  });

  it('the UI reaches the worker only through src/worker-bridge, and scripts never import the UI', () => {
    const uiToWorker = imports.filter(
      (i) => i.from.startsWith('src') && i.from !== 'src/worker-bridge' && i.to.startsWith('workers'),
    );
    const scriptsToUi = imports.filter((i) => i.from.startsWith('scripts') && i.to.startsWith('src'));
    expect(show([...uiToWorker, ...scriptsToUi])).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const a = { from: 'src/a', to: 'src/b', example: '' };
    const b = { from: 'src/b', to: 'src/a', example: '' };
    expect(folderCycles([a, b])).toEqual([['src/a', 'src/b', 'src/a']]);
  });
});
