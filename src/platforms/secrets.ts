import type { PlatformInput } from "./types.js";

/** Names that hold secrets whatever their value (the env module's rule). */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL|DSN|_KEY$/;

/**
 * Which variables are secrets: those the input names, those whose name says so (`…PASSWORD`,
 * `…SECRET…`, `…TOKEN`, `…_KEY`), and those whose value in any environment holds a `${…}` reference
 * (a value the environment's file only refers to is set elsewhere).
 *
 * @example
 * ```ts
 * const isSecret = secretPredicate({ secrets: [], environments: { staging: { variables: { DB_URL: "${STAGING_DB_URL}" } } } });
 * isSecret("DB_URL");      // true
 * isSecret("JWT_SECRET");  // true
 * isSecret("LOG_LEVEL");   // false
 * ```
 */
export function secretPredicate(
  input: Pick<PlatformInput, "secrets" | "environments">,
): (name: string) => boolean {
  const named = new Set(input.secrets);
  for (const environment of Object.values(input.environments)) {
    for (const [name, value] of Object.entries(environment?.variables ?? {})) {
      if (value.includes("${")) named.add(name);
    }
  }
  return (name) => named.has(name) || SECRET_NAME.test(name);
}
