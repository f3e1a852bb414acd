export interface MaxDrawdown {
  /** Most negative value of close / running peak - 1 (0 when never below a peak). */
  depth: number;
  peakIndex: number;
  troughIndex: number;
}

export function maxDrawdown(values: ArrayLike<number>): MaxDrawdown {
  let peak = -Infinity;
  let peakIndex = -1;
  let best: MaxDrawdown = { depth: 0, peakIndex: 0, troughIndex: 0 };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > peak) {
      peak = v;
      peakIndex = i;
    }
    const dd = v / peak - 1;
    if (dd < best.depth) best = { depth: dd, peakIndex, troughIndex: i };
  }
  return best;
}
