import type { Diagnostic } from "./diagnostic.js";
import { hasErrors } from "./diagnostic.js";

/**
 * The outcome of a function that can fail on its input.
 *
 * A success may still carry warnings and infos in `diagnostics`; a failure carries at least one
 * error, and every problem found, not just the first.
 */
export type Result<T> =
  | { ok: true; value: T; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * A successful result, with optional non-error diagnostics.
 *
 * @example
 * ```ts
 * const r = ok(5434); // { ok: true, value: 5434, diagnostics: [] }
 * ```
 */
export function ok<T>(value: T, diagnostics: Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

/**
 * A failed result.
 *
 * @example
 * ```ts
 * const r = fail([{ code: "map/invalid-json", severity: "error", message: "Unexpected token" }]);
 * ```
 */
export function fail<T = never>(diagnostics: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

/**
 * A result from a value and the diagnostics found while building it: a failure when any diagnostic
 * is an error, otherwise a success carrying the warnings.
 *
 * @example
 * ```ts
 * const r = resultOf(map, diagnostics);
 * if (!r.ok) console.error(r.diagnostics);
 * ```
 */
export function resultOf<T>(value: T, diagnostics: Diagnostic[]): Result<T> {
  return hasErrors(diagnostics) ? fail(diagnostics) : ok(value, diagnostics);
}
