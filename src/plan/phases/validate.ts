import type { Diagnostic } from "../../core/index.js";
import { startupTiers, validateCompose } from "../../graph/index.js";
import { mapImages } from "../images.js";
import { serviceType } from "../rows.js";
import { need, type PhaseDeps, type PhaseResult, type PlanState } from "../state.js";

/**
 * The `services.<name>` paths of apps built from the user's own Dockerfile: they get no healthcheck
 * on purpose, so the graph's `health/missing` is replaced by one warning in the files phase.
 *
 * @example
 * ```ts
 * uncheckedApps(map).keys(); // ["services.api"]
 * ```
 */
export function uncheckedApps(
  map: NonNullable<PlanState["map"]>,
): Map<string, NonNullable<PlanState["map"]>["apps"][number]> {
  return new Map(
    map.apps
      .filter((a) => a.customFramework !== undefined)
      .map((a): [string, (typeof map.apps)[number]] => [`services.${a.name}`, a]),
  );
}

/**
 * The validate phase: checks the Compose model's dependency graph, networks, volumes and ports
 * with the graph rules (and the registry's, when given), and computes the start order.
 *
 * @example
 * ```ts
 * const { state, diagnostics } = await validatePhase(afterTemplates, deps);
 * state.validation?.tiers; // [["postgres"], ["backend"]]
 * ```
 */
export async function validatePhase(state: PlanState, deps: PhaseDeps): Promise<PhaseResult> {
  const { input, environment, composePath } = state;
  const { map, rows } = need(state.source, "source");
  const { model } = need(state.compose, "compose");
  // The rules see each service as what the map says it is, not what its name suggests: a worker
  // named `api-sync` is no API, and needs no healthcheck.
  const types: Record<string, string> = {};
  for (const row of rows) types[row.name] = serviceType(row.kind);
  // An image entry is what its `type` says; without one the rules judge it by its image name.
  for (const image of mapImages(map)) if (image.type !== undefined) types[image.name] = image.type;
  const graphDiagnostics = await validateCompose(model, {
    environment,
    types,
    ...(input.registry ? { registry: input.registry.registry, application: input.registry.application } : {}),
    ...(deps.docker ? { docker: deps.docker } : {}),
  });
  const unchecked = uncheckedApps(map);
  const diagnostics: Diagnostic[] = [];
  for (const d of graphDiagnostics) {
    if (d.code === "health/missing" && d.path !== undefined && unchecked.has(d.path)) continue;
    diagnostics.push(d.file === undefined ? { ...d, file: composePath } : d);
  }
  const tiers = startupTiers(model);
  return {
    state: {
      ...state,
      validation: { graphDiagnostics, tiers: tiers.ok ? tiers.value : [], tiersOk: tiers.ok },
    },
    diagnostics,
  };
}
