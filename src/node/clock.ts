import type { Clock } from "../core/index.js";

/**
 * The real clock, or a fixed one when `sourceDateEpoch` (seconds since 1970, as in the
 * reproducible-builds `SOURCE_DATE_EPOCH` convention) is given.
 *
 * @example
 * ```ts
 * const clock = createClock({ sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
 * clock.now(); // a fixed Date when the variable is set
 * ```
 */
export function createClock(options: { sourceDateEpoch?: string | number | undefined } = {}): Clock {
  const epoch = options.sourceDateEpoch;
  if (epoch === undefined || epoch === "") return { now: () => new Date() };
  const seconds = typeof epoch === "number" ? epoch : Number(epoch);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new RangeError(
      `SOURCE_DATE_EPOCH must be a non-negative integer number of seconds, got "${epoch}"`,
    );
  }
  const fixed = seconds * 1000;
  return { now: () => new Date(fixed) };
}
