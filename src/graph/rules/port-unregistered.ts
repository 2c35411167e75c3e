import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `port/unregistered` (registry rule): a registry service publishes a port the registry has not allocated. */
export const portUnregistered: Rule = {
  code: "port/unregistered",
  severity: "warning",
  description: "Every published port of a registry service is allocated in the registry",
  requires: "registry",
  check(context) {
    const registry = context.registry;
    if (registry === undefined) return [];
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.application === undefined) continue;
      for (const port of service.ports) {
        if (port.host === undefined || port.problems.length > 0 || port.host.end - port.host.start > 0)
          continue;
        if (registry.allocations.has(port.host.start)) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Port ${port.host.start} of service ${service.name} is not allocated in the registry`,
            {
              path: context.path(service.name, "ports", port.index),
              hint: "Add it to port_registry.allocated so no other service takes it.",
            },
          ),
        );
      }
    }
    return out;
  },
};
