import type { ComposeFile } from "../compose/model.js";
import type { Diagnostic } from "../core/diagnostic.js";
import type { Rule } from "./context.js";
import { createRuleContext, type ValidateDeps } from "./context.js";
import { RULES } from "./rules/index.js";

/**
 * The rules that can run with these deps: registry rules need `registry`, Docker rules `docker`,
 * `network/internal-isolation` the production environment; `deps.rules` narrows further. A report
 * shows a PASS line for each of these that found nothing.
 *
 * @example
 * ```ts
 * applicableRules({}).some((rule) => rule.code === "port/out-of-range"); // false
 * ```
 */
export function applicableRules(deps: ValidateDeps = {}): Rule[] {
  const only = deps.rules === undefined ? undefined : new Set(deps.rules);
  return RULES.filter((rule) => {
    if (only !== undefined && !only.has(rule.code)) return false;
    if (rule.requires === "registry") return deps.registry !== undefined;
    if (rule.requires === "docker") return deps.docker !== undefined;
    if (rule.requires === "production") return deps.environment === "production";
    return true;
  });
}

/**
 * Checks a Compose model against every rule in {@link RULES} (or only `deps.rules`) and returns all
 * problems at once, rule by rule in report order. Registry rules run only with `deps.registry`,
 * `network/exists` and `network/external-missing` only with a reachable `deps.docker`, and
 * `network/internal-isolation` only for `environment: "production"`. Linear in services, ports,
 * volumes and dependencies. Never throws on bad input; a broken DockerProbe's error propagates.
 *
 * @example
 * ```ts
 * const diagnostics = await validateCompose(compose, { registry, application: "prism" });
 * for (const d of diagnostics) console.log(d.code, d.path); // "port/out-of-range" "services.prism-backend.ports[0]"
 * ```
 */
export async function validateCompose(compose: ComposeFile, deps: ValidateDeps = {}): Promise<Diagnostic[]> {
  const context = createRuleContext(compose, deps);
  const only = deps.rules === undefined ? undefined : new Set(deps.rules);
  const rules = only === undefined ? RULES : RULES.filter((rule) => only.has(rule.code));
  const results = await Promise.all(rules.map((rule) => rule.check(context)));
  return results.flat();
}
