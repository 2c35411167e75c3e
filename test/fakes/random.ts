import type { Random } from "../../src/core/index.js";

/**
 * A seeded uniform generator (mulberry32) of numbers in [0, 1): the same seed, the same sequence.
 *
 * @example
 * ```ts
 * const next = mulberry32(7);
 * next(); // the same number on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic Random for tests, counting the integers it draws.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random.int(1, 6); // the same number on every run
 * random.draws; // 1
 * ```
 */
export function seededRandom(seed = 1): Random & { draws: number } {
  const next = mulberry32(seed);
  const random = {
    draws: 0,
    bytes(n: number) {
      return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
    },
    int(min: number, max: number) {
      random.draws++;
      return min + Math.floor(next() * (max - min + 1));
    },
  };
  return random;
}
