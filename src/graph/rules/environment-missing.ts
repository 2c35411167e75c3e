import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import type { Rule } from "../context.js";

/** `environment/missing` (registry rule): a service lacks an environment variable its registry entry lists. */
export const environmentMissing: Rule = {
  code: "environment/missing",
  severity: "warning",
  description: "Every environment variable the registry lists is defined",
  requires: "registry",
  check(context) {
    const registry = context.registry;
    if (registry === undefined) return [];
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      const required = registry.services.get(service.name)?.entry.environment;
      if (required === undefined || required.length === 0) continue;
      // Values from env_file cannot be seen here; trust them.
      if ((service.service as Record<string, unknown>).env_file !== undefined) continue;
      const missing = required.filter((name) => !service.environment.has(name));
      if (missing.length === 0) continue;
      const hasEnvironment = (service.service as Record<string, unknown>).environment !== undefined;
      out.push(
        diagnostic(
          this.code,
          this.severity,
          `Service ${service.name} does not define ${missing.join(", ")}`,
          {
            path: hasEnvironment ? context.path(service.name, "environment") : context.path(service.name),
            hint: "Add the variables under environment:, each as a reference to the .env file.",
          },
        ),
      );
    }
    return out;
  },
};
