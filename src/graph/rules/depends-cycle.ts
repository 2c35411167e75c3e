import { findCycles } from "../../core/cycles.js";
import type { Rule } from "../context.js";
import { cycleDiagnostic } from "../cycle-diagnostic.js";

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
