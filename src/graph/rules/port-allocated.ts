import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `port/allocated` (registry rule): a published port is allocated to another service in the registry. */
export const portAllocated: Rule = {
  code: "port/allocated",
  severity: "error",
  description: "No published port is allocated to another service",
  requires: "registry",
  check(context) {
    const registry = context.registry;
    if (registry === undefined || registry.allocations.size === 0) return [];
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      const names = new Set([service.name]);
      const containerName = (service.service as Record<string, unknown>).container_name;
      if (typeof containerName === "string") names.add(containerName);
      for (const port of service.ports) {
        if (port.host === undefined || port.problems.length > 0) continue;
        for (let p = port.host.start; p <= port.host.end; p++) {
          const allocation = registry.allocations.get(p);
          if (allocation === undefined || names.has(allocation.service)) continue;
          out.push(
            diagnostic(this.code, this.severity, `Port ${p} already allocated to ${allocation.service}`, {
              path: context.path(service.name, "ports", port.index),
              hint: "Take the next free port of the application's range (slipway's addService finds it).",
            }),
          );
          break;
        }
      }
    }
    return out;
  },
};
