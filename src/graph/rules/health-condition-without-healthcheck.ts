import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/**
 * `health/condition-without-healthcheck`: `condition: service_healthy` on a service whose Compose
 * definition has no healthcheck. The image may declare one (`HEALTHCHECK` in its Dockerfile), which
 * slipway cannot see without pulling it, so this is a warning that says so: Compose fails at start
 * only when the image has none either.
 */
export const healthConditionWithoutHealthcheck: Rule = {
  code: "health/condition-without-healthcheck",
  severity: "warning",
  description: "Every service_healthy condition waits on a service with a healthcheck",
  check(context) {
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      for (const dependency of service.dependencies) {
        if (dependency.condition !== "service_healthy") continue;
        const target = context.byName.get(dependency.service);
        if (target === undefined || target.healthcheck) continue;
        out.push(
          diagnostic(
            this.code,
            this.severity,
            `Service ${service.name} waits for ${target.name} to be healthy, but ${target.name} defines no healthcheck here; this works only if its image declares a HEALTHCHECK`,
            {
              path: context.path(service.name, "depends_on", target.name, "condition"),
              hint: `Add a healthcheck to ${target.name} (or check that its image has one), or use condition: service_started.`,
            },
          ),
        );
      }
    }
    return out;
  },
};
