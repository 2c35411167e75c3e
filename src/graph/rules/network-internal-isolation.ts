import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/**
 * `network/internal-isolation` (production only): a service joins no internal network, so nothing
 * keeps it apart from the outside. Reverse proxies are exempt: they face the outside by design.
 */
export const networkInternalIsolation: Rule = {
  code: "network/internal-isolation",
  severity: "warning",
  description: "Production services use an internal network",
  requires: "production",
  check(context) {
    if (context.deps.environment !== "production" || context.registry?.internalIsolation === false) return [];
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.type === "proxy" || service.networks.length === 0) continue;
      if (service.networks.some((key) => context.networks.get(key)?.internal === true)) continue;
      const hasNetworks = (service.service as Record<string, unknown>).networks !== undefined;
      out.push(
        diagnostic(this.code, this.severity, `Service ${service.name} is on no internal network`, {
          path: hasNetworks ? context.path(service.name, "networks") : context.path(service.name),
          hint: "Declare a network with internal: true for service-to-service traffic and add it to the service.",
        }),
      );
    }
    return out;
  },
};
