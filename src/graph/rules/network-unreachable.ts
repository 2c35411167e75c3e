import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `network/unreachable`: a service shares no network with a service it depends on. */
export const networkUnreachable: Rule = {
  code: "network/unreachable",
  severity: "error",
  description: "Every service shares a network with its dependencies",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.networks.length === 0) continue; // network_mode: host, service:x, none
      const own = new Set(service.networks);
      for (const dependency of service.dependencies) {
        const target = context.byName.get(dependency.service);
        if (target === undefined || target === service || target.networks.length === 0) continue;
        if (target.networks.some((network) => own.has(network))) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Service ${service.name} shares no network with its dependency ${target.name}`,
            {
              path: context.path(service.name, "depends_on", target.name),
              hint: `Add one of ${target.networks.join(", ")} to the networks of ${service.name}.`,
            },
          ),
        );
      }
    }
    return out;
  },
};
