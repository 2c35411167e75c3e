import { scanInterpolation } from "./interpolation.js";
import { variablePrefix } from "./variables.js";

/** One container variable an infrastructure entry of the map sets, and the env-file variable it reads. */
export interface ServiceSetting {
  /** The container variable, as the map names it (`PGTZ`). */
  key: string;
  /** The env-file variable the Compose file references (`POSTGRES_PGTZ`). */
  variable: string;
  /** The value the map gives, for the env files. */
  value: string;
  /**
   * The variables the value references with Compose interpolation (`"${STRIPE_KEY}"`,
   * `"postgres://app:${POSTGRES_PASSWORD}@postgres/app"`), when it references any. Such a value is
   * written into the Compose file as it is, for Compose to fill in, and defines no env-file variable.
   */
  references?: string[];
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
 * env files define `variable` (secrets, by key name, only in the development file). A value that
 * references variables itself (`${STRIPE_KEY}`) is written as it is and carries `references`.
 *
 * @example
 * ```ts
 * serviceSettings("postgres", { PGTZ: "UTC" }); // [{ key: "PGTZ", variable: "POSTGRES_PGTZ", value: "UTC" }]
 * serviceSettings("search", { API_KEY: "${STRIPE_KEY}" })[0]?.references; // ["STRIPE_KEY"]
 * ```
 */
export function serviceSettings(
  serviceName: string,
  environment: Readonly<Record<string, string>> | undefined,
): ServiceSetting[] {
  return Object.keys(environment ?? {})
    .sort()
    .map((key) => {
      const value = environment![key]!;
      const names = new Set<string>();
      scanInterpolation(value, names);
      const setting: ServiceSetting = { key, variable: settingVariable(serviceName, key), value };
      if (names.size > 0) setting.references = [...names].sort();
      return setting;
    });
}

/**
 * What the Compose file writes for a setting: a reference to its env-file variable, or the value as
 * the map gives it when the value references variables itself.
 *
 * @example
 * ```ts
 * settingValue({ key: "PGTZ", variable: "POSTGRES_PGTZ", value: "UTC" }); // "${POSTGRES_PGTZ}"
 * settingValue({ key: "API_KEY", variable: "SEARCH_API_KEY", value: "${STRIPE_KEY}", references: ["STRIPE_KEY"] }); // "${STRIPE_KEY}"
 * ```
 */
export function settingValue(setting: ServiceSetting): string {
  return setting.references === undefined ? `\${${setting.variable}}` : setting.value;
}
