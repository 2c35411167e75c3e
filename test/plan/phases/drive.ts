import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PLAN_STEPS } from "../../../src/plan/phases/index.js";
import {
  createExistingFiles,
  initialPlanState,
  type PhaseDeps,
  type PlanState,
} from "../../../src/plan/state.js";
import type { PlanInput } from "../../../src/plan/types.js";
import { fakePlanDeps } from "../../fakes/plan-deps.js";

const root = resolve(import.meta.dirname, "../../..");

/** The text of an example's architecture map. */
export const example = (name: string) =>
  readFileSync(resolve(root, "examples", name, "architecture.json"), "utf8");

/** Phase deps over the in-memory fakes, with `files` already in the output folder. */
export function phaseDeps(
  options: Parameters<typeof fakePlanDeps>[0] = {},
): PhaseDeps & ReturnType<typeof fakePlanDeps> {
  const deps = fakePlanDeps(options);
  return { ...deps, existing: createExistingFiles(deps.fs) };
}

/** The state right before the step named `phase`, built by running the steps before it. */
export async function stateBefore(phase: string, input: PlanInput, deps: PhaseDeps): Promise<PlanState> {
  let state = initialPlanState(input);
  for (const step of PLAN_STEPS) {
    if (step.name === phase) return state;
    const result = await step.run(state, deps);
    if (result.halt) throw new Error(`step ${step.name} halted: ${JSON.stringify(result.diagnostics)}`);
    state = { ...result.state, diagnostics: [...state.diagnostics, ...result.diagnostics] };
  }
  throw new Error(`no step named ${phase}`);
}
