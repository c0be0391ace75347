// Direction sliders -> offsets (contract/README.md, forward pass steps 1-2): directions in `w`
// add to w, directions in `grade` add to the grade embedding.

export type DirectionSpace = 'w' | 'grade';

export interface DirectionVector {
  id: string;
  /** Absent in the oldest packages, which have w directions only. */
  space?: DirectionSpace;
  vector: number[];
}

/** Σ valueᵢ · directionᵢ.vector over the directions in `space`, or null when none moves. Unknown ids are an error. */
export function directionOffset(
  directions: readonly DirectionVector[],
  values: Readonly<Record<string, number>>,
  dim: number,
  space: DirectionSpace = 'w',
): Float32Array | null {
  const offset = new Float32Array(dim);
  let moved = false;
  for (const [id, value] of Object.entries(values)) {
    const direction = directions.find((d) => d.id === id);
    if (!direction) throw new Error(`unknown direction '${id}'`);
    if (value === 0 || (direction.space ?? 'w') !== space) continue;
    if (direction.vector.length !== dim) throw new Error(`direction '${id}' has ${direction.vector.length} values, ${space} has ${dim}`);
    for (let i = 0; i < dim; i++) offset[i] += value * direction.vector[i];
    moved = true;
  }
  return moved ? offset : null;
}

/** Both offsets a generator takes, for a manifest's directions and a state's slider values. */
export function directionOffsets(
  spec: { directions: readonly DirectionVector[]; architecture: { w_dim: number; grade_dim: number } },
  values: Readonly<Record<string, number>>,
): { wOffset: Float32Array | null; gradeOffset: Float32Array | null } {
  return {
    wOffset: directionOffset(spec.directions, values, spec.architecture.w_dim, 'w'),
    gradeOffset: directionOffset(spec.directions, values, spec.architecture.grade_dim, 'grade'),
  };
}
