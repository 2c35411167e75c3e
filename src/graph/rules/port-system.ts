import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import { DEFAULT_SYSTEM_PORT_TYPES } from "../../registry/lookup.js";
import type { Rule } from "../context.js";

/** `port/system`: a service other than a reverse proxy publishes a system port (below 1024). */
export const portSystem: Rule = {
  code: "port/system",
  severity: "error",
  description: "Only reverse proxies publish system ports (below 1024)",
  check(context) {
    const allowed = context.registry?.systemPortTypes ?? new Set(DEFAULT_SYSTEM_PORT_TYPES);
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.type !== undefined && allowed.has(service.type)) continue;
      for (const port of service.ports) {
        if (port.host === undefined || port.host.start >= 1024 || port.problems.length > 0) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Port ${port.host.start} of service ${service.name} is a system port`,
            {
              path: context.path(service.name, "ports", port.index),
              hint: "Publish a port of 1024 or above, and let a reverse proxy (nginx, caddy, traefik, haproxy, envoy) serve 80/443.",
            },
          ),
        );
      }
    }
    return out;
  },
};
