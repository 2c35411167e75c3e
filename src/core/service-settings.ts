import { variablePrefix } from "./variables.js";

/** One container variable an infrastructure entry of the map sets, and the env-file variable it reads. */
export interface ServiceSetting {
  /** The container variable, as the map names it (`PGTZ`). */
  key: string;
  /** The env-file variable the Compose file references (`POSTGRES_PGTZ`). */
  variable: string;
  /** The value the map gives, for the env files. */
  value: string;
}

/**
 * The env-file variable that carries a container variable of a service: the key under the service's
 * prefix (`postgres`, `PGTZ` → `POSTGRES_PGTZ`), or the key itself when it already starts with the
 * prefix (`postgres`, `POSTGRES_INITDB_ARGS` → `POSTGRES_INITDB_ARGS`). Two services setting the
 * same key thus never share a variable, as their credentials never do.
 *
 * @example
 * ```ts
 * settingVariable("analytics-db", "TZ"); // "ANALYTICS_DB_TZ"
 * settingVariable("postgres", "POSTGRES_INITDB_ARGS"); // "POSTGRES_INITDB_ARGS"
 * ```
 */
export function settingVariable(serviceName: string, key: string): string {
  const prefix = variablePrefix(serviceName);
  return key.startsWith(`${prefix}_`) ? key : `${prefix}_${key}`;
}

/**
 * The settings of a service in key order: the Compose file writes each as `key: ${variable}`, the
 * env files define `variable` (secrets, by key name, only in the development file).
 *
 * @example
 * ```ts
 * serviceSettings("postgres", { PGTZ: "UTC" }); // [{ key: "PGTZ", variable: "POSTGRES_PGTZ", value: "UTC" }]
 * ```
 */
export function serviceSettings(
  serviceName: string,
  environment: Readonly<Record<string, string>> | undefined,
): ServiceSetting[] {
  return Object.keys(environment ?? {})
    .sort()
    .map((key) => ({ key, variable: settingVariable(serviceName, key), value: environment![key]! }));
}
