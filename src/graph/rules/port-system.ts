import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import { DEFAULT_SYSTEM_PORT_TYPES } from "../../registry/lookup.js";
import type { Rule } from "../context.js";

/**
 * System ports that servers of their protocol publish on purpose: mail (SMTP, submission, POP3,
 * IMAP), DNS and LDAP. On a file checked without a registry they are not reported.
 */
const PROTOCOL_PORTS: ReadonlyMap<number, string> = new Map([
  [25, "SMTP"],
  [465, "SMTP over TLS"],
  [587, "mail submission"],
  [110, "POP3"],
  [995, "POP3 over TLS"],
  [143, "IMAP"],
  [993, "IMAP over TLS"],
  [53, "DNS"],
  [389, "LDAP"],
  [636, "LDAP over TLS"],
]);

/**
 * `port/system`: a service other than a reverse proxy publishes a system port (below 1024).
 *
 * Under a registry (the generated stacks' policy) it is an error for every type outside the
 * registry's `system_port_types`. Without one (a file slipway did not write) it is a warning, and
 * the legitimate cases draw nothing: proxies (nginx, caddy, traefik, haproxy, envoy… by service name
 * or image) and mail, DNS and LDAP ports.
 */
export const portSystem: Rule = {
  code: "port/system",
  severity: "error",
  description: "Only reverse proxies publish system ports (below 1024)",
  check(context) {
    const policy = context.registry !== undefined;
    const allowed = context.registry?.systemPortTypes ?? new Set(DEFAULT_SYSTEM_PORT_TYPES);
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.type !== undefined && allowed.has(service.type)) continue;
      for (const port of service.ports) {
        if (port.host === undefined || port.host.start >= 1024 || port.problems.length > 0) continue;
        if (!policy && PROTOCOL_PORTS.has(port.host.start)) continue;
        out.push(
          diagnostic(
            this.code,
            policy ? "error" : "warning",
            `Port ${port.host.start} of service ${service.name} is a system port`,
            {
              path: context.path(service.name, "ports", port.index),
              hint: policy
                ? "Publish a port of 1024 or above, and let a reverse proxy (nginx, caddy, traefik, haproxy, envoy) serve 80/443."
                : "Only proxies (nginx, caddy, traefik, haproxy, envoy by name or image) and mail, DNS and LDAP servers usually need a port below 1024; publish 1024 or above otherwise.",
            },
          ),
        );
      }
    }
    return out;
  },
};
