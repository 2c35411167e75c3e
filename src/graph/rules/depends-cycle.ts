import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";
import { findCycles } from "../cycles.js";
import { formatPath } from "../path.js";

/**
 * The diagnostic for one dependency cycle, given as `["a", "b", "a"]`.
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

/** `depends/cycle`: services that depend on each other, directly or through others. */
export const dependsCycle: Rule = {
  code: "depends/cycle",
  severity: "error",
  description: "No circular dependencies",
  check(context) {
    const adjacency = new Map<string, string[]>();
    for (const service of context.services)
      adjacency.set(
        service.name,
        service.dependencies.map((d) => d.service),
      );
    return findCycles(adjacency).map(cycleDiagnostic);
  },
};
