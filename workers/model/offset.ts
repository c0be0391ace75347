// Direction sliders -> offsets (contract/README.md, forward pass steps 1-2): directions in `w`
// add to w, directions in `grade` add to the grade embedding, and masked grade directions act
// only where their mask is (each kept apart with its mask: lite.ts applies them per block).

export type DirectionSpace = 'w' | 'grade';

/** A spatial weight map in [0, 1], row-major, resized to every block's map (mask.ts). */
export interface DirectionMask {
  size: [number, number];
  values: number[];
}

export interface DirectionVector {
  id: string;
  /** Absent in the oldest packages, which have w directions only. */
  space?: DirectionSpace;
  vector: number[];
  mask?: DirectionMask;
}

/** One masked direction as a state moves it: value · vector, and where it acts. */
export interface MaskedOffset {
  offset: Float32Array;
  mask: DirectionMask;
}

function checked(direction: DirectionVector | undefined, id: string, dim: number, space: DirectionSpace): DirectionVector {
  if (!direction) throw new Error(`unknown direction '${id}'`);
  if (direction.vector.length !== dim) throw new Error(`direction '${id}' has ${direction.vector.length} values, ${space} has ${dim}`);
  return direction;
}

/** Σ valueᵢ · directionᵢ.vector over the unmasked directions in `space`, or null when none moves. Unknown ids are an error. */
export function directionOffset(
  directions: readonly DirectionVector[],
  values: Readonly<Record<string, number>>,
  dim: number,
  space: DirectionSpace = 'w',
): Float32Array | null {
  const offset = new Float32Array(dim);
  let moved = false;
  for (const [id, value] of Object.entries(values)) {
    const found = directions.find((d) => d.id === id);
    if (!found) throw new Error(`unknown direction '${id}'`);
    if (value === 0 || (found.space ?? 'w') !== space || found.mask) continue;
    const direction = checked(found, id, dim, space);
    for (let i = 0; i < dim; i++) offset[i] += value * direction.vector[i];
    moved = true;
  }
  return moved ? offset : null;
}

/** The masked directions a state moves, each with its offset in the grade embedding. */
export function maskedOffsets(
  directions: readonly DirectionVector[],
  values: Readonly<Record<string, number>>,
  gradeDim: number,
): MaskedOffset[] {
  const out: MaskedOffset[] = [];
  for (const [id, value] of Object.entries(values)) {
    const found = directions.find((d) => d.id === id);
    if (!found?.mask || value === 0) continue;
    const direction = checked(found, id, gradeDim, 'grade');
    out.push({ offset: Float32Array.from(direction.vector, (v) => value * v), mask: found.mask });
  }
  return out;
}

/** Every offset a generator takes, for a manifest's directions and a state's slider values. */
export function directionOffsets(
  spec: { directions: readonly DirectionVector[]; architecture: { w_dim: number; grade_dim: number } },
  values: Readonly<Record<string, number>>,
): { wOffset: Float32Array | null; gradeOffset: Float32Array | null; masked: MaskedOffset[] } {
  return {
    wOffset: directionOffset(spec.directions, values, spec.architecture.w_dim, 'w'),
    gradeOffset: directionOffset(spec.directions, values, spec.architecture.grade_dim, 'grade'),
    masked: maskedOffsets(spec.directions, values, spec.architecture.grade_dim),
  };
}
