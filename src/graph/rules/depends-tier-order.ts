import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule, ServiceFacts } from "../context.js";

/**
 * The start tiers slipway assumes when no registry names one, after the registry's own tiers:
 * data stores first, search second, monitoring third, APIs fifth, frontends sixth. Proxies get no
 * default tier: a reverse proxy commonly waits for the services it routes to.
 */
export const DEFAULT_TIERS: Readonly<Record<string, number>> = {
  database: 1,
  cache: 1,
  queue: 1,
  storage: 1,
  search: 2,
  monitoring: 3,
  api: 5,
  frontend: 6,
};

function tierOf(service: ServiceFacts): { tier: number; explicit: boolean } | undefined {
  if (service.tier !== undefined) return { tier: service.tier, explicit: true };
  const tier = service.type === undefined ? undefined : DEFAULT_TIERS[service.type];
  return tier === undefined ? undefined : { tier, explicit: false };
}

/** `depends/tier-order`: a service belongs to a tier that starts before one of its dependencies. */
export const dependsTierOrder: Rule = {
  code: "depends/tier-order",
  severity: "warning",
  description: "Every service starts in a tier after its dependencies",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      const own = tierOf(service);
      if (own === undefined) continue;
      for (const dependency of service.dependencies) {
        const target = context.byName.get(dependency.service);
        if (target === undefined || target === service) continue;
        const theirs = tierOf(target);
        if (theirs === undefined) continue;
        // Explicit registry tiers must be strictly ordered; inferred ones only must not go backwards.
        const wrong = own.explicit && theirs.explicit ? own.tier <= theirs.tier : own.tier < theirs.tier;
        if (!wrong) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Service ${service.name} should start after ${target.name} (tier ${own.tier} depends on tier ${theirs.tier})`,
            {
              path: context.path(service.name, "depends_on", target.name),
              hint: "Move the service to a later tier, or drop the dependency if it is not needed.",
            },
          ),
        );
      }
    }
    return out;
  },
};
