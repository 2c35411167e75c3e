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
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const count of counts.values()) {
    const p = count / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of the classes lower case, upper case, digit and other a string uses (0–4). */
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

/** The number of distinct characters in a string. */
export function distinctCharacters(value: string): number {
  return new Set(value).size;
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
  const h = shannonEntropy(value);
  if (n >= 16 && h >= 3) return true;
  return characterClasses(value) >= 2 && h >= 2.5 && distinctCharacters(value) >= 6;
}
