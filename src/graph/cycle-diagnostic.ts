import { type Diagnostic, diagnostic } from "../core/diagnostic.js";
import { formatPath } from "../core/path.js";

/**
 * The `depends/cycle` diagnostic for one dependency cycle, given as `["a", "b", "a"]`. Shared by the
 * rule and by {@link startupTiers}, so neither imports the other.
 *
 * @example
 * ```ts
 * cycleDiagnostic(["api", "worker", "api"]).message; // "Circular dependency: api → worker → api"
 * ```
 */
export function cycleDiagnostic(cycle: readonly string[]): Diagnostic {
  const [first = "", second = first] = cycle;
  return diagnostic("depends/cycle", "error", `Circular dependency: ${cycle.join(" → ")}`, {
    path: formatPath(["services", first, "depends_on", second]),
    hint: "Remove one of these depends_on entries; Compose cannot start services that wait for each other.",
  });
}
