// The generator's command line: parsed into options, or a list of what is wrong with it. The
// dataset rules themselves (grades, seeds, truncation) are checked later by src/dataset/, once the
// model is known.
import type { BackendChoice } from './backend';

export const USAGE = `usage: npm run generate -- --per-grade N --out DIR [options]

Draws a synthetic knee radiograph dataset into DIR with the app's own model and forward pass:
the same files as the browser's dataset ZIP (images/kl<g>/kl<g>_seed<s>.png with provenance in
their PNG text, labels.csv, MODEL_CARD.md, README.txt, provenance.json), without its 5,000-image cap.

  --per-grade N        images per grade (required)
  --out DIR            output folder (required); a rerun with the same options goes on where it stopped
  --model ID|FOLDER    a model id of public/models/index.json, a package folder (with manifest.json)
                       or a models folder (with index.json); default: the app's default model
  --grades 0,1,2,3,4   the KL grades (default: every whole grade of the model)
  --first-seed S       the first seed (default 0)
  --paired             the same seeds (the same knees) in every grade; default: fresh seeds per grade
  --truncation T       truncation (default: the model's default)
  --direction ID=V     a direction slider value, e.g. --direction pc1=1.5 (repeatable)
  --zip                also pack DIR/<name>.zip, the same bytes as the browser's ZIP
  --workers N          worker threads (default: every core)
  --backend B          auto (wasm, else cpu), wasm or cpu (default auto)
  --dry-run            say what would be drawn, write nothing
  --help               this text

Paths are relative to the folder npm was started in.`;

export interface CliOptions {
  perGrade: number;
  out: string;
  model: string | null;
  /** null: every whole grade of the model. */
  grades: number[] | null;
  firstSeed: number;
  paired: boolean;
  /** null: the model's default. */
  truncation: number | null;
  directions: Record<string, number>;
  zip: boolean;
  /** null: one per core. */
  workers: number | null;
  backend: BackendChoice;
  dryRun: boolean;
  help: boolean;
}

const FLAGS = new Set(['--paired', '--zip', '--dry-run', '--help', '-h']);
const VALUED = new Set([
  '--per-grade',
  '--out',
  '--model',
  '--grades',
  '--first-seed',
  '--truncation',
  '--direction',
  '--workers',
  '--backend',
]);
const WHOLE = /^[+-]?\d+$/;

function whole(name: string, text: string, problems: string[]): number {
  if (!WHOLE.test(text.trim())) problems.push(`${name} must be a whole number, got "${text}"`);
  return Number(text);
}

function decimal(name: string, text: string, problems: string[]): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) problems.push(`${name} must be a number, got "${text}"`);
  return value;
}

/** Options from argv (without node and the script); `problems` is empty when they can be used. */
export function parseArgs(argv: string[]): { options: CliOptions; problems: string[] } {
  const problems: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].startsWith('--') ? splitInline(argv[i]) : [argv[i], undefined];
    if (FLAGS.has(name) && inline === undefined) flags.add(name);
    else if (VALUED.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) problems.push(`${name} needs a value`);
      else values.set(name, [...(values.get(name) ?? []), value]);
    } else problems.push(`unknown option "${argv[i]}"`);
  }
  const last = (name: string) => values.get(name)?.at(-1);
  const help = flags.has('--help') || flags.has('-h');

  const perGradeText = last('--per-grade');
  const out = last('--out');
  if (!help && perGradeText === undefined) problems.push('--per-grade N is required');
  if (!help && out === undefined) problems.push('--out DIR is required');
  const gradesText = last('--grades');
  const grades =
    gradesText === undefined
      ? null
      : [...new Set(gradesText.split(',').map((g) => whole('each of --grades', g, problems)))].sort((a, b) => a - b);
  const firstSeedText = last('--first-seed');
  const truncationText = last('--truncation');
  const workersText = last('--workers');
  const workers = workersText === undefined ? null : whole('--workers', workersText, problems);
  if (workers !== null && !(workers >= 1)) problems.push('--workers must be at least 1');
  const backend = (last('--backend') ?? 'auto') as BackendChoice;
  if (!['auto', 'wasm', 'cpu'].includes(backend))
    problems.push(`--backend must be auto, wasm or cpu, got "${backend}"`);

  const directions: Record<string, number> = {};
  for (const pair of values.get('--direction') ?? []) {
    const match = /^([^=]+)=(.*)$/.exec(pair);
    if (!match) problems.push(`--direction must look like ID=VALUE, got "${pair}"`);
    else directions[match[1].trim()] = decimal(`--direction ${match[1].trim()}`, match[2], problems);
  }

  const options: CliOptions = {
    perGrade: perGradeText === undefined ? 0 : whole('--per-grade', perGradeText, problems),
    out: out ?? '',
    model: last('--model') ?? null,
    grades,
    firstSeed: firstSeedText === undefined ? 0 : whole('--first-seed', firstSeedText, problems),
    paired: flags.has('--paired'),
    truncation: truncationText === undefined ? null : decimal('--truncation', truncationText, problems),
    directions,
    zip: flags.has('--zip'),
    workers,
    backend,
    dryRun: flags.has('--dry-run'),
    help,
  };
  return { options, problems: help ? [] : problems };
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
