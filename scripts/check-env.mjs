// The first step of `npm test`: the end-to-end tests need Debian's Chromium and the Python tests
// need the training's packages. Without them a run fails late and obscurely, so say it up front,
// with the one command that installs them (the packages .ci/run installs; their list lives there).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const PYTHON = '/usr/bin/python3';
const MODULES = ['torch', 'numpy', 'PIL', 'tqdm', 'pytest', 'matplotlib', 'jsonschema', 'onnx'];

function missingModules() {
  if (!existsSync(PYTHON)) return [PYTHON];
  const probe = `
import importlib
for name in ${JSON.stringify(MODULES)}:
    try:
        importlib.import_module(name)
    except Exception:
        print(name)`;
  const result = spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8' });
  if (result.status !== 0) return [`${PYTHON} failed: ${result.stderr.trim()}`];
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((name) => `Python module ${name}`);
}

const missing = [...(existsSync(CHROMIUM) ? [] : [CHROMIUM]), ...missingModules()];
if (missing.length > 0) {
  const ciRun = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
  const packages = /apt_packages=\(([^)]*)\)/.exec(ciRun)[1].trim().split(/\s+/).join(' ');
  console.error(
    [
      `npm test needs Chromium and the training's Python packages; missing: ${missing.join(', ')}.`,
      'Install them (Debian/Ubuntu) with:',
      '',
      `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages}`,
      '',
    ].join('\n'),
  );
  process.exit(1);
}
