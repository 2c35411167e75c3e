import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `port/out-of-range` (registry rule): a published port lies outside the range of the service's application. */
export const portOutOfRange: Rule = {
  code: "port/out-of-range",
  severity: "error",
  description: "Every published port is within its application's range",
  requires: "registry",
  check(context) {
    const registry = context.registry;
    if (registry === undefined) return [];
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.application === undefined) continue;
      const range = registry.ranges.get(service.application);
      if (range === undefined) continue;
      const systemAllowed = service.type !== undefined && registry.systemPortTypes.has(service.type);
      for (const port of service.ports) {
        if (port.host === undefined || port.problems.length > 0) continue;
        const { start, end } = port.host;
        if (start >= range.start && end <= range.end) continue;
        // System ports of reverse proxies are the registry's one exception to ranges.
        if (systemAllowed && end < 1024) continue;
        const shown = start === end ? `${start}` : `${start}-${end}`;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Port ${shown} for app ${service.application} must be in range ${range.start}-${range.end}`,
            {
              path: context.path(service.name, "ports", port.index),
              hint: `Pick a free port between ${range.start} and ${range.end} and record it in the registry.`,
            },
          ),
        );
      }
    }
    return out;
  },
};
