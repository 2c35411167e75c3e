import { randomBytes, randomInt } from "node:crypto";
import type { Random } from "../core/index.js";

/**
 * A cryptographically secure Random backed by `node:crypto`.
 *
 * @example
 * ```ts
 * const random = createCryptoRandom();
 * random.int(10000, 20000); // uniformly chosen, inclusive
 * ```
 */
export function createCryptoRandom(): Random {
  return {
    bytes: (n) => new Uint8Array(randomBytes(n)),
    int: (min, max) => randomInt(min, max + 1),
  };
}
