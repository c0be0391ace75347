// Direction sliders -> one offset in w space (contract/README.md, forward pass step 1).

export interface DirectionVector {
  id: string;
  vector: number[];
}

/** Σ valueᵢ · directionᵢ.vector, or null when every value is 0. Unknown ids are an error. */
export function directionOffset(
  directions: readonly DirectionVector[],
  values: Readonly<Record<string, number>>,
  wDim: number,
): Float32Array | null {
  const offset = new Float32Array(wDim);
  let moved = false;
  for (const [id, value] of Object.entries(values)) {
    if (value === 0) continue;
    const direction = directions.find((d) => d.id === id);
    if (!direction) throw new Error(`unknown direction '${id}'`);
    if (direction.vector.length !== wDim) throw new Error(`direction '${id}' has ${direction.vector.length} values, w has ${wDim}`);
    for (let i = 0; i < wDim; i++) offset[i] += value * direction.vector[i];
    moved = true;
  }
  return moved ? offset : null;
}
