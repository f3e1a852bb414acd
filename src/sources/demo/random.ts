/**
 * Seeded pseudo-random numbers for the demo market. Every component draws from its own named
 * stream (seed + label), so adding or reordering components never shifts another component's
 * numbers, and one stock's path does not depend on how many other stocks exist.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" 128-bit state), seeded through
 * a 32-bit FNV-1a hash of the label mixed with the seed by splitmix32. Only 32-bit integer
 * operations and IEEE doubles are used, so the sequence is identical on every platform.
 */

const TWO_POW_32 = 4294967296;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  /** `seed` is an unsigned 32-bit integer; `label` names the stream ("market", "stock:17", ...). */
  constructor(seed: number, label: string) {
    const st = { s: (fnv1a(label) ^ Math.imul(seed >>> 0, 0x27d4eb2d)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st) | 1;
    for (let i = 0; i < 12; i++) this.u32(); // warm up
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1). */
  uniform(): number {
    return (this.u32() + 0.5) / TWO_POW_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia's polar method; no trigonometry). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Student-t with integer `nu` > 2 degrees of freedom, scaled to unit variance (fat tails). */
  studentT(nu: number): number {
    let chi = 0;
    for (let i = 0; i < nu; i++) {
      const z = this.normal();
      chi += z * z;
    }
    return (this.normal() / Math.sqrt(chi / nu)) * Math.sqrt((nu - 2) / nu);
  }

  /** Index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/**
 * Counter-based uniform on (0, 1) from three integers (e.g. stream key, day, slot): the same
 * inputs always give the same number, whatever else was drawn. Used where draws must not
 * depend on how far a sequence was run (open/high/low noise of stock bars).
 */
export function hashUniform(key: number, day: number, slot: number): number {
  let h = Math.imul(key ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (day + 0x632be5ab) ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ Math.imul(slot + 1, 0x27d4eb2d) ^ (h >>> 13), 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return ((h >>> 0) + 0.5) / TWO_POW_32;
}

/** A 32-bit key for a label under a seed (for hashUniform). */
export function streamKey(seed: number, label: string): number {
  return (fnv1a(label) ^ Math.imul(seed >>> 0, 0x2545f491)) >>> 0;
}
