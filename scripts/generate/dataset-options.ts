// The command line's options as the browser export's DatasetOptions (same fields, same key order,
// so provenance.json matches the browser's), checked by src/dataset/ without the one-ZIP cap.
import { anySizeProblems } from '../../core/dataset/plan-any-size';
import type { DatasetOptions } from '../../core/dataset/plan';
import { klCondition, wholeGrades } from '../../core/state/editor-state';
import type { ModelManifest } from '../../core/state/manifest';
import type { CliOptions } from './options';

function directionValues(cli: CliOptions, manifest: ModelManifest, problems: string[]): Record<string, number> {
  const given = Object.entries(cli.directions);
  // Like the browser with "apply the direction sliders" off: no directions at all.
  if (given.length === 0) return {};
  for (const [id, value] of given) {
    const direction = manifest.directions.find((d) => d.id === id);
    const known = manifest.directions.map((d) => d.id).join(', ') || 'none';
    if (!direction) problems.push(`the model has no direction "${id}" (its directions: ${known})`);
    else if (!(value >= direction.range[0] && value <= direction.range[1]))
      problems.push(`direction ${id} must be within ${direction.range[0]}–${direction.range[1]}, got ${value}`);
  }
  // Like the browser with it on: every direction of the model, in the model's order.
  return Object.fromEntries(manifest.directions.map((d) => [d.id, cli.directions[d.id] ?? 0]));
}

export function datasetOptionsFor(
  cli: CliOptions,
  manifest: ModelManifest,
): { options: DatasetOptions; problems: string[] } {
  const problems: string[] = [];
  const kl = klCondition(manifest);
  const options: DatasetOptions = {
    grades: cli.grades ?? wholeGrades(kl.min, kl.max),
    perGrade: cli.perGrade,
    firstSeed: cli.firstSeed,
    paired: cli.paired,
    truncation: cli.truncation ?? manifest.latent.truncation.default,
    directions: directionValues(cli, manifest, problems),
  };
  return { options, problems: [...problems, ...anySizeProblems(options, manifest)] };
}
