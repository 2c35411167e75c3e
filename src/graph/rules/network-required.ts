import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule, ServiceFacts } from "../context.js";

const HOST_TOKEN = /[A-Za-z0-9][A-Za-z0-9_.-]*/g;

/** The services a service reaches: `depends_on`, registry dependencies and host names in its environment. */
function reached(
  service: ServiceFacts,
  registryDependencies: readonly string[],
  wanted: ReadonlySet<string>,
) {
  const found = new Set<string>();
  for (const d of service.dependencies) if (wanted.has(d.service)) found.add(d.service);
  for (const d of registryDependencies) if (wanted.has(d)) found.add(d);
  for (const value of service.environment.values()) {
    if (value === undefined) continue;
    for (const token of value.match(HOST_TOKEN) ?? []) if (wanted.has(token)) found.add(token);
  }
  return [...found];
}

/**
 * `network/required` (registry rule): a service of an application listed in a
 * `rules.required_networks` entry reaches shared infrastructure but is not on its network.
 */
export const networkRequired: Rule = {
  code: "network/required",
  severity: "error",
  description: "Services that use shared infrastructure are on its network",
  requires: "registry",
  check(context) {
    const registry = context.registry;
    if (registry === undefined || registry.requiredNetworks.length === 0) return [];
    const rules = registry.requiredNetworks.map((rule) => ({
      rule,
      apps: new Set(rule.applies_to.map((app) => app.toLowerCase())),
      targets: new Set(rule.required_for),
    }));
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.application === undefined) continue;
      const joined = new Set(service.networks.map((key) => context.networkName(key)));
      const registryDependencies = registry.services.get(service.name)?.entry.dependencies ?? [];
      for (const { rule, apps, targets } of rules) {
        if (!apps.has(service.application) || targets.has(service.name) || joined.has(rule.network)) continue;
        const needs = reached(service, registryDependencies, targets);
        if (needs.length === 0) continue;
        const hasNetworks = (service.service as Record<string, unknown>).networks !== undefined;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Service ${service.name} must be on ${rule.network} to access ${needs.join(", ")}`,
            {
              path: hasNetworks ? context.path(service.name, "networks") : context.path(service.name),
              hint: `Add ${rule.network} to the service's networks and declare it at the top level with external: true.`,
            },
          ),
        );
      }
    }
    return out;
  },
};
