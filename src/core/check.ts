/**
 * The outcome of one check that needs something it may not reach (a Docker engine, a pinned
 * digest, a probe): it `passed`, it `failed`, or it was `not-checked` — never a pass by default.
 */
export type CheckStatus = "passed" | "failed" | "not-checked";

/** A check that did not run, and why. */
export interface SkippedCheck {
  /** What was not checked: `networks`, `images`, `disk`, a service name… */
  check: string;
  /** Why it did not run, in words a user can act on: "no Docker engine answers". */
  reason: string;
  /** Where in the input the check belongs, when it belongs to one place (`services.web.image`). */
  path?: string;
}

/**
 * The status of a group of checks: `failed` when one failed, else `not-checked` when one did not
 * run, else `passed` (also for no checks at all).
 *
 * @example
 * ```ts
 * combineChecks(["passed", "not-checked"]); // "not-checked"
 * combineChecks(["not-checked", "failed"]); // "failed"
 * ```
 */
export function combineChecks(statuses: Iterable<CheckStatus>): CheckStatus {
  let out: CheckStatus = "passed";
  for (const status of statuses) {
    if (status === "failed") return "failed";
    if (status === "not-checked") out = "not-checked";
  }
  return out;
}
