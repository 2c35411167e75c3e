/**
 * Shannon entropy of a string in bits per character (0 for the empty string).
 *
 * @example
 * ```ts
 * shannonEntropy("aaaa"); // 0
 * shannonEntropy("abcd"); // 2
 * ```
 */
export function shannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  // Counts of ASCII characters go to a scratch table that is cleared again before returning, so
  // nothing survives a call; other characters to a map.
  const counts = SCRATCH;
  let others: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) counts[c]!++;
    else {
      others ??= new Map();
      others.set(c, (others.get(c) ?? 0) + 1);
    }
  }
  let h = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128) continue;
    const count = counts[c]!;
    if (count === 0) continue;
    counts[c] = 0;
    const p = count / n;
    h -= p * Math.log2(p);
  }
  if (others !== undefined) {
    for (const count of others.values()) {
      const p = count / n;
      h -= p * Math.log2(p);
    }
  }
  return h;
}

/** Scratch counts for {@link shannonEntropy}; all zero between calls. */
const SCRATCH = new Uint32Array(128);

/** How many of the classes lower case, upper case, digit and other a string uses (0–4).
 *
 * @example
 * ```ts
 * characterClasses("abc"); // 1
 * characterClasses("aB3-"); // 4
 * ```
 */
export function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * The number of distinct characters in a string, counting at most `limit` (the scan stops there).
 * ASCII characters are tracked in a 128-bit set held in four integers: no allocation.
 *
 * @example
 * ```ts
 * distinctCharacters("aabbc"); // 3
 * distinctCharacters("abcdef", 3); // 3 (stops counting at the limit)
 * ```
 */
export function distinctCharacters(value: string, limit = Number.POSITIVE_INFINITY): number {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let count = 0;
  let others: Set<number> | undefined;
  for (let i = 0; i < value.length && count < limit; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      const bit = 1 << (c & 31);
      const word = c >> 5;
      if (word === 0) {
        if ((b0 & bit) === 0) {
          b0 |= bit;
          count++;
        }
      } else if (word === 1) {
        if ((b1 & bit) === 0) {
          b1 |= bit;
          count++;
        }
      } else if (word === 2) {
        if ((b2 & bit) === 0) {
          b2 |= bit;
          count++;
        }
      } else if ((b3 & bit) === 0) {
        b3 |= bit;
        count++;
      }
    } else {
      others ??= new Set();
      if (!others.has(c)) {
        others.add(c);
        count++;
      }
    }
  }
  return count;
}

/**
 * True when a value looks machine-generated rather than like a word or a setting: long enough,
 * mixing character classes, with enough entropy. Used for values of keys named like SECRET or
 * TOKEN, where ordinary settings (`Bearer`, `HS256`, `cookie`) are common.
 *
 * @example
 * ```ts
 * looksRandom("Bearer"); // false
 * looksRandom("q8Jv2LmZ0pXr7TnB"); // true
 * ```
 */
export function looksRandom(value: string): boolean {
  const n = value.length;
  if (n < 8) return false;
  if (distinctCharacters(value, 6) < 6) return false;
  const h = shannonEntropy(value);
  if (n >= 16 && h >= 3) return true;
  return h >= 2.5 && characterClasses(value) >= 2;
}
