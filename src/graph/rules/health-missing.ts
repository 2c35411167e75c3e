import { type Diagnostic, diagnostic } from "../../core/diagnostic.js";
import { DEFAULT_CRITICAL_TYPES } from "../../registry/lookup.js";
import type { Rule } from "../context.js";

const HINTS: Readonly<Record<string, string>> = {
  database: 'Add a healthcheck, e.g. test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"] for PostgreSQL.',
  cache: 'Add a healthcheck, e.g. test: ["CMD", "redis-cli", "ping"].',
  api: 'Add a healthcheck that calls the service\'s health endpoint, e.g. test: ["CMD", "curl", "-f", "http://localhost:8000/health"].',
};

/**
 * `health/missing`: a critical service (database, cache, api by default) has no healthcheck.
 * An error under a registry (the generated stacks' policy); on a file checked without one, a
 * warning: Compose runs such a file, it only cannot tell when the service is ready.
 */
export const healthMissing: Rule = {
  code: "health/missing",
  severity: "error",
  description: "Critical services (database, cache, api) define a healthcheck",
  check(context) {
    const critical = context.registry?.criticalTypes ?? new Set(DEFAULT_CRITICAL_TYPES);
    const out: Diagnostic[] = [];
    for (const service of context.services) {
      if (service.healthcheck || service.type === undefined || !critical.has(service.type)) continue;
      out.push(
        diagnostic(
          this.code,
          context.registry === undefined ? "warning" : this.severity,
          `Critical service ${service.name} (${service.type}) must define a healthcheck`,
          {
            path: context.path(service.name),
            hint: HINTS[service.type] ?? "Add a healthcheck that tells when the service is ready.",
          },
        ),
      );
    }
    return out;
  },
};
