// `npm run generate`: plans the set with src/dataset/, skips the images an earlier run finished,
// draws the rest on every core, then writes labels.csv, README.txt, MODEL_CARD.md,
// provenance.json (and the ZIP with --zip) from the same code as the browser's export.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { datasetTextFiles } from '../../core/dataset/dataset-files';
import { datasetFileName } from '../../core/dataset/plan';
import { planAnySize } from '../../core/dataset/plan-any-size';
import { weightsSha256 } from '../../core/state/model-version';
import { zipFiles } from '../../core/formats/zip';
import { datasetOptionsFor } from './dataset-options';
import { openDiskPackage } from './model-files';
import { parseArgs, USAGE } from './options';
import { isCompletePng, outDirProblem, writeFileAtomic } from './out-dir';
import { drawWithWorkers } from './pool';
import { ProgressReporter } from './progress';

const say = (line: string) => process.stderr.write(`${line}\n`);
const fail = (problems: string[], code: number) => {
  say(problems.length === 1 ? `generate: ${problems[0]}` : `generate:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return code;
};
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs the command; resolves to the exit code. `script` is this bundle, run again as each render worker. */
export async function main(argv: string[], script: URL): Promise<number> {
  const parsed = parseArgs(argv);
  const cli = parsed.options;
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.problems.length > 0) return fail([...parsed.problems, 'see npm run generate -- --help'], 2);
  // npm runs scripts in the project root; paths on the command line are the caller's.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const out = resolve(cwd, cli.out);

  let pkg;
  try {
    pkg = await openDiskPackage(cli.model, cwd, resolve(process.cwd(), 'public', 'models'));
  } catch (error) {
    return fail([`could not open the model: ${message(error)}`], 1);
  }
  const { manifest } = pkg;
  const { options, problems } = datasetOptionsFor(cli, manifest);
  if (problems.length > 0) return fail(problems, 2);

  const items = planAnySize(options, manifest);
  const textFiles = datasetTextFiles(manifest, options, items, pkg.card);
  const provenance = textFiles.find((f) => f.name === 'provenance.json')!.data;
  const dirProblem = outDirProblem(out, new TextDecoder().decode(provenance));
  if (dirProblem) return fail([dirProblem], 1);
  const todo = items.filter((item) => !isCompletePng(join(out, item.file)));
  say(
    `model: ${manifest.name} (${manifest.id}, weights ${weightsSha256(manifest)?.slice(0, 8) ?? 'unknown'}) from ${pkg.folder}`,
  );
  say(`${items.length} images into ${out}: ${items.length - todo.length} already there, ${todo.length} to draw`);
  if (cli.dryRun) return 0;

  // Marks the folder as this set's before any image lands in it (see outDirProblem).
  writeFileAtomic(join(out, 'provenance.json'), provenance);
  const progress = new ProgressReporter(todo.length);
  const workers = Math.max(1, Math.min(cli.workers ?? availableParallelism(), todo.length));
  const setup = { manifest, weights: pkg.weights, outDir: out, backend: cli.backend };
  let drawn = 0;
  let backendName = 'none (nothing to draw)';
  const started = performance.now();
  let startup = 0;
  const pool = drawWithWorkers(script, setup, todo, workers, {
    onBackend(backend, count) {
      backendName = backend.name === 'wasm' ? 'wasm (single-threaded)' : `cpu (${backend.fallback})`;
      startup = (performance.now() - started) / 1000;
      say(`backend: ${backendName}, ${count} worker thread${count === 1 ? '' : 's'}, ready in ${startup.toFixed(1)} s`);
      progress.restart();
    },
    onDone() {
      drawn++;
      progress.tick();
    },
  });
  process.once('SIGINT', () => {
    progress.interrupt();
    say(`stopped after ${drawn} of ${todo.length} images; run the same command again to go on`);
    void pool.stop().finally(() => process.exit(130));
  });
  try {
    await pool.done;
  } catch (error) {
    progress.interrupt();
    return fail([`${message(error)} (${drawn} images were written; a rerun goes on from there)`], 1);
  }
  const seconds = (performance.now() - started) / 1000;
  const drawing = progress.seconds;

  for (const file of textFiles) writeFileAtomic(join(out, file.name), file.data);
  let zipNote = '';
  if (cli.zip) {
    // Read back in plan order: the ZIP is byte for byte the browser's for the same pixels.
    const images = items.map((item) => ({ name: item.file, data: new Uint8Array(readFileSync(join(out, item.file))) }));
    const zipPath = join(out, datasetFileName(manifest, options));
    writeFileAtomic(zipPath, zipFiles([...textFiles, ...images]));
    zipNote = `, ZIP ${zipPath}`;
  }
  const rate =
    drawn > 0
      ? ` (${(drawn / seconds).toFixed(1)} images/s; ${(drawn / drawing).toFixed(1)} after the ` +
        `${startup.toFixed(1)} s start-up) on ${backendName}, ${workers} workers`
      : '';
  process.stdout.write(
    `drew ${drawn} images in ${seconds.toFixed(1)} s${rate}; ${items.length - drawn} already there; ` +
      `${items.length} images, labels.csv, README.txt, MODEL_CARD.md and provenance.json in ${out}${zipNote}\n`,
  );
  return 0;
}
