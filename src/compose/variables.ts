import { scanInterpolation } from "../core/interpolation.js";
import type { ComposeFile } from "./model.js";

function walk(value: unknown, into: Set<string>): void {
  if (typeof value === "string") scanInterpolation(value, into);
  else if (Array.isArray(value)) for (const v of value) walk(v, into);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) walk(v, into);
}

/**
 * Every variable name a Compose model references through interpolation (`${VAR}`, `${VAR:-x}`,
 * `$VAR`; not the escaped `$$VAR`), sorted and without repeats. An env file that defines all of them
 * leaves docker-compose nothing to warn about.
 *
 * @example
 * ```ts
 * variablesUsed({ services: { db: { image: "postgres:17.6-alpine",
 *   environment: { POSTGRES_USER: "${POSTGRES_USER}" },
 *   healthcheck: { test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER}"] } } } });
 * // ["POSTGRES_USER"]
 * ```
 */
export function variablesUsed(model: ComposeFile): string[] {
  const names = new Set<string>();
  walk(model, names);
  return [...names].sort();
}

/**
 * The variables one string references (see {@link variablesUsed}).
 *
 * @example
 * ```ts
 * variablesIn("postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD:-x}@db/$$literal"); // ["POSTGRES_PASSWORD", "POSTGRES_USER"]
 * ```
 */
export function variablesIn(text: string): string[] {
  const names = new Set<string>();
  scanInterpolation(text, names);
  return [...names].sort();
}
