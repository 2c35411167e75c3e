import type { Random } from "../../src/core/index.js";

/**
 * A seeded, deterministic Random (sfc32) for tests: the same seed gives the same bytes and integers.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(42);
 * random.int(1, 6); // the same number on every run
 * ```
 */
export function createSeededRandom(seed = 1): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = next() & 0xff;
      return out;
    },
    int(min, max) {
      return min + (next() % (max - min + 1));
    },
  };
}
